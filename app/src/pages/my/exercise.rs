//! The client answers an exercise: all questions on one page, large targets, saved while
//! typing (see `autosave`), and without JavaScript saved with the form's buttons.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::assignments::{my_assignment, AssignmentDto, AssignmentStatus};
use crate::components::chart::Scores;
use crate::components::errors::{problem_text, LoadError};
use crate::components::form::{CARD, ITEM_CARD, PRIMARY_BUTTON};
use crate::components::question::{AnswerView, QuestionView};
use crate::error::FieldProblem;
use crate::i18n::*;
use crate::pages::assignments::{status_label, Feedback};

use super::autosave::{Autosave, SaveState};

/// `q3:Required,confirm:MustAgree` → the problems per field.
pub fn problems_from_query(raw: &str) -> BTreeMap<String, FieldProblem> {
    raw.split(',')
        .filter_map(|part| {
            let (key, code) = part.split_once(':')?;
            let problem = serde_json::from_str(&format!("\"{code}\"")).ok()?;
            Some((key.to_string(), problem))
        })
        .collect()
}

#[component]
pub fn MyExercisePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || {
        params
            .with(|p| p.get("id"))
            .and_then(|id| id.parse::<i32>().ok())
            .unwrap_or(0)
    };
    let data = Resource::new(id, my_assignment);
    view! {
        <p><a class="text-teal-800 underline" href="/my">{t!(i18n, answers.back)}</a></p>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(a) => view! { <Exercise a /> }.into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Exercise(a: AssignmentDto) -> impl IntoView {
    let i18n = use_i18n();
    let facts = [
        Some(a.trajectory.clone()),
        a.due
            .clone()
            .map(|d| t_string!(i18n, answers.due).replace("%date%", &d)),
        Some(status_label(i18n, a.status)),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ");
    let submitted = a.status == AssignmentStatus::Submitted;
    view! {
        <Title text=a.exercise.clone() />
        <h1 class="mt-2 text-2xl font-bold">{a.exercise.clone()}</h1>
        <p class="mt-1 text-slate-600">{facts}</p>
        {a.message.clone().map(|m| view! {
            <blockquote class="mt-4 rounded-md border-l-4 border-teal-600 bg-teal-50 p-3">
                <p class="text-sm font-medium text-slate-700">{t!(i18n, answers.message)}</p>
                <p class="whitespace-pre-wrap">{m}</p>
            </blockquote>
        })}
        <div class="prose-koers mt-4" inner_html=a.intro_html.clone()></div>
        {if submitted {
            view! { <Submitted a /> }.into_any()
        } else {
            view! { <AnswerForm a /> }.into_any()
        }}
    }
}

/// After submitting: the answers as given, with the coach's feedback.
#[component]
fn Submitted(a: AssignmentDto) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let just = query.with_untracked(|q| q.get("submitted").is_some());
    let submitted = a.submitted.clone().unwrap_or_default();
    view! {
        <section id="answers" class="mt-6" aria-labelledby="answers-heading">
            <h2 id="answers-heading" class="text-lg font-semibold">{t!(i18n, answers.your_answers)}</h2>
            <p role="status" class="mt-2 rounded-md border border-teal-300 bg-teal-50 px-3 py-2">
                {if just {
                    t_string!(i18n, answers.submitted_now).to_string()
                } else {
                    t_string!(i18n, answers.submitted_on).replace("%date%", &submitted)
                }}
            </p>
            {(!a.scores.is_empty()).then(|| view! {
                <section class="mt-4 rounded-lg border border-slate-200 bg-white p-4" aria-labelledby="my-scores">
                    <h2 id="my-scores" class="text-lg font-semibold">{t!(i18n, results.your_scores)}</h2>
                    <Scores scores=a.scores.clone() />
                </section>
            })}
            <ol class="mt-4 space-y-4">
                {a.questions.iter().enumerate().map(|(i, q)| {
                    let answer = a.answer(&q.key).cloned();
                    let feedback = answer.as_ref().and_then(|x| x.feedback.clone());
                    view! {
                        <li class=ITEM_CARD data-question=q.key.clone()>
                            <p class="text-lg font-medium">{format!("{}. {}", i + 1, q.prompt)}</p>
                            <AnswerView q=q.clone() answer />
                            {feedback.map(|f| view! { <Feedback text=f by=None /> })}
                        </li>
                    }
                }).collect_view()}
            </ol>
            {a.feedback.clone().map(|f| view! {
                <section class="mt-6" aria-labelledby="overall-feedback">
                    <h2 id="overall-feedback" class="text-lg font-semibold">{t!(i18n, answers.overall_feedback)}</h2>
                    <Feedback text=f by=a.feedback_by.clone() />
                </section>
            })}
        </section>
    }
}

#[component]
fn AnswerForm(a: AssignmentDto) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let from_query = query.with_untracked(|q| {
        (
            q.get("problems")
                .map(|p| problems_from_query(&p))
                .unwrap_or_default(),
            q.get("conflicts")
                .map(|c| c.split(',').map(str::to_string).collect::<Vec<_>>())
                .unwrap_or_default(),
            q.get("saved").is_some(),
            q.get("locked").is_some(),
        )
    });
    let (problems, conflicts, saved, locked) = from_query;
    let autosave = Autosave::new(a.id, conflicts);
    let hydrated = RwSignal::new(false);
    let answers = a.answers.clone();
    Effect::new(move |done: Option<()>| {
        if done.is_none() {
            hydrated.set(true);
            autosave.start(&answers);
        }
    });
    let online = window_event_listener(leptos::ev::online, move |_| autosave.flush());
    let focus = window_event_listener(leptos::ev::focus, move |_| autosave.refresh());
    on_cleanup(move || {
        online.remove();
        focus.remove();
    });
    let state_text = move || {
        let text = match (hydrated.get(), autosave.state.get()) {
            (false, _) => t_string!(i18n, answers.state_manual),
            (true, SaveState::Idle) => t_string!(i18n, answers.state_idle),
            (true, SaveState::Saving) => t_string!(i18n, answers.state_saving),
            (true, SaveState::Saved) => t_string!(i18n, answers.state_saved),
            (true, SaveState::Offline) => t_string!(i18n, answers.state_offline),
            (true, SaveState::Closed) => t_string!(i18n, answers.state_closed),
        };
        text.to_string()
    };
    let state_name = move || format!("{:?}", autosave.state.get()).to_lowercase();
    let server_problems = problems.clone();
    let problem_for = move |key: String| {
        let from_form = server_problems.get(&key).copied();
        Signal::derive(move || {
            let live = autosave.problems.with(|m| m.get(&key).copied());
            let elsewhere = autosave.elsewhere.with(|e| e.contains(&key));
            live.or(from_form)
                .map(|p| problem_text(i18n, p))
                .or_else(|| elsewhere.then(|| t_string!(i18n, answers.elsewhere).to_string()))
        })
    };
    let confirm_problem = problems.get("confirm").map(|p| problem_text(i18n, *p));
    let any_problem = !problems.is_empty();
    let id = a.id;
    view! {
        <form
            id="answers"
            node_ref=autosave.form
            method="post"
            action=format!("/my/assignments/{id}/answers")
            enctype="multipart/form-data"
            novalidate
            class="mt-6"
            on:input=move |ev| autosave.edited(ev)
            on:change=move |ev| autosave.edited(ev)
        >
            {saved.then(|| view! { <p role="status" class="mb-3 rounded-md border border-teal-300 bg-teal-50 px-3 py-2">{t!(i18n, answers.saved_now)}</p> })}
            {locked.then(|| view! { <p role="alert" class="mb-3 rounded-md border border-amber-300 bg-amber-50 px-3 py-2">{t!(i18n, answers.state_closed)}</p> })}
            {any_problem.then(|| view! { <p role="alert" class="mb-3 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-red-800">{t!(i18n, answers.see_problems)}</p> })}
            <div hidden>
                {a.questions.iter().map(|q| {
                    let seq = a.answer(&q.key).map(|x| x.seq).unwrap_or(0);
                    view! { <input type="hidden" name=format!("base_{}", q.key) value=seq /> }
                }).collect_view()}
            </div>
            <ol class="space-y-4">
                {a.questions.iter().enumerate().map(|(i, q)| {
                    let answer = a.answer(&q.key);
                    let values = answer.map(|x| x.values.clone()).unwrap_or_default();
                    let file = answer.and_then(|x| x.document_id.map(|d| (d, x.values.first().cloned().unwrap_or_default())));
                    view! { <QuestionView q=q.clone() number=i + 1 disabled=false values file problem=problem_for(q.key.clone()) /> }
                }).collect_view()}
            </ol>
            <div class="sticky bottom-0 mt-4 flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 bg-white/95 py-3">
                <p id="save-state" aria-live="polite" data-state=state_name class="text-slate-700">{state_text}</p>
                <button type="submit" name="intent" value="save" class="rounded-md border border-slate-400 px-4 py-3 text-lg">{t!(i18n, answers.save)}</button>
            </div>
            <section id="submit" class=CARD aria-labelledby="submit-heading">
                <h2 id="submit-heading" class="text-lg font-semibold">{t!(i18n, answers.submit_heading)}</h2>
                <label for="confirm" class="mt-2 flex min-h-12 cursor-pointer items-center gap-3 text-lg">
                    <input id="confirm" type="checkbox" name="confirm" value="yes" class="h-6 w-6 accent-teal-700" aria-describedby="confirm-error" />
                    {t!(i18n, answers.confirm)}
                </label>
                <p id="confirm-error" class="mt-1 min-h-5 text-red-700">{confirm_problem}</p>
                <button type="submit" name="intent" value="submit" class=format!("{PRIMARY_BUTTON} mt-2 px-6 py-3 text-lg")>{t!(i18n, answers.submit)}</button>
            </section>
        </form>
    }
}
