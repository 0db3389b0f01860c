//! The dossiers' access log: the client's "Wie heeft mijn dossier ingezien" and the search
//! for owners (the whole organization) and coaches (the dossiers they manage).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::access_log::{
    my_access_log, search_access_log, AccessLogQuery, AccessLogRow, LogAction, LogArea,
};
use crate::components::errors::LoadError;
use crate::components::form::{CARD, INPUT, SMALL_BUTTON};
use crate::components::labels::role_label;
use crate::i18n::*;

fn area_label(i18n: leptos_i18n::I18nContext<Locale>, area: LogArea) -> String {
    match area {
        LogArea::Data => t_string!(i18n, access_log.area_data),
        LogArea::Overview => t_string!(i18n, access_log.area_overview),
        LogArea::Access => t_string!(i18n, access_log.area_access),
        LogArea::Trajectories => t_string!(i18n, access_log.area_trajectories),
        LogArea::Exercises => t_string!(i18n, access_log.area_exercises),
        LogArea::Reports => t_string!(i18n, access_log.area_reports),
        LogArea::Agenda => t_string!(i18n, access_log.area_agenda),
        LogArea::Time => t_string!(i18n, access_log.area_time),
        LogArea::Documents => t_string!(i18n, access_log.area_documents),
        LogArea::Journal => t_string!(i18n, access_log.area_journal),
    }
    .to_string()
}

fn action_label(i18n: leptos_i18n::I18nContext<Locale>, action: LogAction) -> String {
    match action {
        LogAction::Read => t_string!(i18n, access_log.action_read),
        LogAction::Create => t_string!(i18n, access_log.action_create),
        LogAction::Change => t_string!(i18n, access_log.action_change),
        LogAction::Delete => t_string!(i18n, access_log.action_delete),
        LogAction::Download => t_string!(i18n, access_log.action_download),
        LogAction::Export => t_string!(i18n, access_log.action_export),
    }
    .to_string()
}

/// Entries as a table: when, who (name and role), what (area and action), and for the
/// practice's own readers whose dossier and from where.
#[component]
fn LogTable(rows: Vec<AccessLogRow>, #[prop(optional)] practice: bool) -> impl IntoView {
    let i18n = use_i18n();
    if rows.is_empty() {
        return view! { <p class="mt-3 text-slate-700">{t!(i18n, access_log.none)}</p> }.into_any();
    }
    view! {
        <div class="mt-3 overflow-x-auto">
            <table class="min-w-full text-left text-sm" data-testid="access-log">
                <thead>
                    <tr class="border-b border-slate-200">
                        <th scope="col" class="py-2 pr-3">{t!(i18n, access_log.when)}</th>
                        <th scope="col" class="py-2 pr-3">{t!(i18n, access_log.who)}</th>
                        <th scope="col" class="py-2 pr-3">{t!(i18n, access_log.what)}</th>
                        {practice.then(|| view! {
                            <th scope="col" class="py-2 pr-3">{t!(i18n, access_log.dossier)}</th>
                            <th scope="col" class="py-2 pr-3">{t!(i18n, access_log.from)}</th>
                        })}
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|row| {
                        let who = format!(
                            "{} ({})",
                            row.who.clone().unwrap_or_else(|| t_string!(i18n, access_log.unknown_person).to_string()),
                            role_label(i18n, row.role).to_lowercase(),
                        );
                        let what = format!("{}: {}", area_label(i18n, row.area), action_label(i18n, row.action).to_lowercase());
                        let dossier = row.dossier.clone();
                        view! {
                            <tr class="border-b border-slate-100 align-top">
                                <td class="py-2 pr-3 whitespace-nowrap">{row.at}</td>
                                <td class="py-2 pr-3">{who}</td>
                                <td class="py-2 pr-3">{what}</td>
                                {practice.then(|| view! {
                                    <td class="py-2 pr-3">
                                        {dossier.map(|d| view! { <a class="text-teal-800 underline" href=format!("/clients/{}", d.id)>{d.name}</a> })}
                                    </td>
                                    <td class="py-2 pr-3">{row.address.clone().unwrap_or_default()}</td>
                                })}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The client's own page: who of the practice read or changed what of their dossier.
#[component]
pub fn MyAccessPage() -> impl IntoView {
    let i18n = use_i18n();
    let rows = Resource::new(|| (), |_| my_access_log());
    view! {
        <Title text=t_string!(i18n, access_log.mine_title).to_string() />
        <h1 class="text-2xl font-bold">{t!(i18n, access_log.mine_title)}</h1>
        <p class="mt-2 text-slate-700">{t!(i18n, access_log.mine_intro)}</p>
        <section class=CARD aria-label=move || t_string!(i18n, access_log.mine_title)>
            <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match rows.await {
                        Ok(rows) => view! { <LogTable rows /> }.into_any(),
                        Err(error) => view! { <LoadError error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
        <section class=CARD aria-labelledby="my-export">
            <h2 id="my-export" class="text-lg font-semibold">{t!(i18n, access_log.mine_export_title)}</h2>
            <p class="mt-2 text-slate-700">{t!(i18n, access_log.mine_export_intro)}</p>
            <p class="mt-3">
                <a class=SMALL_BUTTON href="/my/export.zip" download rel="external">{t!(i18n, access_log.mine_export_link)}</a>
            </p>
        </section>
        <p class="mt-4"><a class="text-teal-800 underline" href="/my">{t!(i18n, access_log.back_home)}</a></p>
    }
}

/// The practice's search: a plain GET form whose filters live in the address, the same with
/// and without JavaScript, and the CSV of the same search.
#[component]
pub fn AccessLogPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let query = move || {
        params.with(|q| {
            let number = |key: &str| q.get(key).and_then(|v| v.parse::<i32>().ok());
            AccessLogQuery {
                person: number("person"),
                dossier: number("dossier"),
                from: q.get("from").unwrap_or_default(),
                to: q.get("to").unwrap_or_default(),
                area: q.get("area").unwrap_or_default(),
            }
        })
    };
    let page = Resource::new(query, search_access_log);
    view! {
        <Title text=t_string!(i18n, access_log.title).to_string() />
        <h1 class="text-2xl font-bold">{t!(i18n, access_log.title)}</h1>
        <p class="mt-2 text-slate-700">{t!(i18n, access_log.intro)}</p>
        <section class=CARD aria-label=move || t_string!(i18n, access_log.title)>
            <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    let current = query();
                    match page.await {
                        Ok(page) => {
                            let csv = format!("/access-log.csv?{}", current.to_query_string());
                            let person = current.person;
                            let dossier = current.dossier;
                            view! {
                                <form method="get" action="/access-log" class="flex flex-wrap items-end gap-3">
                                    <div>
                                        <label for="log-person" class="block text-sm font-medium">{t!(i18n, access_log.filter_person)}</label>
                                        <select id="log-person" name="person" class=INPUT>
                                            <option value="">{t!(i18n, access_log.filter_all)}</option>
                                            {page.people.iter().map(|p| view! {
                                                <option value=p.id.to_string() selected={Some(p.id) == person}>{p.name.clone()}</option>
                                            }).collect_view()}
                                        </select>
                                    </div>
                                    <div>
                                        <label for="log-dossier" class="block text-sm font-medium">{t!(i18n, access_log.filter_dossier)}</label>
                                        <select id="log-dossier" name="dossier" class=INPUT>
                                            <option value="">{t!(i18n, access_log.filter_all)}</option>
                                            {page.dossiers.iter().map(|d| view! {
                                                <option value=d.id.to_string() selected={Some(d.id) == dossier}>{d.name.clone()}</option>
                                            }).collect_view()}
                                        </select>
                                    </div>
                                    <div>
                                        <label for="log-from" class="block text-sm font-medium">{t!(i18n, access_log.filter_from)}</label>
                                        <input id="log-from" name="from" type="date" class=INPUT value=current.from.clone() />
                                    </div>
                                    <div>
                                        <label for="log-to" class="block text-sm font-medium">{t!(i18n, access_log.filter_to)}</label>
                                        <input id="log-to" name="to" type="date" class=INPUT value=current.to.clone() />
                                    </div>
                                    <div>
                                        <label for="log-area" class="block text-sm font-medium">{t!(i18n, access_log.filter_area)}</label>
                                        <select id="log-area" name="area" class=INPUT>
                                            <option value="">{t!(i18n, access_log.filter_all)}</option>
                                            {LogArea::ALL.iter().map(|area| view! {
                                                <option value=area.as_str() selected={area.as_str() == current.area}>{area_label(i18n, *area)}</option>
                                            }).collect_view()}
                                        </select>
                                    </div>
                                    <button type="submit" class=SMALL_BUTTON>{t!(i18n, access_log.filter_submit)}</button>
                                </form>
                                <p class="mt-3">
                                    <a class="text-teal-800 underline" href=csv download="inzage-log.csv">{t!(i18n, access_log.csv)}</a>
                                </p>
                                {page.more.then(|| view! { <p class="mt-2 text-sm text-slate-600">{t!(i18n, access_log.more)}</p> })}
                                <LogTable rows=page.rows practice=true />
                            }.into_any()
                        }
                        Err(error) => view! { <LoadError error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
