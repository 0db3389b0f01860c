//! Client dossiers: the list, a new client, the dossier, editing its ordinary data.

mod agenda;
mod assignments;
mod documents;
mod journal;
mod overview;
mod reports;
mod time;
mod trajectories;

pub use time::{activity_label, hours, Totals};

pub use trajectories::{goal_status_label, trajectory_status_label};

use leptos::prelude::*;

use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::clients::{
    client_dossier, dossier_access, list_clients, AccessDto, ArchiveClient, ChangeAccess, Choice,
    ClientsPage as PageDto, CreateClient, DossierDto, DossierTab, InviteClient, RestrictClient,
    UpdateClient,
};
use crate::api::privacy::EraseClient as EraseClientAction;
use crate::api::trajectories::{dossier_trajectories, TrajectoryDto, TrajectoryStatus};
use crate::components::errors::{action_error, banner_error, FieldError, FormError, LoadError};
use crate::components::form::{TextArea, TextField, CARD, INPUT, PRIMARY_BUTTON, SMALL_BUTTON};
use crate::components::section::Section;
use crate::error::AppError;
use crate::i18n::*;

/// The dossier's trajectories, for the forms that link to one.
pub(crate) type TrajectoryChoices = Resource<Result<Vec<TrajectoryDto>, AppError>>;

/// "Which trajectory is this about?", optional.
#[component]
pub(crate) fn TrajectorySelect(
    id: String,
    /// The form field's name: `trajectory_id`, or `input[trajectory_id]` in a form struct.
    #[prop(default = "trajectory_id")]
    name: &'static str,
    selected: Option<i32>,
    trajectories: TrajectoryChoices,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error_id = format!("{id}-error");
    let select_id = id.clone();
    view! {
        <div>
            <label for=id.clone() class="block font-medium">{t!(i18n, reports.trajectory)}</label>
            <Suspense fallback=move || view! {
                <select id=id.clone() name=name class=INPUT>
                    <option value="">{t!(i18n, reports.no_trajectory)}</option>
                </select>
            }>
                {move || {
                    let select_id = select_id.clone();
                    Suspend::new(async move {
                        let rows = trajectories.await.unwrap_or_default();
                        view! {
                            <select id=select_id name=name class=INPUT>
                                <option value="">{t!(i18n, reports.no_trajectory)}</option>
                                {rows.into_iter().map(|t| view! {
                                    <option value=t.id selected=selected == Some(t.id)>{t.title}</option>
                                }).collect_view()}
                            </select>
                        }
                    })
                }}
            </Suspense>
            <FieldError error field="trajectory_id" id=error_id />
        </div>
    }
}

/// The filters of the list, read from the address so that they work without JavaScript,
/// survive a reload and can be bookmarked.
#[derive(Clone, PartialEq)]
struct Filter {
    q: String,
    coach: Option<i32>,
    team: Option<i32>,
    archived: bool,
    status: String,
    page: u64,
}

impl Filter {
    /// The address of this filter on another page.
    fn href(&self, page: u64) -> String {
        let mut parts = vec![];
        if !self.q.is_empty() {
            parts.push(format!("q={}", encode(&self.q)));
        }
        if let Some(coach) = self.coach {
            parts.push(format!("coach={coach}"));
        }
        if let Some(team) = self.team {
            parts.push(format!("team={team}"));
        }
        if self.archived {
            parts.push("archived=true".to_string());
        }
        if !self.status.is_empty() {
            parts.push(format!("status={}", encode(&self.status)));
        }
        if page > 0 {
            parts.push(format!("page={page}"));
        }
        if parts.is_empty() {
            "/clients".to_string()
        } else {
            format!("/clients?{}", parts.join("&"))
        }
    }
}

fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[component]
pub fn ClientsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let filter = move || {
        query.with(|q| Filter {
            q: q.get("q").unwrap_or_default(),
            coach: q.get("coach").and_then(|v| v.parse().ok()),
            team: q.get("team").and_then(|v| v.parse().ok()),
            archived: q.get("archived").is_some_and(|v| v == "true"),
            status: q.get("status").unwrap_or_default(),
            page: q.get("page").and_then(|v| v.parse().ok()).unwrap_or(0),
        })
    };
    let data = Resource::new(filter, |f| {
        list_clients(f.q, f.coach, f.team, f.archived, f.status, f.page)
    });
    // After an erasure: its reference, shown only when it looks like one (it comes from
    // the address).
    let erased = move || {
        query.with(|q| {
            q.get("erased").filter(|r| {
                r.len() == 11
                    && r.starts_with("W-")
                    && r.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            })
        })
    };
    view! {
        <Title text=t_string!(i18n, clients.title).to_string() />
        <div class="flex flex-wrap items-center justify-between gap-3">
            <h1 class="text-2xl font-bold">{t!(i18n, clients.title)}</h1>
            <a href="/clients/new" class=PRIMARY_BUTTON>{t!(i18n, clients.new)}</a>
        </div>
        {move || erased().map(|reference| view! {
            <p role="status" class="mt-4 rounded-md bg-teal-50 px-3 py-2 text-teal-900">{t!(i18n, erase.done, reference = reference)}</p>
        })}
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                let current = filter();
                match data.await {
                    Ok(page) => view! { <ClientList page current /> }.into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ClientList(page: PageDto, current: Filter) -> impl IntoView {
    let i18n = use_i18n();
    let option = |choice: &Choice, selected: Option<i32>| {
        view! { <option value=choice.id selected=selected == Some(choice.id)>{choice.name.clone()}</option> }
    };
    let previous = (page.page > 0).then(|| current.href(page.page - 1));
    let next = page.has_next.then(|| current.href(page.page + 1));
    view! {
        <form method="get" action="/clients" role="search" class="mt-4 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-4">
            <div class="sm:col-span-2">
                <label for="q" class="block font-medium">{t!(i18n, clients.search)}</label>
                <input id="q" name="q" type="search" value=current.q.clone() class=INPUT />
            </div>
            <div>
                <label for="coach" class="block font-medium">{t!(i18n, clients.coach)}</label>
                <select id="coach" name="coach" class=INPUT>
                    <option value="">{t!(i18n, clients.all_coaches)}</option>
                    {page.coaches.iter().map(|c| option(c, current.coach)).collect_view()}
                </select>
            </div>
            <div>
                <label for="team" class="block font-medium">{t!(i18n, clients.team)}</label>
                <select id="team" name="team" class=INPUT>
                    <option value="">{t!(i18n, clients.all_teams)}</option>
                    {page.teams.iter().map(|t| option(t, current.team)).collect_view()}
                </select>
            </div>
            <div>
                <label for="status" class="block font-medium">{t!(i18n, clients.trajectory_status)}</label>
                <select id="status" name="status" class=INPUT>
                    <option value="">{t!(i18n, clients.any_status)}</option>
                    {TrajectoryStatus::ALL.iter().map(|status| view! {
                        <option value=status.as_str() selected=current.status == status.as_str()>{trajectory_status_label(i18n, *status)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="flex items-center gap-2">
                <input id="archived" name="archived" type="checkbox" value="true" checked=current.archived class="h-5 w-5 accent-teal-700" />
                <label for="archived">{t!(i18n, clients.archived)}</label>
            </div>
            <div class="sm:col-span-2 lg:col-span-2 flex items-end justify-end">
                <button type="submit" class=PRIMARY_BUTTON>{t!(i18n, clients.filter)}</button>
            </div>
        </form>
        {if page.rows.is_empty() {
            view! { <p class="mt-6 text-slate-600">{t!(i18n, clients.none)}</p> }.into_any()
        } else {
            view! {
                <ul class="mt-4 divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" aria-label=t_string!(i18n, clients.title)>
                    {page.rows.into_iter().map(|row| view! {
                        <li>
                            <a href=format!("/clients/{}", row.id) class="flex min-h-14 flex-wrap items-center justify-between gap-2 px-4 py-3 hover:bg-slate-50">
                                <span class="font-medium text-teal-900">{row.name.clone()}</span>
                                <span class="text-sm text-slate-600">
                                    {row.email.clone().unwrap_or_default()}
                                    {row.responsible.clone().map(|r| format!(" · {r}"))}
                                </span>
                            </a>
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        <nav class="mt-4 flex justify-between" aria-label=t_string!(i18n, clients.pages)>
            {previous.map(|href| view! { <a class=SMALL_BUTTON href=href>{t!(i18n, clients.previous)}</a> })}
            <span></span>
            {next.map(|href| view! { <a class=SMALL_BUTTON href=href>{t!(i18n, clients.next)}</a> })}
        </nav>
        <ExportForm coaches=page.coaches teams=page.teams />
        {page.organization_copy.then(|| view! { <OrganizationCopy /> })}
    }
}

/// The whole practice in one file, for its owners until the subscription's last day.
#[component]
fn OrganizationCopy() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section id="copy" class=CARD aria-labelledby="copy-heading">
            <h2 id="copy-heading" class="text-lg font-semibold">{t!(i18n, clients.copy_heading)}</h2>
            <p class="mt-1 text-sm text-slate-700">{t!(i18n, clients.copy_intro)}</p>
            <p class="mt-3">
                <a class=SMALL_BUTTON href="/organization/copy.zip" download rel="external">{t!(i18n, clients.copy_link)}</a>
            </p>
        </section>
    }
}

/// The exports to Excel and Word: a plain GET form that downloads the file its button
/// names (`formaction`), with and without JavaScript. A refused filter comes back here (`export_error` names the fields) with
/// what was chosen still filled in.
#[component]
fn ExportForm(coaches: Vec<Choice>, teams: Vec<Choice>) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let kept =
        move |name: &str| query.with(|q| q.get(&format!("export_{name}")).unwrap_or_default());
    let refused = move |name: &str| {
        query.with(|q| {
            q.get("export_error")
                .is_some_and(|fields| fields.split(',').any(|f| f == name))
        })
    };
    let date_error = move |name: &'static str| {
        refused(name).then(|| view! {
            <p id=format!("export-{name}-error") class="mt-1 text-sm font-medium text-red-800">{t!(i18n, clients.export_bad_date)}</p>
        })
    };
    let choice_error = move |name: &'static str| {
        refused(name).then(|| view! {
            <p id=format!("export-{name}-error") class="mt-1 text-sm font-medium text-red-800">{t!(i18n, clients.export_bad_choice)}</p>
        })
    };
    let (coach, team, archived) = (kept("coach"), kept("team"), kept("archived"));
    view! {
        <section id="export" class=CARD aria-labelledby="export-heading">
            <h2 id="export-heading" class="text-lg font-semibold">{t!(i18n, clients.export_heading)}</h2>
            <p class="mt-1 text-sm text-slate-700">{t!(i18n, clients.export_intro)}</p>
            <form method="get" action="/exports/clients.xlsx" class="mt-3 grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
                <div>
                    <label for="export-from" class="block font-medium">{t!(i18n, clients.export_from)}</label>
                    <input id="export-from" name="from" type="date" class=INPUT value=kept("from") aria-invalid=refused("from").then_some("true") />
                    {date_error("from")}
                </div>
                <div>
                    <label for="export-to" class="block font-medium">{t!(i18n, clients.export_to)}</label>
                    <input id="export-to" name="to" type="date" class=INPUT value=kept("to") aria-invalid=refused("to").then_some("true") />
                    {date_error("to")}
                </div>
                <div>
                    <label for="export-archived" class="block font-medium">{t!(i18n, clients.export_which)}</label>
                    <select id="export-archived" name="archived" class=INPUT>
                        <option value="active" selected={archived.is_empty() || archived == "active"}>{t!(i18n, clients.export_active)}</option>
                        <option value="archived" selected=archived == "archived">{t!(i18n, clients.export_archived)}</option>
                        <option value="all" selected=archived == "all">{t!(i18n, clients.export_all)}</option>
                    </select>
                    {choice_error("archived")}
                </div>
                <div>
                    <label for="export-coach" class="block font-medium">{t!(i18n, clients.coach)}</label>
                    <select id="export-coach" name="coach" class=INPUT>
                        <option value="">{t!(i18n, clients.all_coaches)}</option>
                        {coaches.into_iter().map(|c| {
                            let selected = coach == c.id.to_string();
                            view! { <option value=c.id selected=selected>{c.name}</option> }
                        }).collect_view()}
                    </select>
                    {choice_error("coach")}
                </div>
                <div>
                    <label for="export-team" class="block font-medium">{t!(i18n, clients.team)}</label>
                    <select id="export-team" name="team" class=INPUT>
                        <option value="">{t!(i18n, clients.all_teams)}</option>
                        {teams.into_iter().map(|t| {
                            let selected = team == t.id.to_string();
                            view! { <option value=t.id selected=selected>{t.name}</option> }
                        }).collect_view()}
                    </select>
                    {choice_error("team")}
                </div>
                <div class="flex flex-wrap items-end gap-2 sm:col-span-2 lg:col-span-3">
                    <button type="submit" class=PRIMARY_BUTTON>{t!(i18n, clients.export_submit)}</button>
                    <button type="submit" class=SMALL_BUTTON formaction="/exports/dossiers.zip">{t!(i18n, clients.export_reports)}</button>
                    <button type="submit" class=SMALL_BUTTON formaction="/exports/agenda.docx">{t!(i18n, clients.export_agenda)}</button>
                </div>
                {refused("period").then(|| view! {
                    <p id="export-period-error" role="alert" class="text-sm font-medium text-red-800 sm:col-span-2 lg:col-span-3">{t!(i18n, clients.export_too_long)}</p>
                })}
            </form>
        </section>
    }
}

/// The ordinary data fields, empty for a new client or filled for editing.
#[component]
fn ClientFields(
    #[prop(optional)] dossier: Option<DossierDto>,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let d = dossier.clone();
    let get = move |f: fn(&DossierDto) -> Option<String>| d.as_ref().and_then(f);
    view! {
        <TextField name="name" nested=true autocomplete="off" value=get(|d| Some(d.name.clone())).unwrap_or_default() error>
            {t!(i18n, clients.name)}
        </TextField>
        <div class="grid gap-4 sm:grid-cols-2">
            <TextField name="email" nested=true input_type="email" autocomplete="off" required=false value=get(|d| d.email.clone()).unwrap_or_default() error>
                {t!(i18n, clients.email)}
            </TextField>
            <TextField name="phone" nested=true input_type="tel" autocomplete="off" required=false value=get(|d| d.phone.clone()).unwrap_or_default() error>
                {t!(i18n, clients.phone)}
            </TextField>
            <TextField name="date_of_birth" nested=true input_type="date" required=false value=get(|d| d.date_of_birth.clone()).unwrap_or_default() error>
                {t!(i18n, clients.date_of_birth)}
            </TextField>
        </div>
        <TextArea name="address" nested=true rows=3 value=get(|d| d.address.clone()).unwrap_or_default() error>
            {t!(i18n, clients.address)}
        </TextArea>
        <TextArea name="notes" nested=true rows=5 value=get(|d| d.notes.clone()).unwrap_or_default() error>
            {t!(i18n, clients.notes)}
        </TextArea>
    }
}

#[component]
pub fn NewClientPage() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateClient>::new();
    let error = action_error(create);
    let banner = banner_error(error);
    view! {
        <Title text=t_string!(i18n, clients.new).to_string() />
        <p><a class="text-teal-800 underline" href="/clients">{t!(i18n, clients.back)}</a></p>
        <h1 class="mt-2 text-2xl font-bold">{t!(i18n, clients.new)}</h1>
        <ActionForm action=create attr:class="mt-4 max-w-2xl space-y-4" attr:novalidate="true">
            <FormError error=banner />
            <ClientFields error />
            <button type="submit" class=PRIMARY_BUTTON>{t!(i18n, clients.create)}</button>
        </ActionForm>
    }
}

fn dossier_id() -> impl Fn() -> i32 + Copy + Send + Sync + 'static {
    let params = use_params_map();
    move || {
        params
            .with(|p| p.get("id"))
            .and_then(|id| id.parse().ok())
            .unwrap_or(0)
    }
}

#[component]
pub fn EditClientPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = dossier_id();
    let update = ServerAction::<UpdateClient>::new();
    let dossier = Resource::new(id, client_dossier);
    let error = action_error(update);
    let banner = banner_error(error);
    view! {
        <Title text=t_string!(i18n, clients.edit).to_string() />
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match dossier.await {
                    Ok(d) => {
                        let manage = d.can_manage;
                        let coaches = d.coaches.clone();
                        let responsible = d.responsible_coach_id;
                        view! {
                            <p><a class="text-teal-800 underline" href=format!("/clients/{}", d.id)>{t!(i18n, clients.back_to_dossier)}</a></p>
                            <h1 class="mt-2 text-2xl font-bold">{t!(i18n, clients.edit)} ": " {d.name.clone()}</h1>
                            <ActionForm action=update attr:class="mt-4 max-w-2xl space-y-4" attr:novalidate="true">
                                <FormError error=banner />
                                <input type="hidden" name="id" value=d.id />
                                <ClientFields dossier=d.clone() error />
                                {manage.then(|| view! {
                                    <div>
                                        <label for="responsible_coach_id" class="block font-medium">{t!(i18n, clients.responsible)}</label>
                                        <select id="responsible_coach_id" name="input[responsible_coach_id]" class=INPUT>
                                            {coaches.iter().map(|c| view! {
                                                <option value=c.id selected=responsible == Some(c.id)>{c.name.clone()}</option>
                                            }).collect_view()}
                                        </select>
                                        <FieldError error field="responsible_coach_id" id="responsible_coach_id-error" />
                                    </div>
                                })}
                                <button type="submit" class=PRIMARY_BUTTON>{t!(i18n, clients.save)}</button>
                            </ActionForm>
                        }.into_any()
                    }
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// One dossier: its header, then one tab at a time (`?tab=…`, see `DossierTab`), so a page
/// renders and sends one area and the areas' forms are a tap away instead of a long scroll.
#[component]
pub fn DossierPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = dossier_id();
    let query = use_query_map();
    let tab = Memo::new(move |_| {
        query
            .with(|q| q.get("tab"))
            .and_then(|tab| DossierTab::parse(&tab))
            .unwrap_or(DossierTab::Overview)
    });
    let archive = ServerAction::<ArchiveClient>::new();
    let invite = ServerAction::<InviteClient>::new();
    let dossier = Resource::new(
        move || (id(), archive.version().get(), invite.version().get()),
        |(id, _, _)| client_dossier(id),
    );
    let error = Signal::derive(move || {
        [action_error(archive), action_error(invite)]
            .iter()
            .find_map(|e| e.get())
    });
    view! {
        <p><a class="text-teal-800 underline" href="/clients">{t!(i18n, clients.back)}</a></p>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match dossier.await {
                    Ok(d) => view! {
                        <Title text=d.name.clone() />
                        <DossierHeader d=d.clone() archive />
                        <FormError error />
                        <TabLinks id=d.id current=tab />
                        {move || tab_view(tab.get(), d.clone(), invite)}
                    }.into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The open tab. Each makes its own requests, so only the open area is loaded.
fn tab_view(tab: DossierTab, d: DossierDto, invite: ServerAction<InviteClient>) -> AnyView {
    let client_id = d.id;
    // The forms that may link what they make to a trajectory offer the dossier's own.
    let choices = move || -> TrajectoryChoices {
        Resource::new(|| (), move |_| dossier_trajectories(client_id))
    };
    match tab {
        DossierTab::Overview => view! { <overview::Overview client_id /> }.into_any(),
        DossierTab::Trajectories => view! {
            <trajectories::Trajectories client_id coaches=d.coaches teams=d.teams />
        }
        .into_any(),
        DossierTab::Exercises => {
            view! { <assignments::Assignments client_id trajectories=choices() /> }.into_any()
        }
        DossierTab::Reports => {
            view! { <reports::Reports client_id trajectories=choices() /> }.into_any()
        }
        DossierTab::Agenda => {
            view! { <agenda::Appointments client_id trajectories=choices() /> }.into_any()
        }
        DossierTab::Time => view! { <time::Time client_id trajectories=choices() /> }.into_any(),
        DossierTab::Documents => view! { <documents::Documents client_id /> }.into_any(),
        DossierTab::Journal => view! { <journal::Journal client_id /> }.into_any(),
        DossierTab::Data => view! { <Details d invite /> }.into_any(),
    }
}

/// The dossier's tabs as plain links: they work without JavaScript, and the open one is
/// marked for screen readers (`aria-current`). On a phone the row scrolls sideways.
#[component]
fn TabLinks(id: i32, current: Memo<DossierTab>) -> impl IntoView {
    let i18n = use_i18n();
    let label = move |tab: DossierTab| {
        match tab {
            DossierTab::Overview => t_string!(i18n, overview.tab),
            DossierTab::Trajectories => t_string!(i18n, trajectories.title),
            DossierTab::Exercises => t_string!(i18n, answers.dossier_title),
            DossierTab::Reports => t_string!(i18n, reports.title),
            DossierTab::Agenda => t_string!(i18n, agenda.title),
            DossierTab::Time => t_string!(i18n, time.title),
            DossierTab::Documents => t_string!(i18n, documents.title),
            DossierTab::Journal => t_string!(i18n, journal.dossier_title),
            DossierTab::Data => t_string!(i18n, clients.data),
        }
        .to_string()
    };
    view! {
        <nav class="mt-4 border-b border-slate-200" aria-label=t_string!(i18n, clients.sections)>
            <ul class="-mb-px flex gap-1 overflow-x-auto text-sm">
                {DossierTab::ALL.iter().map(|&tab| {
                    let open = move || current.get() == tab;
                    view! {
                        <li class="shrink-0">
                            <a
                                href=tab.path(id)
                                aria-current=move || open().then_some("page")
                                class=move || if open() {
                                    "block min-h-11 whitespace-nowrap border-b-2 border-teal-700 px-3 py-3 font-semibold text-teal-900"
                                } else {
                                    "block min-h-11 whitespace-nowrap border-b-2 border-transparent px-3 py-3 text-slate-700 hover:border-slate-300 hover:text-slate-900"
                                }
                            >
                                {label(tab)}
                            </a>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </nav>
    }
}

/// The client's ordinary data, their way into Koers and who may open the dossier.
#[component]
fn Details(d: DossierDto, invite: ServerAction<InviteClient>) -> impl IntoView {
    let id = d.id;
    let grant = ServerAction::<ChangeAccess>::new();
    let access = Resource::new(move || grant.version().get(), move |_| dossier_access(id));
    let i18n = use_i18n();
    // Those who manage the dossier see who opened it, and restrict it at the client's
    // request.
    let log = d.can_manage.then(|| view! {
        <p class="mt-4"><a class="text-teal-800 underline" href=format!("/access-log?dossier={id}")>{t!(i18n, access_log.dossier_link)}</a></p>
        <p class="mt-2">
            <a class="text-teal-800 underline" href=format!("/clients/{id}/export.zip") download rel="external">{t!(i18n, access_log.export_link)}</a>
        </p>
        <p class="mt-1 text-sm text-slate-600">{t!(i18n, access_log.export_hint)}</p>
        <Restriction id restricted=d.restricted />
    });
    let erase = d.can_erase.then(|| view! { <EraseClient id /> });
    view! {
        <OrdinaryData d=d.clone() />
        <p class="mt-4">
            <a class="text-teal-800 underline" href=format!("/clients/{id}/dossier.docx") download rel="external">{t!(i18n, access_log.report_link)}</a>
        </p>
        <p class="mt-1 text-sm text-slate-600">{t!(i18n, access_log.report_hint)}</p>
        {log}
        {erase}
        <Login d invite />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                access.await.ok().map(|a| view! { <Access access=a id grant /> })
            })}
        </Suspense>
    }
}

/// Restricting the dossier's processing at the client's request, or lifting it. A
/// component of its own: written inline in `Details`, the same markup moved 69 KB of
/// shared code into the main WASM module (see ARCHITECTURE.md, Known limits).
#[component]
fn Restriction(id: i32, restricted: bool) -> impl IntoView {
    let i18n = use_i18n();
    let restrict_url = <RestrictClient as leptos::server_fn::ServerFn>::url();
    view! {
        <section id="restriction" class=CARD aria-labelledby="restriction-heading">
            <h2 id="restriction-heading" class="text-lg font-semibold">{t!(i18n, clients.restriction)}</h2>
            <p class="mt-1 text-slate-700">{t!(i18n, clients.restriction_intro)}</p>
            // A plain form post: the whole dossier changes state, so the page loads again
            // with its banner, with and without JavaScript.
            <form method="post" action=restrict_url class="mt-3">
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="restricted" value=if restricted { "false" } else { "true" } />
                <button type="submit" class=SMALL_BUTTON>
                    {if restricted { t_string!(i18n, clients.unrestrict) } else { t_string!(i18n, clients.restrict) }}
                </button>
            </form>
        </section>
    }
}

/// Erasing the client for good (owners): the client's name typed as confirmation. The
/// browser then goes to the client list, which names the erasure's reference.
#[component]
fn EraseClient(id: i32) -> impl IntoView {
    let i18n = use_i18n();
    let erase = ServerAction::<EraseClientAction>::new();
    let error = action_error(erase);
    view! {
        <section id="erase" class="mt-6 rounded-lg border border-red-200 bg-white p-4" aria-labelledby="erase-heading">
            <h2 id="erase-heading" class="text-lg font-semibold text-red-900">{t!(i18n, erase.title)}</h2>
            <p class="mt-1 text-slate-700">{t!(i18n, erase.intro)}</p>
            <ActionForm action=erase attr:class="mt-3" attr:novalidate="true">
                <FormError error=banner_error(error) />
                <input type="hidden" name="client_id" value=id />
                <label for="erase-confirm" class="block font-medium">{t!(i18n, erase.confirm)}</label>
                <input id="erase-confirm" name="confirm" type="text" autocomplete="off" class=INPUT aria-describedby="erase-confirm-error" />
                <FieldError error field="confirm" id="erase-confirm-error" />
                <button type="submit" class="mt-2 inline-flex min-h-11 items-center rounded-md bg-red-700 px-4 font-medium text-white hover:bg-red-800">{t!(i18n, erase.button)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn DossierHeader(d: DossierDto, archive: ServerAction<ArchiveClient>) -> impl IntoView {
    let i18n = use_i18n();
    let (value, label) = if d.archived {
        ("false", t_string!(i18n, clients.unarchive))
    } else {
        ("true", t_string!(i18n, clients.archive))
    };
    view! {
        <div class="mt-2 flex flex-wrap items-center justify-between gap-3">
            <h1 class="text-2xl font-bold">
                {d.name.clone()}
                {d.archived.then(|| view! { " " <span class="rounded bg-slate-200 px-2 py-0.5 text-sm font-normal">{t!(i18n, status.archived)}</span> })}
            </h1>
            {d.restricted.then(|| view! {
                <p role="note" class="w-full rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-amber-900">{t!(i18n, clients.restricted_banner)}</p>
            })}
            <div class="flex flex-wrap gap-2">
                <a class=SMALL_BUTTON href=format!("/clients/{}/edit", d.id)>{t!(i18n, clients.edit)}</a>
                {d.can_manage.then(|| view! {
                    <ActionForm action=archive>
                        <input type="hidden" name="id" value=d.id />
                        <input type="hidden" name="archive" value=value />
                        <button type="submit" class=SMALL_BUTTON>{label}</button>
                    </ActionForm>
                })}
            </div>
        </div>
    }
}

#[component]
fn OrdinaryData(d: DossierDto) -> impl IntoView {
    let i18n = use_i18n();
    let row = |label: String, value: Option<String>| {
        value.map(|value| {
            view! {
                <div>
                    <dt class="text-sm text-slate-600">{label}</dt>
                    <dd class="whitespace-pre-line">{value}</dd>
                </div>
            }
        })
    };
    view! {
        <Section id="data" title=t_string!(i18n, clients.data).to_string()>
            <dl class="mt-2 grid gap-3 sm:grid-cols-2">
                {row(t_string!(i18n, clients.email).to_string(), d.email.clone())}
                {row(t_string!(i18n, clients.phone).to_string(), d.phone.clone())}
                {row(t_string!(i18n, clients.date_of_birth).to_string(), d.date_of_birth.clone())}
                {row(t_string!(i18n, clients.responsible).to_string(), d.responsible.clone())}
                {row(t_string!(i18n, clients.address).to_string(), d.address.clone())}
                {row(t_string!(i18n, clients.notes).to_string(), d.notes.clone())}
            </dl>
        </Section>
    }
}

#[component]
fn Login(d: DossierDto, invite: ServerAction<InviteClient>) -> impl IntoView {
    let i18n = use_i18n();
    let state = if d.has_login {
        t_string!(i18n, clients.has_login).to_string()
    } else if d.invited {
        t_string!(i18n, clients.invited).to_string()
    } else {
        t_string!(i18n, clients.no_login).to_string()
    };
    let can_invite = !d.has_login && !d.invited && !d.archived;
    view! {
        <Section id="login" title=t_string!(i18n, clients.login_heading).to_string()>
            <p class="mt-1 text-slate-700">{state}</p>
            {can_invite.then(|| view! {
                <ActionForm action=invite attr:class="mt-3">
                    <input type="hidden" name="id" value=d.id />
                    <button type="submit" class=SMALL_BUTTON>{t!(i18n, clients.invite)}</button>
                </ActionForm>
            })}
        </Section>
    }
}

#[component]
fn Access(access: AccessDto, id: i32, grant: ServerAction<ChangeAccess>) -> impl IntoView {
    let i18n = use_i18n();
    let manage = access.can_manage;
    let granted = move |kind: &'static str, list: Vec<Choice>| {
        list.into_iter()
            .map(|c| {
                let label = t_string!(i18n, clients.withdraw).replace("%name%", &c.name);
                view! {
                    <li class="flex items-center gap-1 rounded-full bg-slate-100 px-3 py-1 text-sm">
                        {c.name.clone()}
                        {manage.then(|| view! {
                            <ActionForm action=grant>
                                <input type="hidden" name="id" value=id />
                                <input type="hidden" name="kind" value=kind />
                                <input type="hidden" name="target" value=c.id />
                                <input type="hidden" name="grant" value="false" />
                                <button type="submit" class="ml-1 rounded-full px-1 text-slate-600 hover:bg-slate-200" aria-label=label>"×"</button>
                            </ActionForm>
                        })}
                    </li>
                }
            })
            .collect_view()
    };
    let adder = move |kind: &'static str, label: String, others: Vec<Choice>| {
        (manage && !others.is_empty()).then(|| {
            let select_id = format!("grant-{kind}");
            view! {
                <ActionForm action=grant attr:class="mt-2 flex flex-wrap items-end gap-2">
                    <input type="hidden" name="id" value=id />
                    <input type="hidden" name="kind" value=kind />
                    <input type="hidden" name="grant" value="true" />
                    <div>
                        <label for=select_id.clone() class="block text-sm font-medium">{label}</label>
                        <select id=select_id name="target" class="mt-1 rounded-md border border-slate-400 px-2 py-1">
                            {others.into_iter().map(|c| view! { <option value=c.id>{c.name}</option> }).collect_view()}
                        </select>
                    </div>
                    <button type="submit" class=SMALL_BUTTON>{t!(i18n, clients.grant)}</button>
                </ActionForm>
            }
        })
    };
    view! {
        <Section id="access" title=t_string!(i18n, clients.access_heading).to_string() row_error=action_error(grant)>
            <p class="mt-1 text-sm text-slate-600">{t!(i18n, clients.access_intro)}</p>
            <h3 class="mt-3 font-medium">{t!(i18n, clients.access_coaches)}</h3>
            <ul class="mt-1 flex flex-wrap gap-2">{granted("coach", access.coaches.clone())}</ul>
            {adder("coach", t_string!(i18n, clients.add_coach).to_string(), access.other_coaches.clone())}
            <h3 class="mt-4 font-medium">{t!(i18n, clients.access_teams)}</h3>
            {if access.teams.is_empty() {
                view! { <p class="text-sm text-slate-600">{t!(i18n, clients.no_teams)}</p> }.into_any()
            } else {
                view! { <ul class="mt-1 flex flex-wrap gap-2">{granted("team", access.teams.clone())}</ul> }.into_any()
            }}
            {adder("team", t_string!(i18n, clients.add_team).to_string(), access.other_teams.clone())}
        </Section>
    }
}
