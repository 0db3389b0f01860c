//! Exercises in a dossier: give one to the client within a trajectory, and follow them.

use leptos::prelude::*;

use crate::api::assignments::{
    dossier_assignments, dossier_results, exercises_to_give, AssignExercise, AssignmentStatus,
    WithdrawAssignment,
};
use crate::api::trajectories::TrajectoryStatus;
use crate::components::chart::Results;
use crate::components::errors::{action_error, banner_error, FieldError, FormError, LoadError};
use crate::components::form::{INPUT, PRIMARY_BUTTON, SMALL_BUTTON};
use crate::components::section::{CreateForm, Section};
use crate::i18n::*;
use crate::pages::assignments::status_label;

use super::TrajectoryChoices;

#[component]
pub fn Assignments(client_id: i32, trajectories: TrajectoryChoices) -> impl IntoView {
    let i18n = use_i18n();
    let assign = ServerAction::<AssignExercise>::new();
    let withdraw = ServerAction::<WithdrawAssignment>::new();
    let library = Resource::new(|| (), move |_| exercises_to_give(client_id));
    let list = Resource::new(
        move || (assign.version().get(), withdraw.version().get()),
        move |_| dossier_assignments(client_id),
    );
    let results = Resource::new(
        move || assign.version().get(),
        move |_| dossier_results(client_id),
    );
    let error = action_error(assign);
    view! {
        <Section id="assignments" title=t_string!(i18n, answers.dossier_title).to_string() row_error=action_error(withdraw)>
            <CreateForm label=t_string!(i18n, answers.assign_title).to_string() error=error>
                <ActionForm action=assign attr:class="mt-3 grid items-start gap-3 sm:grid-cols-2" attr:novalidate="true">
                    <input type="hidden" name="client_id" value=client_id />
                    <div>
                        <label for="assign-exercise" class="block font-medium">{t!(i18n, answers.exercise)}</label>
                        <Suspense fallback=|| view! { <select id="assign-exercise" name="input[exercise_id]" class=INPUT></select> }>
                            {move || Suspend::new(async move {
                                let rows = library.await.unwrap_or_default();
                                view! {
                                    <select id="assign-exercise" name="input[exercise_id]" class=INPUT aria-describedby="assign-exercise-error">
                                        <option value="">{t!(i18n, answers.choose)}</option>
                                        {rows.into_iter().map(|e| view! { <option value=e.id>{e.title}</option> }).collect_view()}
                                    </select>
                                }
                            })}
                        </Suspense>
                        <FieldError error field="exercise_id" id="assign-exercise-error" />
                    </div>
                    <div>
                        <label for="assign-trajectory" class="block font-medium">{t!(i18n, answers.trajectory)}</label>
                        <Suspense fallback=|| view! { <select id="assign-trajectory" name="input[trajectory_id]" class=INPUT></select> }>
                            {move || Suspend::new(async move {
                                let rows = trajectories.await.unwrap_or_default();
                                view! {
                                    <select id="assign-trajectory" name="input[trajectory_id]" class=INPUT aria-describedby="assign-trajectory-error">
                                        {rows.into_iter().filter(|t| t.status != TrajectoryStatus::Closed).map(|t| view! { <option value=t.id>{t.title}</option> }).collect_view()}
                                    </select>
                                }
                            })}
                        </Suspense>
                        <FieldError error field="trajectory_id" id="assign-trajectory-error" />
                    </div>
                    <div>
                        <label for="assign-due" class="block font-medium">{t!(i18n, answers.due_label)}</label>
                        <input id="assign-due" name="input[due_date]" type="date" class=INPUT aria-describedby="assign-due-error" />
                        <FieldError error field="due_date" id="assign-due-error" />
                    </div>
                    <div class="sm:col-span-2">
                        <label for="assign-message" class="block font-medium">{t!(i18n, answers.message_label)}</label>
                        <textarea id="assign-message" name="input[message]" rows=3 class=INPUT aria-describedby="assign-message-error"></textarea>
                        <FieldError error field="message" id="assign-message-error" />
                    </div>
                    <div class="sm:col-span-2 flex items-center gap-2">
                        <input id="assign-show" name="input[show_results]" type="checkbox" value="yes" class="h-5 w-5 accent-teal-700" />
                        <label for="assign-show">{t!(i18n, results.show_to_client)}</label>
                    </div>
                    <div class="sm:col-span-2">
                        <FormError error=banner_error(error) />
                        <button type="submit" class=PRIMARY_BUTTON>{t!(i18n, answers.assign)}</button>
                    </div>
                </ActionForm>
            </CreateForm>
            <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(rows) if rows.is_empty() => view! { <p class="mt-3 text-slate-600">{t!(i18n, answers.none_assigned)}</p> }.into_any(),
                        Ok(rows) => view! {
                            <ul class="mt-3 divide-y divide-slate-100">
                                {rows.into_iter().map(|r| {
                                    let progress = t_string!(i18n, answers.progress)
                                        .replace("%answered%", &r.answered.to_string())
                                        .replace("%questions%", &r.questions.to_string());
                                    let facts = [
                                        Some(r.trajectory.clone()),
                                        Some(status_label(i18n, r.status)),
                                        Some(progress),
                                        r.due.clone().map(|d| t_string!(i18n, answers.due).replace("%date%", &d)),
                                        r.has_feedback.then(|| t_string!(i18n, answers.has_feedback).to_string()),
                                    ].into_iter().flatten().collect::<Vec<_>>().join(" · ");
                                    view! {
                                        <li class="flex flex-wrap items-center justify-between gap-2 py-2" data-assignment=r.id>
                                            <div>
                                                <a class="font-medium text-teal-800 underline" href=format!("/assignments/{}", r.id)>{r.exercise.clone()}</a>
                                                <p class="text-sm text-slate-600">{facts}</p>
                                            </div>
                                            {(r.status == AssignmentStatus::Open).then(|| view! {
                                                <ActionForm action=withdraw>
                                                    <input type="hidden" name="id" value=r.id />
                                                    <button type="submit" class=SMALL_BUTTON>{t!(i18n, answers.withdraw)}</button>
                                                </ActionForm>
                                            })}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(error) => view! { <LoadError error /> }.into_any(),
                    }
                })}
            </Suspense>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let rows = results.await.unwrap_or_default();
                    (!rows.is_empty()).then(|| view! {
                        <section id="results" class="mt-4 border-t border-slate-200 pt-3" aria-labelledby="results-heading">
                            <h3 id="results-heading" class="font-semibold">{t!(i18n, results.title)}</h3>
                            <Results results=rows />
                        </section>
                    })
                })}
            </Suspense>
        </Section>
    }
}
