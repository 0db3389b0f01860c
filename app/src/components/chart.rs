//! A client's scores over time: one line chart per scale (SVG) and the same figures as a
//! table, for screen readers and for anyone who prefers numbers.

use leptos::prelude::*;
use leptos_i18n::I18nContext;

use crate::api::assignments::{ResultsDto, SeriesDto};
use crate::api::exercises::ScoreDto;
use crate::i18n::*;

const WIDTH: f64 = 560.0;
const HEIGHT: f64 = 200.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 14.0;
const BOTTOM: f64 = 34.0;

/// A score as the reader writes numbers: `3,25` in Dutch, `3.25` in English.
pub fn decimal(i18n: I18nContext<Locale>, value: f64) -> String {
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.').to_string();
    if i18n.get_locale_untracked() == Locale::nl {
        text.replace('.', ",")
    } else {
        text
    }
}

/// Where each point goes: evenly spread from left to right, the scale's range bottom to top.
fn positions(series: &SeriesDto) -> Vec<(f64, f64)> {
    let n = series.points.len();
    let span = f64::from((series.max - series.min).max(1));
    series
        .points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let x = if n == 1 {
                LEFT + (WIDTH - LEFT - RIGHT) / 2.0
            } else {
                LEFT + (WIDTH - LEFT - RIGHT) * i as f64 / (n - 1) as f64
            };
            let share = ((p.score - f64::from(series.min)) / span).clamp(0.0, 1.0);
            let y = TOP + (HEIGHT - TOP - BOTTOM) * (1.0 - share);
            (x, y)
        })
        .collect()
}

#[component]
fn Series(exercise: String, series: SeriesDto) -> impl IntoView {
    let i18n = use_i18n();
    let title = t_string!(i18n, results.chart_title)
        .replace("%scale%", &series.name)
        .replace("%exercise%", &exercise);
    let id = format!("chart-{}-{}", exercise.len(), series.key);
    let at = positions(&series);
    let line = at
        .iter()
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect::<Vec<_>>()
        .join(" ");
    let bottom = HEIGHT - BOTTOM;
    let points = series.points.clone();
    view! {
        <figure class="mt-4" data-series=series.key.clone()>
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") class="w-full max-w-xl" role="img" aria-labelledby=format!("{id}-title")>
                <title id=format!("{id}-title")>{title.clone()}</title>
                <line x1=LEFT y1=TOP x2=LEFT y2=bottom stroke="#94a3b8" />
                <line x1=LEFT y1=bottom x2=WIDTH - RIGHT y2=bottom stroke="#94a3b8" />
                <text x=LEFT - 8.0 y=TOP + 4.0 text-anchor="end" font-size="12" fill="#334155">{series.max}</text>
                <text x=LEFT - 8.0 y=bottom + 4.0 text-anchor="end" font-size="12" fill="#334155">{series.min}</text>
                <polyline points=line fill="none" stroke="#0f766e" stroke-width="2" />
                {points.iter().zip(at.iter()).map(|(p, (x, y))| {
                    let label = format!("{}: {}{}", p.date, decimal(i18n, p.score), p.band.as_ref().map(|b| format!(" ({b})")).unwrap_or_default());
                    view! {
                        <circle cx=format!("{x:.1}") cy=format!("{y:.1}") r="5" fill="#0f766e" data-point="">
                            <title>{label}</title>
                        </circle>
                        <text x=format!("{x:.1}") y=HEIGHT - 12.0 text-anchor="middle" font-size="11" fill="#334155">{p.date.clone()}</text>
                    }
                }).collect_view()}
            </svg>
            <figcaption class="sr-only">{title.clone()}</figcaption>
            <details class="mt-1 text-sm">
                <summary class="cursor-pointer text-teal-800">{t!(i18n, results.as_table)}</summary>
                <table class="mt-2">
                    <caption class="text-left font-medium">{title}</caption>
                    <thead>
                        <tr class="text-left text-slate-600">
                            <th class="pr-6 font-normal">{t!(i18n, results.date)}</th>
                            <th class="pr-6 font-normal">{t!(i18n, results.score)}</th>
                            <th class="font-normal">{t!(i18n, results.band)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {series.points.into_iter().map(|p| view! {
                            <tr>
                                <td class="pr-6">{p.date}</td>
                                <td class="pr-6 tabular-nums">{decimal(i18n, p.score)}</td>
                                <td>{p.band.unwrap_or_default()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </details>
        </figure>
    }
}

/// Every scale of every scored exercise, over time.
#[component]
pub fn Results(results: Vec<ResultsDto>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        {results.into_iter().map(|r| {
            let exercise = r.exercise.clone();
            view! {
                <div class="mt-4" data-results=r.exercise.clone()>
                    <h3 class="font-semibold">{r.exercise.clone()}</h3>
                    <p class="text-sm text-slate-600">{t_string!(i18n, results.count).replace("%count%", &r.scales.first().map(|s| s.points.len()).unwrap_or(0).to_string())}</p>
                    {r.scales.into_iter().map(|series| view! { <Series exercise=exercise.clone() series /> }).collect_view()}
                </div>
            }
        }).collect_view()}
    }
}

/// The scores of one submission.
#[component]
pub fn Scores(scores: Vec<ScoreDto>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <table class="mt-2 text-sm" data-scores="">
            <caption class="text-left font-medium">{t!(i18n, results.scores)}</caption>
            <thead>
                <tr class="text-left text-slate-600">
                    <th class="pr-6 font-normal">{t!(i18n, results.scale)}</th>
                    <th class="pr-6 font-normal">{t!(i18n, results.score)}</th>
                    <th class="font-normal">{t!(i18n, results.band)}</th>
                </tr>
            </thead>
            <tbody>
                {scores.into_iter().map(|s| {
                    let counted = (s.answered < s.items).then(|| t_string!(i18n, results.partly).replace("%answered%", &s.answered.to_string()).replace("%items%", &s.items.to_string()));
                    view! {
                        <tr>
                            <td class="pr-6">{s.name}</td>
                            <td class="pr-6 tabular-nums">{decimal(i18n, s.score)} {counted.map(|c| format!(" ({c})"))}</td>
                            <td>{s.band.unwrap_or_default()}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
