//! The builder's scoring: scales made of scale questions with weights, reverse items and
//! bands. Scores are computed on the server when a client submits.

use leptos::prelude::*;

use crate::components::form::INPUT;

use crate::api::exercises::{
    bands_text, AddScale, QuestionDto, QuestionKind, RemoveScale, ScoringDto, UpdateScale,
};
use crate::components::errors::{action_error, banner_error, FieldError, FormError};
use crate::components::form::{raw_text, PRIMARY_BUTTON, SMALL_BUTTON};
use crate::i18n::*;

use super::CARD;

#[derive(Clone, Copy)]
pub struct ScoringActions {
    pub add: ServerAction<AddScale>,
    pub update: ServerAction<UpdateScale>,
    pub remove: ServerAction<RemoveScale>,
}

impl ScoringActions {
    pub fn new() -> Self {
        Self {
            add: ServerAction::new(),
            update: ServerAction::new(),
            remove: ServerAction::new(),
        }
    }

    /// Changes whenever one of them ran, for the builder's data to follow.
    pub fn versions(&self) -> (usize, usize, usize) {
        (
            self.add.version().get(),
            self.update.version().get(),
            self.remove.version().get(),
        )
    }
}

#[component]
pub fn ScoringEditor(
    id: i32,
    scoring: ScoringDto,
    questions: Vec<QuestionDto>,
    actions: ScoringActions,
) -> impl IntoView {
    let i18n = use_i18n();
    let add_error = action_error(actions.add);
    let update_error = action_error(actions.update);
    let scale_questions: Vec<(usize, QuestionDto)> = questions
        .into_iter()
        .enumerate()
        .filter(|(_, q)| q.kind == QuestionKind::Scale)
        .collect();
    let none = scale_questions.is_empty();
    view! {
        <section id="scoring" class=CARD aria-labelledby="exercise-scoring">
            <h2 id="exercise-scoring" class="text-lg font-semibold">{t!(i18n, scoring.title)}</h2>
            <p class="mt-1 text-sm text-slate-700">{t!(i18n, scoring.intro)}</p>
            <FormError error=banner_error(action_error(actions.remove)) />
            {none.then(|| view! { <p class="mt-2 text-slate-600">{t!(i18n, scoring.no_scale_questions)}</p> })}
            <ul class="mt-3 space-y-4">
                {scoring.scales.into_iter().map(|scale| {
                    let heading = t_string!(i18n, scoring.scale_heading).replace("%name%", &scale.name);
                    let prefix = format!("scale-{}", scale.key);
                    let bands = bands_text(&scale.bands);
                    let rows = scale_questions.clone();
                    let label = heading.clone();
                    let marker = scale.key.clone();
                    let update_key = scale.key.clone();
                    let remove_key = scale.key.clone();
                    let items = scale.items.clone();
                    view! {
                        <li class="rounded-md border border-slate-200 p-3" aria-label=label data-scale=marker>
                            <h3 class="font-semibold">{heading}</h3>
                            <ActionForm action=actions.update attr:class="mt-2 space-y-3" attr:novalidate="true">
                                <input type="hidden" name="id" value=id />
                                <input type="hidden" name="scale" value=update_key />
                                <div>
                                    <label for=format!("{prefix}-name") class="block text-sm font-medium">{t!(i18n, scoring.name)}</label>
                                    <input id=format!("{prefix}-name") name="name" type="text" value=scale.name.clone() class=INPUT aria-describedby=format!("{prefix}-name-error") />
                                    <FieldError error=update_error field="name" id=format!("{prefix}-name-error") />
                                </div>
                                <table class="w-full text-sm">
                                    <caption class="text-left font-medium">{t!(i18n, scoring.items)}</caption>
                                    <thead>
                                        <tr class="text-left text-slate-600">
                                            <th class="py-1 font-normal">{t!(i18n, scoring.question)}</th>
                                            <th class="py-1 font-normal">{t!(i18n, scoring.weight)}</th>
                                            <th class="py-1 font-normal">{t!(i18n, scoring.reverse)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {rows.into_iter().map(|(i, q)| {
                                            let item = items.iter().find(|it| it.question == q.key);
                                            let weight = item.map(|it| format!("{}", it.weight).replace('.', ",")).unwrap_or_default();
                                            let reverse = item.is_some_and(|it| it.reverse);
                                            let label = format!("{}. {}", i + 1, q.prompt);
                                            let weight_id = format!("{prefix}-weight-{}", q.key);
                                            let reverse_id = format!("{prefix}-reverse-{}", q.key);
                                            view! {
                                                <tr class="border-t border-slate-100">
                                                    <td class="py-1 pr-2">{label.clone()}</td>
                                                    <td class="py-1 pr-2">
                                                        <label for=weight_id.clone() class="sr-only">{t_string!(i18n, scoring.weight_of).replace("%question%", &label)}</label>
                                                        <input id=weight_id name=format!("weights[{}]", q.key) type="text" inputmode="decimal" value=weight class="w-20 rounded-md border border-slate-400 px-2 py-1" />
                                                    </td>
                                                    <td class="py-1">
                                                        <label for=reverse_id.clone() class="sr-only">{t_string!(i18n, scoring.reverse_of).replace("%question%", &label)}</label>
                                                        <input id=reverse_id name=format!("reverse[{}]", q.key) type="checkbox" value="yes" checked=reverse class="h-5 w-5 accent-teal-700" />
                                                    </td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                                <FieldError error=update_error field="weights" id=format!("{prefix}-weights-error") />
                                <div>
                                    <label for=format!("{prefix}-bands") class="block text-sm font-medium">{t!(i18n, scoring.bands)}</label>
                                    <textarea id=format!("{prefix}-bands") name="bands" rows=3 class=INPUT aria-describedby=format!("{prefix}-bands-error")>{raw_text(bands)}</textarea>
                                    <FieldError error=update_error field="bands" id=format!("{prefix}-bands-error") />
                                </div>
                                <button type="submit" class=SMALL_BUTTON>{t!(i18n, scoring.save)}</button>
                            </ActionForm>
                            <ActionForm action=actions.remove attr:class="mt-2">
                                <input type="hidden" name="id" value=id />
                                <input type="hidden" name="scale" value=remove_key />
                                <button type="submit" class=SMALL_BUTTON>{t!(i18n, scoring.remove)}</button>
                            </ActionForm>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <ActionForm action=actions.add attr:class="mt-4 flex flex-wrap items-end gap-3 border-t border-slate-200 pt-4" attr:novalidate="true">
                <input type="hidden" name="id" value=id />
                <div class="grow">
                    <label for="new-scale" class="block font-medium">{t!(i18n, scoring.new_scale)}</label>
                    <input id="new-scale" name="scale_name" type="text" class=INPUT aria-describedby="new-scale-error" />
                    <FieldError error=add_error field="scale_name" id="new-scale-error" />
                </div>
                <button type="submit" class=PRIMARY_BUTTON>{t!(i18n, scoring.add)}</button>
            </ActionForm>
        </section>
    }
}
