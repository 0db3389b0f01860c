//! The coach's view of one assignment: the client's answers, feedback per answer and on
//! the whole, and reopening for the client.

use leptos::prelude::*;

use crate::components::form::{CARD, INPUT, ITEM_CARD};
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::assignments::{
    assignment, AssignmentDto, AssignmentStatus, GiveFeedback, ReopenAssignment, ShowResults,
};
use crate::api::clients::DossierTab;
use crate::components::chart::Scores;
use crate::components::errors::{action_error, banner_error, FieldError, FormError, LoadError};
use crate::components::form::{raw_text, PRIMARY_BUTTON, SMALL_BUTTON};
use crate::components::question::AnswerView;
use crate::i18n::*;

pub fn status_label(i18n: I18nContext<Locale>, status: AssignmentStatus) -> String {
    match status {
        AssignmentStatus::Open => t_string!(i18n, answers.status_open).to_string(),
        AssignmentStatus::Started => t_string!(i18n, answers.status_started).to_string(),
        AssignmentStatus::Submitted => t_string!(i18n, answers.status_submitted).to_string(),
    }
}

/// A coach's feedback as the client and the coach read it.
#[component]
pub fn Feedback(text: String, by: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="mt-3 rounded-md border-l-4 border-amber-400 bg-amber-50 p-3" data-feedback="">
            <p class="text-sm font-medium text-slate-700">
                {match by {
                    Some(name) => t_string!(i18n, answers.feedback_by).replace("%name%", &name),
                    None => t_string!(i18n, answers.feedback).to_string(),
                }}
            </p>
            <p class="whitespace-pre-wrap">{text}</p>
        </div>
    }
}

#[component]
pub fn AssignmentPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || {
        params
            .with(|p| p.get("id"))
            .and_then(|id| id.parse::<i32>().ok())
            .unwrap_or(0)
    };
    let feedback = ServerAction::<GiveFeedback>::new();
    let reopen = ServerAction::<ReopenAssignment>::new();
    let show = ServerAction::<ShowResults>::new();
    let data = Resource::new(
        move || {
            (
                id(),
                feedback.version().get(),
                reopen.version().get(),
                show.version().get(),
            )
        },
        |(id, ..)| assignment(id),
    );
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(a) => view! { <Review a feedback reopen show /> }.into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Review(
    a: AssignmentDto,
    feedback: ServerAction<GiveFeedback>,
    reopen: ServerAction<ReopenAssignment>,
    show: ServerAction<ShowResults>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(feedback);
    let submitted = a.status == AssignmentStatus::Submitted;
    let facts = [
        Some(a.trajectory.clone()),
        Some(t_string!(i18n, exercises.version).replace("%version%", &a.version.to_string())),
        Some(status_label(i18n, a.status)),
        a.submitted.clone(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ");
    let id = a.id;
    view! {
        <Title text=format!("{} · {}", a.exercise, a.client_name) />
        <p><a class="text-teal-800 underline" href=DossierTab::Exercises.path(a.client_id)>{t_string!(i18n, answers.back_to_dossier).replace("%name%", &a.client_name)}</a></p>
        <h1 class="mt-2 text-2xl font-bold">{a.exercise.clone()}</h1>
        <p class="mt-1 text-slate-600">{facts}</p>
        <FormError error=banner_error(error) />
        <FormError error=action_error(reopen) />
        {(!submitted).then(|| view! { <p class="mt-4 rounded-md bg-slate-100 px-3 py-2">{t!(i18n, answers.not_submitted)}</p> })}
        {(!a.scores.is_empty()).then(|| {
            let (value, label, state) = if a.show_results {
                ("false", t_string!(i18n, results.hide), t_string!(i18n, results.shown))
            } else {
                ("true", t_string!(i18n, results.show), t_string!(i18n, results.hidden))
            };
            view! {
                <section id="scores" class="mt-4 rounded-lg border border-slate-200 bg-white p-4" aria-labelledby="scores-heading">
                    <h2 id="scores-heading" class="text-lg font-semibold">{t!(i18n, results.scores)}</h2>
                    <Scores scores=a.scores.clone() />
                    <FormError error=action_error(show) />
                    <ActionForm action=show attr:class="mt-3 flex flex-wrap items-center gap-3">
                        <input type="hidden" name="id" value=a.id />
                        <input type="hidden" name="show" value=value />
                        <span class="text-sm text-slate-700">{state}</span>
                        <button type="submit" class=SMALL_BUTTON>{label}</button>
                    </ActionForm>
                </section>
            }
        })}
        <ol class="mt-4 space-y-4">
            {a.questions.clone().into_iter().enumerate().map(|(i, q)| {
                let answer = a.answer(&q.key).cloned();
                let key = q.key.clone();
                let given = answer.as_ref().is_some_and(|x| !x.values.is_empty());
                let current = answer.as_ref().and_then(|x| x.feedback.clone()).unwrap_or_default();
                let field_id = format!("feedback-{}", q.key);
                let error_id = format!("{field_id}-error");
                view! {
                    <li class=ITEM_CARD data-question=q.key.clone()>
                        <p class="text-lg font-medium">{format!("{}. {}", i + 1, q.prompt)}</p>
                        <AnswerView q=q.clone() answer />
                        {(submitted && given).then(move || view! {
                            <ActionForm action=feedback attr:class="mt-3">
                                <input type="hidden" name="id" value=id />
                                <input type="hidden" name="key" value=key />
                                <label for=field_id.clone() class="block text-sm font-medium">{t!(i18n, answers.feedback_on_answer)}</label>
                                <textarea id=field_id.clone() name="feedback" rows=2 class=INPUT aria-describedby=error_id.clone()>{raw_text(current)}</textarea>
                                <FieldError error field="feedback" id=error_id.clone() />
                                <button type="submit" class=SMALL_BUTTON>{t!(i18n, answers.save_feedback)}</button>
                            </ActionForm>
                        })}
                    </li>
                }
            }).collect_view()}
        </ol>
        {submitted.then(|| {
            let current = a.feedback.clone().unwrap_or_default();
            view! {
                <section id="overall" class=CARD aria-labelledby="overall-heading">
                    <h2 id="overall-heading" class="text-lg font-semibold">{t!(i18n, answers.overall_feedback)}</h2>
                    <ActionForm action=feedback attr:class="mt-2">
                        <input type="hidden" name="id" value=id />
                        <input type="hidden" name="key" value="" />
                        <label for="feedback-overall" class="block text-sm font-medium">{t!(i18n, answers.feedback_overall_label)}</label>
                        <textarea id="feedback-overall" name="feedback" rows=4 class=INPUT aria-describedby="feedback-overall-error">{raw_text(current)}</textarea>
                        <FieldError error field="feedback" id="feedback-overall-error" />
                        <button type="submit" class=PRIMARY_BUTTON>{t!(i18n, answers.save_feedback)}</button>
                    </ActionForm>
                    <ActionForm action=reopen attr:class="mt-6 border-t border-slate-200 pt-4">
                        <input type="hidden" name="id" value=id />
                        <p class="text-sm text-slate-700">{t!(i18n, answers.reopen_note)}</p>
                        <button type="submit" class=format!("{SMALL_BUTTON} mt-2")>{t!(i18n, answers.reopen)}</button>
                    </ActionForm>
                </section>
            }
        })}
    }
}
