//! The first tab of a dossier: what runs now, what comes next, what waits for the coach,
//! and the newest activity, from one call.

use leptos::prelude::*;

use crate::api::assignments::AssignmentRow;
use crate::api::clients::{dossier_overview, DossierTab, OverviewDto, TimelineKind};
use crate::components::errors::LoadError;
use crate::components::section::Section;
use crate::i18n::*;

use super::goal_status_label;

#[component]
pub fn Overview(client_id: i32) -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(move || (), move |_| dossier_overview(client_id));
    view! {
        <Suspense fallback=move || view! { <p class="mt-4">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(overview) => view! { <Glance overview client_id /> }.into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

const EMPTY: &str = "mt-2 text-slate-600";
const LINK: &str = "text-teal-800 underline";

#[component]
fn Glance(overview: OverviewDto, client_id: i32) -> impl IntoView {
    let i18n = use_i18n();
    let OverviewDto {
        active,
        next_appointment,
        open_exercises,
        to_review,
        recent,
    } = overview;
    let active = if active.is_empty() {
        view! { <p class=EMPTY>{t!(i18n, overview.no_active)}</p> }.into_any()
    } else {
        active
            .into_iter()
            .map(|t| {
                view! {
                    <p class="mt-2 font-medium">
                        <a class=LINK href=DossierTab::Trajectories.path(client_id)>{t.title}</a>
                    </p>
                    <ul class="mt-1 space-y-1" aria-label=t_string!(i18n, trajectories.goals)>
                        {t.goals.into_iter().map(|g| view! {
                            <li class="flex flex-wrap justify-between gap-x-3">
                                <span>{g.text}</span>
                                <span class="text-sm text-slate-600">{goal_status_label(i18n, g.status)}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }
            })
            .collect_view()
            .into_any()
    };
    let next = match next_appointment {
        Some(a) => view! {
            <p class="mt-2"><a class=LINK href=DossierTab::Agenda.path(client_id)>{a.title}</a></p>
            <p class="text-sm text-slate-600">{a.when}</p>
        }
        .into_any(),
        None => view! { <p class=EMPTY>{t!(i18n, overview.no_next)}</p> }.into_any(),
    };
    let due = t_string!(i18n, answers.due);
    let open = exercise_links(
        open_exercises,
        view! { <p class=EMPTY>{t!(i18n, overview.no_open)}</p> }.into_any(),
        |a| a.due.as_ref().map(|date| due.replace("%date%", date)),
    );
    let submitted = t_string!(i18n, overview.submitted);
    let review = exercise_links(
        to_review,
        view! { <p class=EMPTY>{t!(i18n, overview.no_review)}</p> }.into_any(),
        |a| {
            a.submitted
                .as_ref()
                .map(|date| submitted.replace("%date%", date))
        },
    );
    view! {
        <div class="grid gap-x-4 md:grid-cols-2">
            <Section id="now" title=t_string!(i18n, overview.active).to_string()>{active}</Section>
            <Section id="next" title=t_string!(i18n, overview.next).to_string()>{next}</Section>
            <Section id="open" title=t_string!(i18n, overview.open).to_string()>{open}</Section>
            <Section id="review" title=t_string!(i18n, overview.review).to_string()>{review}</Section>
        </div>
        <Timeline items=recent />
    }
}

/// Exercises as links to where the coach reads them, each with a short note (when it is due,
/// when it was handed in), or `empty` when there are none.
fn exercise_links(
    rows: Vec<AssignmentRow>,
    empty: AnyView,
    note: impl Fn(&AssignmentRow) -> Option<String>,
) -> AnyView {
    if rows.is_empty() {
        return empty;
    }
    view! {
        <ul class="mt-2 space-y-1">
            {rows.into_iter().map(|a| {
                let note = note(&a).map(|text| view! { <span class="text-sm text-slate-600">" · " {text}</span> });
                view! {
                    <li>
                        <a class=LINK href=format!("/assignments/{}", a.id)>{a.exercise}</a>
                        {note}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// The newest lines of the dossier's activity.
#[component]
fn Timeline(items: Vec<crate::api::clients::TimelineItemDto>) -> impl IntoView {
    let i18n = use_i18n();
    let kind = move |kind: TimelineKind| {
        match kind {
            TimelineKind::Report => t_string!(i18n, timeline.report),
            TimelineKind::Appointment => t_string!(i18n, timeline.appointment),
            TimelineKind::Time => t_string!(i18n, timeline.time),
            TimelineKind::Document => t_string!(i18n, timeline.document),
            TimelineKind::Trajectory => t_string!(i18n, timeline.trajectory),
        }
        .to_string()
    };
    view! {
        <Section id="timeline" title=t_string!(i18n, timeline.title).to_string()>
            {if items.is_empty() {
                view! { <p class=EMPTY>{t!(i18n, timeline.none)}</p> }.into_any()
            } else {
                view! {
                    <ol class="mt-3 space-y-2 border-l-2 border-teal-200 pl-4">
                        {items.into_iter().map(|item| view! {
                            <li>
                                <p class="text-sm text-slate-600"><time>{item.at}</time> " · " {kind(item.kind)}</p>
                                <p>{item.title} {item.who.map(|w| view! { <span class="text-slate-600">" · " {w}</span> })}</p>
                            </li>
                        }).collect_view()}
                    </ol>
                }
                .into_any()
            }}
        </Section>
    }
}
