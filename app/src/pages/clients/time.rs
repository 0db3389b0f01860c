//! Time registration in a dossier: log minutes, see the latest entries and the totals per
//! week and month.

use leptos::prelude::*;

use leptos_i18n::I18nContext;

use crate::api::time::{dossier_time, Activity, DeleteTime, LogTime, Total};
use crate::components::errors::{action_error, banner_error, FieldError, FormError, LoadError};
use crate::components::form::{INPUT, PRIMARY_BUTTON, SMALL_BUTTON};
use crate::components::section::Section;
use crate::i18n::*;

use super::{TrajectoryChoices, TrajectorySelect};

pub fn activity_label(i18n: I18nContext<Locale>, activity: Activity) -> String {
    match activity {
        Activity::Session => t_string!(i18n, time.session).to_string(),
        Activity::Preparation => t_string!(i18n, time.preparation).to_string(),
        Activity::Reporting => t_string!(i18n, time.reporting).to_string(),
        Activity::Travel => t_string!(i18n, time.travel).to_string(),
        Activity::Other => t_string!(i18n, time.other).to_string(),
    }
}

/// `95` → `1:35`.
pub fn hours(minutes: i64) -> String {
    format!("{}:{:02}", minutes / 60, minutes % 60)
}

#[component]
pub fn Totals(label: String, totals: Vec<Total>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <table class="mt-2 text-sm">
            <caption class="text-left font-medium">{label}</caption>
            <thead>
                <tr><th class="pr-6 text-left font-normal text-slate-600">{t!(i18n, time.period)}</th><th class="text-right font-normal text-slate-600">{t!(i18n, time.hours)}</th></tr>
            </thead>
            <tbody>
                {totals.into_iter().map(|t| view! {
                    <tr><td class="pr-6">{t.period}</td><td class="text-right tabular-nums">{hours(t.minutes)}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
pub fn Time(client_id: i32, trajectories: TrajectoryChoices) -> impl IntoView {
    let i18n = use_i18n();
    let log = ServerAction::<LogTime>::new();
    let delete = ServerAction::<DeleteTime>::new();
    let data = Resource::new(
        move || (log.version().get(), delete.version().get()),
        move |_| dossier_time(client_id),
    );
    let error = action_error(log);
    view! {
        <Section id="time" title=t_string!(i18n, time.title).to_string() row_error=action_error(delete)>
            <ActionForm action=log attr:class="mt-3 grid items-start gap-3 sm:grid-cols-3" attr:novalidate="true">
                <input type="hidden" name="client_id" value=client_id />
                <div>
                    <label for="time-minutes" class="block font-medium">{t!(i18n, time.minutes)}</label>
                    <input id="time-minutes" name="input[minutes]" type="number" min="1" max="1440" inputmode="numeric" class=INPUT aria-describedby="time-minutes-error" />
                    <FieldError error field="minutes" id="time-minutes-error" />
                </div>
                <div>
                    <label for="time-activity" class="block font-medium">{t!(i18n, time.activity)}</label>
                    <select id="time-activity" name="input[activity]" class=INPUT>
                        {Activity::ALL.iter().map(|a| view! { <option value=a.as_str()>{activity_label(i18n, *a)}</option> }).collect_view()}
                    </select>
                </div>
                <div>
                    <label for="time-date" class="block font-medium">{t!(i18n, time.date)}</label>
                    <input id="time-date" name="input[date]" type="date" class=INPUT aria-describedby="time-date-error" />
                    <FieldError error field="date" id="time-date-error" />
                </div>
                <TrajectorySelect id="time-trajectory".to_string() name="input[trajectory_id]" selected=None trajectories error />
                <div class="sm:col-span-2">
                    <label for="time-note" class="block font-medium">{t!(i18n, time.note)}</label>
                    <input id="time-note" name="input[note]" type="text" class=INPUT aria-describedby="time-note-error" />
                    <FieldError error field="note" id="time-note-error" />
                </div>
                <div class="sm:col-span-3">
                    <FormError error=banner_error(error) />
                    <button type="submit" class=PRIMARY_BUTTON>{t!(i18n, time.log)}</button>
                </div>
            </ActionForm>
            <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(d) if d.entries.is_empty() => view! { <p class="mt-3 text-slate-600">{t!(i18n, time.none)}</p> }.into_any(),
                        Ok(d) => view! {
                            <div class="mt-4 overflow-x-auto">
                                <table class="w-full text-sm">
                                    <caption class="sr-only">{t!(i18n, time.entries)}</caption>
                                    <thead>
                                        <tr class="text-left text-slate-600">
                                            <th class="py-1 font-normal">{t!(i18n, time.day)}</th>
                                            <th class="py-1 font-normal">{t!(i18n, time.minutes)}</th>
                                            <th class="py-1 font-normal">{t!(i18n, time.activity)}</th>
                                            <th class="py-1 font-normal">{t!(i18n, time.who)}</th>
                                            <th class="py-1 font-normal">{t!(i18n, time.note)}</th>
                                            <th></th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {d.entries.into_iter().map(|e| view! {
                                            <tr class="border-t border-slate-100">
                                                <td class="py-1">{e.date.clone()}</td>
                                                <td class="py-1 tabular-nums">{e.minutes}</td>
                                                <td class="py-1">{activity_label(i18n, e.activity)}</td>
                                                <td class="py-1">{e.coach.clone().unwrap_or_default()}</td>
                                                <td class="py-1">{[e.trajectory.clone(), e.note.clone()].into_iter().flatten().collect::<Vec<_>>().join(" · ")}</td>
                                                <td class="py-1 text-right">
                                                    {e.can_delete.then(|| view! {
                                                        <ActionForm action=delete>
                                                            <input type="hidden" name="id" value=e.id />
                                                            <button type="submit" class=SMALL_BUTTON>{t!(i18n, time.delete)}</button>
                                                        </ActionForm>
                                                    })}
                                                </td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            <div class="mt-3 flex flex-wrap gap-8">
                                <Totals label=t_string!(i18n, time.per_week).to_string() totals=d.weeks.into_iter().take(8).collect() />
                                <Totals label=t_string!(i18n, time.per_month).to_string() totals=d.months.into_iter().take(6).collect() />
                            </div>
                        }.into_any(),
                        Err(error) => view! { <LoadError error /> }.into_any(),
                    }
                })}
            </Suspense>
        </Section>
    }
}
