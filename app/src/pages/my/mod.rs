pub mod autosave;
mod exercise;
pub(crate) mod journal;

pub use exercise::MyExercisePage;
pub use journal::MyJournalPage;

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::assignments::{my_assignments, my_results, AssignmentRow, AssignmentStatus};
use crate::components::chart::Results;
use crate::components::notices::Notices;
use crate::pages::assignments::status_label;

use crate::api::my::{my_dossier, my_home, MyDossierDto};
use crate::api::trajectories::my_trajectories;
use crate::components::errors::LoadError;
use crate::components::form::{CARD, ITEM_CARD};
use crate::components::upload::{size, UploadForm};
use crate::i18n::*;

/// The home of a client: "my trajectory".
#[component]
pub fn MyHomePage() -> impl IntoView {
    let i18n = use_i18n();
    let home = Resource::new(|| (), |_| my_home());
    let trajectories = Resource::new(|| (), |_| my_trajectories());
    let dossier = Resource::new(|| (), |_| my_dossier());
    let exercises = Resource::new(|| (), |_| my_assignments());
    let results = Resource::new(|| (), |_| my_results());
    view! {
        <Title text=t_string!(i18n, my.title).to_string() />
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match home.await {
                    Ok(h) => {
                        let name = h.your_name.clone();
                        let organization = h.organization_name.clone();
                        let coaches = h.coaches.clone();
                        view! {
                            <h1 class="text-2xl font-bold">
                                {t!(i18n, my.welcome, name = name)}
                            </h1>
                            <p class="mt-2 text-slate-700">
                                {t!(i18n, my.with, organization = organization)}
                            </p>
                            <section class=CARD aria-labelledby="coaches-heading">
                                <h2 id="coaches-heading" class="font-semibold">{t!(i18n, my.coaches)}</h2>
                                {if coaches.is_empty() {
                                    view! { <p class="mt-2 text-slate-600">{t!(i18n, my.no_coaches)}</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="mt-2 list-disc pl-5">
                                            {coaches.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                            </section>
                        }.into_any()
                    }
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
        <Notices />
        <p class="mt-6">
            <a class="inline-flex min-h-12 items-center rounded-md border border-teal-700 px-4 text-lg font-medium text-teal-800 hover:bg-teal-50" href="/my/journal">{t!(i18n, journal.open)}</a>
            " "
            <a class="ml-2 inline-flex min-h-12 items-center rounded-md px-4 text-lg font-medium text-teal-800 underline hover:bg-teal-50" href="/my/access">{t!(i18n, access_log.mine_title)}</a>
        </p>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match exercises.await {
                    Ok(rows) => view! { <MyExercises rows /> }.into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let rows = results.await.unwrap_or_default();
                (!rows.is_empty()).then(|| view! {
                    <section id="results" class=CARD aria-labelledby="my-results">
                        <h2 id="my-results" class="text-lg font-semibold">{t!(i18n, results.mine)}</h2>
                        <Results results=rows />
                    </section>
                })
            })}
        </Suspense>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match trajectories.await {
                    Ok(rows) if rows.is_empty() => view! { <p class="mt-8 text-slate-600">{t!(i18n, my.empty)}</p> }.into_any(),
                    Ok(rows) => view! {
                        <section class="mt-6" aria-labelledby="my-trajectories">
                            <h2 id="my-trajectories" class="text-lg font-semibold">{t!(i18n, my.trajectories)}</h2>
                            <ul class="mt-2 space-y-4">
                                {rows.into_iter().map(|t| view! {
                                    <li class=ITEM_CARD>
                                        <h3 class="font-semibold">{t.title.clone()}</h3>
                                        <p class="text-sm text-slate-600">{t.coach.clone().unwrap_or_default()}</p>
                                        <ul class="mt-2 list-disc pl-5" aria-label=t_string!(i18n, trajectories.goals)>
                                            {t.goals.into_iter().map(|g| view! {
                                                <li>{g.text} " · " <em>{crate::pages::clients::goal_status_label(i18n, g.status)}</em></li>
                                            }).collect_view()}
                                        </ul>
                                    </li>
                                }).collect_view()}
                            </ul>
                        </section>
                    }.into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match dossier.await {
                    Ok(d) => view! { <MyDossier d /> }.into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// What the coach shared: reports, upcoming appointments, documents; and the client's own
/// uploads.
#[component]
fn MyDossier(d: MyDossierDto) -> impl IntoView {
    let i18n = use_i18n();
    let card = CARD;
    view! {
        <section id="appointments" class=card aria-labelledby="my-appointments">
            <h2 id="my-appointments" class="text-lg font-semibold">{t!(i18n, my.appointments)}</h2>
            {if d.appointments.is_empty() {
                view! { <p class="mt-2 text-slate-600">{t!(i18n, my.no_appointments)}</p> }.into_any()
            } else {
                view! {
                    <ul class="mt-2 space-y-2">
                        {d.appointments.into_iter().map(|a| view! {
                            <li class="flex flex-wrap items-center justify-between gap-2 rounded-md border border-slate-200 p-3">
                                <div>
                                    <p class="font-medium">{a.title.clone()}</p>
                                    <p class="text-sm text-slate-700">{a.when.clone()} {a.coach.clone().map(|c| format!(" · {c}"))}</p>
                                    {a.location.clone().map(|l| view! { <p class="text-sm text-slate-600">{l}</p> })}
                                </div>
                                <a class="rounded border border-slate-300 px-3 py-2 text-sm" href=format!("/appointments/{}/calendar.ics", a.id) rel="external">{t!(i18n, agenda.ics)}</a>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <section id="reports" class=card aria-labelledby="my-reports">
            <h2 id="my-reports" class="text-lg font-semibold">{t!(i18n, my.reports)}</h2>
            {if d.reports.is_empty() {
                view! { <p class="mt-2 text-slate-600">{t!(i18n, my.no_reports)}</p> }.into_any()
            } else {
                view! {
                    <ol class="mt-2 space-y-4">
                        {d.reports.into_iter().map(|r| view! {
                            <li class="rounded-md border border-slate-200 p-3">
                                <h3 class="font-semibold">{t_string!(i18n, reports.heading).replace("%date%", &r.date)}</h3>
                                <p class="text-sm text-slate-600">{[r.author.clone(), r.trajectory.clone()].into_iter().flatten().collect::<Vec<_>>().join(" · ")}</p>
                                <div class="prose-koers mt-2" inner_html=r.html.clone()></div>
                                {(!r.amendments.is_empty()).then(|| view! {
                                    <ol class="mt-3 space-y-2 border-l-4 border-amber-300 pl-3" aria-label=t_string!(i18n, reports.amendments)>
                                        {r.amendments.iter().map(|a| view! {
                                            <li>
                                                <p class="text-sm font-medium text-slate-700">{t_string!(i18n, reports.amended_by).replace("%date%", &a.at).replace("%name%", a.author.as_deref().unwrap_or("—"))}</p>
                                                <div class="prose-koers" inner_html=a.html.clone()></div>
                                            </li>
                                        }).collect_view()}
                                    </ol>
                                })}
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </section>
        <section id="documents" class=card aria-labelledby="my-documents">
            <h2 id="my-documents" class="text-lg font-semibold">{t!(i18n, my.documents)}</h2>
            {if d.documents.is_empty() {
                view! { <p class="mt-2 text-slate-600">{t!(i18n, my.no_documents)}</p> }.into_any()
            } else {
                view! {
                    <ul class="mt-2 divide-y divide-slate-100">
                        {d.documents.into_iter().map(|doc| view! {
                            <li class="py-2">
                                <a class="font-medium text-teal-800 underline" href=format!("/documents/{}", doc.id) rel="external">{doc.filename.clone()}</a>
                                <p class="text-sm text-slate-600">{format!("{} · {} · {}", doc.kind.to_uppercase(), size(doc.size_bytes), doc.at)}</p>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <p class="mt-4 text-sm text-slate-700">{t!(i18n, my.upload_intro)}</p>
            <UploadForm client_id=None max_mb=d.max_upload_mb />
        </section>
    }
}

/// The client's exercises: to do, in progress, done.
#[component]
fn MyExercises(rows: Vec<AssignmentRow>) -> impl IntoView {
    let i18n = use_i18n();
    if rows.is_empty() {
        return ().into_any();
    }
    let group = move |status: AssignmentStatus, rows: &[AssignmentRow]| {
        let heading = status_label(i18n, status);
        let rows: Vec<AssignmentRow> = rows
            .iter()
            .filter(|r| r.status == status)
            .cloned()
            .collect();
        let heading_id = format!("exercises-{}", status.as_str());
        let labelled_by = heading_id.clone();
        view! {
            <section class="mt-3" aria-labelledby=labelled_by data-group=status.as_str()>
                <h3 id=heading_id class="font-semibold">{format!("{heading} ({})", rows.len())}</h3>
                {if rows.is_empty() {
                    view! { <p class="text-slate-600">{t!(i18n, answers.group_empty)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="mt-1 space-y-2">
                            {rows.into_iter().map(|r| {
                                let facts = [
                                    Some(r.trajectory.clone()),
                                    r.due.clone().map(|d| t_string!(i18n, answers.due).replace("%date%", &d)),
                                    (r.status == AssignmentStatus::Started).then(|| t_string!(i18n, answers.progress).replace("%answered%", &r.answered.to_string()).replace("%questions%", &r.questions.to_string())),
                                    r.has_feedback.then(|| t_string!(i18n, answers.has_feedback).to_string()),
                                ].into_iter().flatten().collect::<Vec<_>>().join(" · ");
                                view! {
                                    <li>
                                        <a class="flex min-h-12 flex-col justify-center rounded-md border border-slate-300 px-4 py-2 hover:bg-slate-50" href=format!("/my/exercises/{}", r.id)>
                                            <span class="text-lg font-medium text-teal-800">{r.exercise.clone()}</span>
                                            <span class="text-sm text-slate-600">{facts}</span>
                                        </a>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
        }
    };
    view! {
        <section id="exercises" class=CARD aria-labelledby="my-exercises">
            <h2 id="my-exercises" class="text-lg font-semibold">{t!(i18n, answers.my_title)}</h2>
            {AssignmentStatus::ALL.iter().map(|status| group(*status, &rows)).collect_view()}
        </section>
    }
    .into_any()
}
