//! The coach's agenda: this week (or another) day by day, or everything coming up as a
//! list, and the private calendar feed to follow it in another calendar app.

use leptos::prelude::*;

use crate::components::form::CARD;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::agenda::{
    agenda_upcoming, agenda_week, calendar_feed, AppointmentDto, NewCalendarFeed,
    RevokeCalendarFeed,
};
use crate::api::clients::DossierTab;
use crate::components::errors::LoadError;
use crate::components::form::SMALL_BUTTON;
use crate::i18n::*;

const TAB: &str = "rounded-md px-3 py-2 font-medium";

#[component]
fn Entry(a: AppointmentDto) -> impl IntoView {
    view! {
        <a class="block rounded-md border border-teal-200 bg-teal-50 p-2 text-sm hover:bg-teal-100" href=DossierTab::Agenda.path(a.client_id)>
            <span class="block font-medium">{a.when.get(11..).unwrap_or_default().to_string()}</span>
            <span class="block">{a.title.clone()}</span>
            <span class="block text-slate-700">{a.client.clone()}</span>
        </a>
    }
}

#[component]
pub fn AgendaPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let list_view = move || query.with(|q| q.get("view").is_some_and(|v| v == "list"));
    let day = move || query.with(|q| q.get("week").unwrap_or_default());
    let week = Resource::new(day, agenda_week);
    let upcoming = Resource::new(list_view, |list| async move {
        if list {
            agenda_upcoming().await.map(Some)
        } else {
            Ok(None)
        }
    });
    let tab = move |active: bool| {
        if active {
            format!("{TAB} bg-teal-700 text-white")
        } else {
            format!("{TAB} text-teal-800 hover:bg-teal-50")
        }
    };
    view! {
        <Title text=t_string!(i18n, agenda.title).to_string() />
        <div class="flex flex-wrap items-center justify-between gap-3">
            <h1 class="text-2xl font-bold">{t!(i18n, agenda.title)}</h1>
            <nav aria-label=t_string!(i18n, agenda.views) class="flex gap-1">
                <a class=move || tab(!list_view()) href="/agenda" aria-current=move || (!list_view()).then_some("page")>{t!(i18n, agenda.week_view)}</a>
                <a class=move || tab(list_view()) href="/agenda?view=list" aria-current=move || list_view().then_some("page")>{t!(i18n, agenda.list_view)}</a>
            </nav>
        </div>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                if list_view() {
                    match upcoming.await {
                        Ok(Some(rows)) if rows.is_empty() => view! { <p class="mt-4 text-slate-600">{t!(i18n, agenda.nothing_coming)}</p> }.into_any(),
                        Ok(Some(rows)) => view! {
                            <ul class="mt-4 space-y-2">
                                {rows.into_iter().map(|a| view! {
                                    <li class="rounded-md border border-slate-200 bg-white p-3">
                                        <p class="font-medium">{a.when.clone()}</p>
                                        <p><a class="text-teal-800 underline" href=DossierTab::Agenda.path(a.client_id)>{a.title.clone()}</a> " · " {a.client.clone()}</p>
                                        {a.location.clone().map(|l| view! { <p class="text-sm text-slate-600">{l}</p> })}
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Ok(None) => ().into_any(),
                        Err(error) => view! { <LoadError error /> }.into_any(),
                    }
                } else {
                    match week.await {
                        Ok(w) => {
                            let heading = t_string!(i18n, agenda.week_of)
                                .replace("%week%", &w.week_number.to_string())
                                .replace("%from%", w.days.first().map(String::as_str).unwrap_or_default())
                                .replace("%to%", w.days.last().map(String::as_str).unwrap_or_default());
                            let names = [
                                t_string!(i18n, agenda.mon), t_string!(i18n, agenda.tue), t_string!(i18n, agenda.wed),
                                t_string!(i18n, agenda.thu), t_string!(i18n, agenda.fri), t_string!(i18n, agenda.sat),
                                t_string!(i18n, agenda.sun),
                            ];
                            view! {
                                <div class="mt-4 flex flex-wrap items-center justify-between gap-2">
                                    <h2 class="text-lg font-semibold">{heading}</h2>
                                    <div class="flex gap-2">
                                        <a class=SMALL_BUTTON href=format!("/agenda?week={}", w.previous)>{t!(i18n, agenda.previous)}</a>
                                        <a class=SMALL_BUTTON href="/agenda">{t!(i18n, agenda.this_week)}</a>
                                        <a class=SMALL_BUTTON href=format!("/agenda?week={}", w.next)>{t!(i18n, agenda.next)}</a>
                                    </div>
                                </div>
                                <ol class="mt-3 grid gap-2 sm:grid-cols-7">
                                    {w.days.iter().enumerate().map(|(i, day)| {
                                        let today: Vec<AppointmentDto> = w.appointments.iter().filter(|a| &a.day == day).cloned().collect();
                                        view! {
                                            <li class="min-h-24 rounded-md border border-slate-200 bg-white p-2" aria-label=format!("{} {}", names[i], day)>
                                                <p class="text-sm font-semibold">{names[i]} " " <span class="font-normal text-slate-600">{day.get(5..).unwrap_or_default().to_string()}</span></p>
                                                <div class="mt-1 space-y-1">
                                                    {today.into_iter().map(|a| view! { <Entry a /> }).collect_view()}
                                                </div>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ol>
                            }.into_any()
                        }
                        Err(error) => view! { <LoadError error /> }.into_any(),
                    }
                }
            })}
        </Suspense>
        <Feed />
    }
}

/// The private feed: made, shown once, replaced or revoked.
#[component]
fn Feed() -> impl IntoView {
    let i18n = use_i18n();
    let make = ServerAction::<NewCalendarFeed>::new();
    let revoke = ServerAction::<RevokeCalendarFeed>::new();
    let status = Resource::new(
        move || (make.version().get(), revoke.version().get()),
        |_| calendar_feed(),
    );
    // With JavaScript the answer of the form carries the address; without, the page that
    // follows gets it once from the session.
    let made = move || make.value().get().and_then(|r| r.ok()).and_then(|f| f.url);
    view! {
        <section class=CARD aria-labelledby="feed-heading">
            <h2 id="feed-heading" class="text-lg font-semibold">{t!(i18n, agenda.feed_title)}</h2>
            <p class="mt-1 text-sm text-slate-700">{t!(i18n, agenda.feed_intro)}</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let status = status.await.ok();
                    let fresh = status.as_ref().and_then(|s| s.url.clone()).or_else(made);
                    let active = status.and_then(|s| s.active_since);
                    let has = active.is_some();
                    view! {
                        {fresh.map(|url| view! {
                            <div class="mt-3 rounded-md border border-teal-300 bg-teal-50 p-3" role="status">
                                <p class="text-sm font-medium">{t!(i18n, agenda.feed_once)}</p>
                                <input readonly type="text" value=url class="mt-1 w-full rounded border border-slate-300 bg-white px-2 py-1 font-mono text-sm" aria-label=t_string!(i18n, agenda.feed_address) />
                            </div>
                        })}
                        <p class="mt-3 text-sm">
                            {match active {
                                Some(since) => t_string!(i18n, agenda.feed_active).replace("%date%", &since),
                                None => t_string!(i18n, agenda.feed_none).to_string(),
                            }}
                        </p>
                        <div class="mt-2 flex flex-wrap gap-2">
                            <ActionForm action=make>
                                <button type="submit" class=SMALL_BUTTON>
                                    {if has { t!(i18n, agenda.feed_replace).into_any() } else { t!(i18n, agenda.feed_make).into_any() }}
                                </button>
                            </ActionForm>
                            {has.then(|| view! {
                                <ActionForm action=revoke>
                                    <button type="submit" class=SMALL_BUTTON>{t!(i18n, agenda.feed_revoke)}</button>
                                </ActionForm>
                            })}
                        </div>
                    }
                })}
            </Suspense>
        </section>
    }
}
