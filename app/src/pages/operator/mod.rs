use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::operator::{
    current_terms_source, list_organizations, operator_organization, BackupOverview, BackupStatus,
    ChangeLicence, OrganizationRow, PublishTerms, SetAccountSuspended, SetOrganizationSuspended,
    SetSubscriptionEnd, SubscriptionEnd,
};
use crate::components::errors::{action_error, banner_error, FieldError, FormError, LoadError};
use crate::components::events::EventTable;
use crate::components::form::{
    TextArea, TextField, INPUT, ITEM_CARD, NARROW_CARD, PRIMARY_BUTTON, SMALL_BUTTON,
};
use crate::components::labels::{licence_label, organization_status_label};
use crate::error::AppError;
use crate::i18n::*;
use crate::model::organizations::{Licence, OrganizationStatus};

/// The operator's console: organizations and seats, never dossier content.
#[component]
pub fn OperatorPage() -> impl IntoView {
    let i18n = use_i18n();
    let organizations = Resource::new(|| (), |_| list_organizations());
    let outbox = Resource::new(|| (), |_| crate::api::operator::local_outbox_on());
    view! {
        <Title text=t_string!(i18n, operator.title).to_string() />
        <h1 class="text-2xl font-bold">{t!(i18n, operator.title)}</h1>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                matches!(outbox.await, Ok(true)).then(|| view! {
                    <p role="alert" class="mt-3 rounded-md border border-red-300 bg-red-50 p-3 font-medium text-red-900">
                        {t!(i18n, operator.outbox_on_warning)}
                    </p>
                })
            })}
        </Suspense>
        <p class="mt-2 text-sm text-slate-600">{t!(i18n, operator.no_content)}</p>
        <p class="mt-2 flex flex-wrap gap-4">
            <a class="text-teal-800 underline" href="/operator/outbox">{t!(i18n, operator.outbox_link)}</a>
            <a class="text-teal-800 underline" href="/operator/terms">{t!(i18n, operator.terms_link)}</a>
        </p>
        <h2 class="mt-6 text-lg font-semibold">{t!(i18n, operator.organizations)}</h2>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match organizations.await {
                    Ok(rows) if rows.is_empty() => view! { <p class="mt-2">{t!(i18n, operator.none)}</p> }.into_any(),
                    Ok(rows) => view! {
                        <div class="mt-2 overflow-x-auto">
                            <table class="min-w-full border-collapse bg-white text-left text-sm">
                                <thead class="border-b border-slate-300">
                                    <tr>
                                        <th scope="col" class="px-3 py-2">{t!(i18n, operator.name)}</th>
                                        <th scope="col" class="px-3 py-2">{t!(i18n, operator.licence)}</th>
                                        <th scope="col" class="px-3 py-2">{t!(i18n, operator.status)}</th>
                                        <th scope="col" class="px-3 py-2">{t!(i18n, operator.coaches)}</th>
                                        <th scope="col" class="px-3 py-2">{t!(i18n, operator.clients)}</th>
                                        <th scope="col" class="px-3 py-2">{t!(i18n, operator.data_due)}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {rows.into_iter().map(|row| {
                                        let status = status_text(i18n, &row);
                                        view! {
                                            <tr class="border-b border-slate-200">
                                                <td class="px-3 py-2">
                                                    <a class="text-teal-800 underline" href=format!("/operator/organizations/{}", row.id)>{row.name.clone()}</a>
                                                </td>
                                                <td class="px-3 py-2">{licence_label(i18n, row.licence)}</td>
                                                <td class="px-3 py-2">{status}</td>
                                                <td class="px-3 py-2">{format!("{} / {}", row.coaches_used, row.coaches_limit)}</td>
                                                <td class="px-3 py-2">{format!("{} / {}", row.clients_used, row.clients_limit)}</td>
                                                <td class="px-3 py-2">{data_due(i18n, row.subscription.as_ref())}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
        <Backups />
        <AccountStatusForm />
        <InstallationEvents />
    }
}

/// The scheduled backups: when they run and how the newest days went, failures first in view.
#[component]
fn Backups() -> impl IntoView {
    let i18n = use_i18n();
    let overview = Resource::new(|| (), |_| crate::api::operator::backups());
    view! {
        <section class="mt-6" aria-labelledby="backups-heading">
            <h2 id="backups-heading" class="text-lg font-semibold">{t!(i18n, operator.backups_heading)}</h2>
            <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match overview.await {
                        Ok(overview) => view! { <BackupList overview /> }.into_any(),
                        Err(error) => view! { <LoadError error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn BackupList(overview: BackupOverview) -> impl IntoView {
    let i18n = use_i18n();
    let schedule = match overview.schedule {
        Some(schedule) => t_string!(i18n, operator.backups_schedule)
            .replace("%at%", &schedule.at())
            .replace("%keep%", &schedule.keep.to_string()),
        None => t_string!(i18n, operator.backups_off).to_string(),
    };
    let empty = overview.runs.is_empty();
    view! {
        <p class="mt-2 text-sm text-slate-700">{schedule}</p>
        {overview.attention.then(|| view! {
            <p role="alert" class="mt-2 rounded-md border border-red-300 bg-red-50 p-3 font-medium text-red-900">
                {t!(i18n, operator.backups_attention)}
            </p>
        })}
        {empty.then(|| view! { <p class="mt-2">{t!(i18n, operator.backups_none)}</p> })}
        {(!empty).then(|| view! {
            <div class="mt-2 overflow-x-auto">
                <table class="min-w-full border-collapse bg-white text-left text-sm">
                    <thead class="border-b border-slate-300">
                        <tr>
                            <th scope="col" class="px-3 py-2">{t!(i18n, operator.backup_day)}</th>
                            <th scope="col" class="px-3 py-2">{t!(i18n, operator.backup_status)}</th>
                            <th scope="col" class="px-3 py-2">{t!(i18n, operator.backup_started)}</th>
                            <th scope="col" class="px-3 py-2">{t!(i18n, operator.backup_archive)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {overview.runs.into_iter().map(|run| {
                            let (label, class) = backup_status(i18n, run.status);
                            let archive = match (run.archive, run.size, run.error) {
                                (Some(name), Some(size), _) => format!("{name} ({size})"),
                                (Some(name), None, _) => name,
                                (None, _, Some(error)) => error,
                                (None, _, None) => String::new(),
                            };
                            view! {
                                <tr class="border-b border-slate-200">
                                    <td class="px-3 py-2">{run.day}</td>
                                    <td class=format!("px-3 py-2 {class}")>{label}</td>
                                    <td class="px-3 py-2">{run.started_at}</td>
                                    <td class="px-3 py-2 break-all">{archive}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        })}
    }
}

fn backup_status(
    i18n: leptos_i18n::I18nContext<Locale>,
    status: BackupStatus,
) -> (String, &'static str) {
    match status {
        BackupStatus::Running => (t_string!(i18n, operator.backup_running).to_string(), ""),
        BackupStatus::Done => (
            t_string!(i18n, operator.backup_done).to_string(),
            "text-teal-800",
        ),
        BackupStatus::Failed => (
            t_string!(i18n, operator.backup_failed).to_string(),
            "font-semibold text-red-800",
        ),
        BackupStatus::Interrupted => (
            t_string!(i18n, operator.backup_interrupted).to_string(),
            "font-semibold text-red-800",
        ),
    }
}

/// Operators' sign-ins and attempts at addresses that belong to no account.
#[component]
fn InstallationEvents() -> impl IntoView {
    let i18n = use_i18n();
    let events = Resource::new(|| (), |_| crate::api::operator::operator_security_events());
    view! {
        <section class="mt-6" aria-labelledby="installation-events-heading">
            <h2 id="installation-events-heading" class="text-lg font-semibold">{t!(i18n, events.operator_heading)}</h2>
            <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match events.await {
                        Ok(events) => view! { <EventTable events people=true /> }.into_any(),
                        Err(error) => view! { <LoadError error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The status column: suspended, demo until a date, demo ended, or active.
fn status_text(i18n: leptos_i18n::I18nContext<Locale>, row: &OrganizationRow) -> String {
    if row.status != OrganizationStatus::Active {
        return organization_status_label(i18n, row.status);
    }
    match (&row.demo_ends_on, row.read_only) {
        (Some(date), true) => t_string!(i18n, operator.demo_ended).replace("%date%", date),
        (Some(date), false) => t_string!(i18n, operator.demo_until).replace("%date%", date),
        (None, _) => organization_status_label(i18n, row.status),
    }
}

/// For an ended subscription: by when its dossier content and its other data must be
/// deleted, marked once the first day has come.
fn data_due(
    i18n: leptos_i18n::I18nContext<Locale>,
    end: Option<&SubscriptionEnd>,
) -> Option<impl IntoView> {
    let end = end.filter(|end| end.ended)?;
    let text = t_string!(i18n, operator.data_due_line)
        .replace("%special%", &end.special_due_on)
        .replace("%ordinary%", &end.ordinary_due_on);
    let class = if end.overdue {
        "font-semibold text-red-800"
    } else {
        ""
    };
    Some(view! { <span class=class>{text}</span> })
}

/// Suspends or reactivates one account by e-mail address (a lost device, a departure).
#[component]
fn AccountStatusForm() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SetAccountSuspended>::new();
    let error = action_error(action);
    let banner = banner_error(error);
    let done = move || action.value().get().is_some_and(|r| r.is_ok());
    view! {
        <section class=NARROW_CARD aria-labelledby="account-heading">
            <h2 id="account-heading" class="text-lg font-semibold">{t!(i18n, operator.account_heading)}</h2>
            <p class="mt-1 text-sm text-slate-600">{t!(i18n, operator.account_intro)}</p>
            <ActionForm action attr:class="mt-3 space-y-3" attr:novalidate="true">
                <FormError error=banner />
                <Show when=done>
                    <p role="status" class="rounded-md bg-teal-50 px-3 py-2 text-sm text-teal-900">{t!(i18n, operator.account_done)}</p>
                </Show>
                <TextField name="email" input_type="email" autocomplete="off" error>
                    {t!(i18n, members.email)}
                </TextField>
                <div class="flex flex-wrap gap-2">
                    <button type="submit" name="suspend" value="true" class=PRIMARY_BUTTON>{t!(i18n, members.suspend)}</button>
                    <button type="submit" name="suspend" value="false" class=SMALL_BUTTON>{t!(i18n, members.reactivate)}</button>
                </div>
            </ActionForm>
        </section>
    }
}

/// One organization: its licence and limits, conversion of a demo, suspension.
#[component]
pub fn OrganizationPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || {
        params
            .with(|p| p.get("id"))
            .and_then(|id| id.parse::<i32>().ok())
            .unwrap_or(0)
    };
    let licence = ServerAction::<ChangeLicence>::new();
    let status = ServerAction::<SetOrganizationSuspended>::new();
    let subscription = ServerAction::<SetSubscriptionEnd>::new();
    let detail = Resource::new(
        move || {
            (
                id(),
                licence.version().get(),
                status.version().get(),
                subscription.version().get(),
            )
        },
        |(id, _, _, _)| operator_organization(id),
    );
    let subscription_error = action_error(subscription);
    let subscription_banner = banner_error(subscription_error);
    let subscription_done = move || subscription.value().get().is_some_and(|r| r.is_ok());
    let licence_error = action_error(licence);
    let licence_banner = banner_error(licence_error);
    let status_error = action_error(status);
    view! {
        <Title text=t_string!(i18n, operator.organization_title).to_string() />
        <p><a class="text-teal-800 underline" href="/operator">{t!(i18n, operator.back)}</a></p>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(detail) => {
                        let row = detail.row.clone();
                        let is_demo = row.licence == Licence::Demo;
                        let suspended = row.status != OrganizationStatus::Active;
                        let custom = |value: Option<i32>| value.map(|v| v.to_string()).unwrap_or_default();
                        view! {
                            <h1 class="mt-2 text-2xl font-bold">{row.name.clone()}</h1>
                            <dl class="mt-4 grid max-w-3xl gap-3 sm:grid-cols-2">
                                <Fact label=t_string!(i18n, operator.licence).to_string() value=licence_label(i18n, row.licence) />
                                <Fact label=t_string!(i18n, operator.status).to_string() value=status_text(i18n, &row) />
                                <Fact label=t_string!(i18n, operator.coaches).to_string() value=format!("{} / {}", row.coaches_used, row.coaches_limit) />
                                <Fact label=t_string!(i18n, operator.clients).to_string() value=format!("{} / {}", row.clients_used, row.clients_limit) />
                                <Fact label=t_string!(i18n, operator.teams).to_string() value=detail.teams_limit.to_string() />
                                <Fact label=t_string!(i18n, operator.created).to_string() value=detail.created_on.clone() />
                                {row.subscription.clone().map(|end| view! {
                                    <Fact
                                        label=if end.ended { t_string!(i18n, operator.subscription_ended) } else { t_string!(i18n, operator.subscription_ends) }.to_string()
                                        value=end.ends_on.clone()
                                    />
                                    <Fact label=t_string!(i18n, operator.special_due).to_string() value=end.special_due_on.clone() />
                                    <Fact label=t_string!(i18n, operator.ordinary_due).to_string() value=end.ordinary_due_on.clone() />
                                })}
                            </dl>
                            {row.subscription.as_ref().filter(|end| end.overdue).map(|_| view! {
                                <p role="alert" class="mt-3 max-w-3xl rounded-md bg-red-50 px-3 py-2 text-red-900">{t!(i18n, operator.due_overdue)}</p>
                            })}
                            <section class=NARROW_CARD aria-labelledby="licence-heading">
                                <h2 id="licence-heading" class="text-lg font-semibold">
                                    {if is_demo { t_string!(i18n, operator.convert_heading) } else { t_string!(i18n, operator.licence_heading) }}
                                </h2>
                                <p class="mt-1 text-sm text-slate-600">{t!(i18n, operator.licence_intro)}</p>
                                <ActionForm action=licence attr:class="mt-3 space-y-3" attr:novalidate="true">
                                    <FormError error=licence_banner />
                                    <input type="hidden" name="id" value=row.id />
                                    <div>
                                        <label for="licence" class="block font-medium">{t!(i18n, operator.licence)}</label>
                                        <select id="licence" name="licence" class=INPUT>
                                            {Licence::ALL.iter().map(|&code| {
                                                // A demo is offered the first paid licence; others keep theirs.
                                                let selected = if is_demo { code == Licence::Standard } else { code == row.licence };
                                                view! { <option value=code.as_str() selected=selected>{licence_label(i18n, code)}</option> }
                                            }).collect_view()}
                                        </select>
                                    </div>
                                    <fieldset class="grid gap-3 sm:grid-cols-3">
                                        <legend class="text-sm text-slate-600">{t!(i18n, operator.custom_limits)}</legend>
                                        <NumberField name="coaches" value=custom(detail.custom_coaches) error=licence_error>
                                            {t!(i18n, operator.coaches)}
                                        </NumberField>
                                        <NumberField name="clients" value=custom(detail.custom_clients) error=licence_error>
                                            {t!(i18n, operator.clients)}
                                        </NumberField>
                                        <NumberField name="teams" value=custom(detail.custom_teams) error=licence_error>
                                            {t!(i18n, operator.teams)}
                                        </NumberField>
                                    </fieldset>
                                    <button type="submit" class=PRIMARY_BUTTON>
                                        {if is_demo { t_string!(i18n, operator.convert_submit) } else { t_string!(i18n, operator.licence_submit) }}
                                    </button>
                                </ActionForm>
                            </section>
                            <section class=NARROW_CARD aria-labelledby="subscription-heading">
                                <h2 id="subscription-heading" class="text-lg font-semibold">{t!(i18n, operator.subscription_heading)}</h2>
                                <p class="mt-1 text-sm text-slate-600">{t!(i18n, operator.subscription_intro)}</p>
                                <ActionForm action=subscription attr:class="mt-3 space-y-3" attr:novalidate="true">
                                    <FormError error=subscription_banner />
                                    <Show when=subscription_done>
                                        <p role="status" class="rounded-md bg-teal-50 px-3 py-2 text-sm text-teal-900">
                                            {t!(i18n, operator.subscription_saved)}
                                        </p>
                                    </Show>
                                    <input type="hidden" name="id" value=row.id />
                                    <TextField name="ends_on" input_type="date" required=false value=detail.subscription_ends_input.clone() error=subscription_error>
                                        {t!(i18n, operator.subscription_field)}
                                    </TextField>
                                    <button type="submit" class=PRIMARY_BUTTON>{t!(i18n, operator.subscription_submit)}</button>
                                </ActionForm>
                            </section>
                            <section class=NARROW_CARD aria-labelledby="status-heading">
                                <h2 id="status-heading" class="text-lg font-semibold">{t!(i18n, operator.status)}</h2>
                                <ActionForm action=status attr:class="mt-3 space-y-3">
                                    <FormError error=status_error />
                                    <input type="hidden" name="id" value=row.id />
                                    <input type="hidden" name="suspend" value=(!suspended).to_string() />
                                    <button type="submit" class=SMALL_BUTTON>
                                        {if suspended { t_string!(i18n, operator.reactivate_org) } else { t_string!(i18n, operator.suspend_org) }}
                                    </button>
                                </ActionForm>
                            </section>
                        }.into_any()
                    }
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Fact(label: String, value: String) -> impl IntoView {
    view! {
        <div class="rounded-lg border border-slate-200 bg-white p-3">
            <dt class="text-sm text-slate-600">{label}</dt>
            <dd class="text-lg font-semibold">{value}</dd>
        </div>
    }
}

#[component]
fn NumberField(
    name: &'static str,
    value: String,
    #[prop(into)] error: Signal<Option<AppError>>,
    children: Children,
) -> impl IntoView {
    let error_id = format!("{name}-error");
    view! {
        <div>
            <label for=name class="block text-sm font-medium">{children()}</label>
            <input
                id=name
                name=name
                type="number"
                inputmode="numeric"
                min="0"
                value=value
                class=INPUT
                aria-describedby=error_id.clone()
            />
            <FieldError error field=name id=error_id />
        </div>
    }
}

/// A new version of the Terms of Use and Privacy Statement; everybody accepts it again.
#[component]
pub fn TermsEditPage() -> impl IntoView {
    let i18n = use_i18n();
    let publish = ServerAction::<PublishTerms>::new();
    let source = Resource::new(move || publish.version().get(), |_| current_terms_source());
    let error = action_error(publish);
    let banner = banner_error(error);
    let published = move || publish.value().get().and_then(|r| r.ok());
    view! {
        <Title text=t_string!(i18n, operator.terms_title).to_string() />
        <p><a class="text-teal-800 underline" href="/operator">{t!(i18n, operator.back)}</a></p>
        <h1 class="mt-2 text-2xl font-bold">{t!(i18n, operator.terms_title)}</h1>
        <p class="mt-2 max-w-3xl text-slate-700">{t!(i18n, operator.terms_intro)}</p>
        {move || published().map(|version| view! {
            <p role="status" class="mt-3 rounded-md bg-teal-50 px-3 py-2 text-sm text-teal-900">
                {t_string!(i18n, operator.terms_published).replace("%version%", &version.to_string())}
            </p>
        })}
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match source.await {
                    Ok(source) => view! {
                        <p class="mt-2 text-sm text-slate-600">
                            {t_string!(i18n, operator.terms_current)
                                .replace("%version%", &source.version.to_string())
                                .replace("%date%", &source.published_on)}
                        </p>
                        <ActionForm action=publish attr:class="mt-4 max-w-4xl space-y-4" attr:novalidate="true">
                            <FormError error=banner />
                            <TextArea name="terms_nl" value=source.terms_nl rows=10 class="font-mono text-sm" error>{t!(i18n, operator.terms_nl)}</TextArea>
                            <TextArea name="terms_en" value=source.terms_en rows=10 class="font-mono text-sm" error>{t!(i18n, operator.terms_en)}</TextArea>
                            <TextArea name="privacy_nl" value=source.privacy_nl rows=10 class="font-mono text-sm" error>{t!(i18n, operator.privacy_nl)}</TextArea>
                            <TextArea name="privacy_en" value=source.privacy_en rows=10 class="font-mono text-sm" error>{t!(i18n, operator.privacy_en)}</TextArea>
                            <button type="submit" class=PRIMARY_BUTTON>{t!(i18n, operator.terms_submit)}</button>
                        </ActionForm>
                    }.into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Mail kept locally because no SMTP server is configured.
#[component]
pub fn OutboxPage() -> impl IntoView {
    let i18n = use_i18n();
    let mails = Resource::new(|| (), |_| crate::api::operator::operator_outbox());
    view! {
        <Title text=t_string!(i18n, operator.outbox).to_string() />
        <h1 class="text-2xl font-bold">{t!(i18n, operator.outbox)}</h1>
        <p class="mt-2 text-sm text-slate-600">{t!(i18n, operator.outbox_intro)}</p>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match mails.await {
                    Ok(mails) if mails.is_empty() => view! { <p class="mt-4">{t!(i18n, operator.outbox_empty)}</p> }.into_any(),
                    Ok(mails) => view! {
                        <ul class="mt-4 space-y-4">
                            {mails.into_iter().map(|mail| view! {
                                <li class=ITEM_CARD>
                                    <article aria-label=mail.subject.clone()>
                                        <p class="text-sm text-slate-600">{mail.created_at} " · " {mail.to}</p>
                                        <h2 class="font-semibold">{mail.subject.clone()}</h2>
                                        <pre class="mt-2 whitespace-pre-wrap break-words font-sans text-sm">{mail.body}</pre>
                                    </article>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
