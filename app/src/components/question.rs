//! A question as the client sees it, for the preview (disabled) and for answering (with the
//! stored answer filled in), and an answer as it reads once given.

use leptos::prelude::*;

use crate::api::assignments::AnswerDto;
use crate::api::exercises::{QuestionDto, QuestionKind, MAX_LONG, MAX_SHORT};
use crate::components::form::{raw_text, ITEM_CARD, LARGE_INPUT};
use crate::i18n::*;

#[component]
pub fn QuestionView(
    q: QuestionDto,
    number: usize,
    disabled: bool,
    /// The stored answer (empty when none).
    #[prop(optional)]
    values: Vec<String>,
    /// The file already given for a file question: document id and name.
    #[prop(default = None)]
    file: Option<(i32, String)>,
    /// A message for this question, shown right under it.
    #[prop(optional, into)]
    problem: MaybeProp<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("answer-{}", q.key);
    let error_id = format!("{id}-error");
    let help =
        (!q.help.is_empty()).then(|| view! { <p class="mt-1 text-slate-600">{q.help.clone()}</p> });
    let label = format!("{number}. {}", q.prompt);
    let required = q.required.then(|| view! { <span class="ml-1 text-sm text-slate-600">{t!(i18n, exercises.required_mark)}</span> });
    let first = values.first().cloned().unwrap_or_default();
    let control = match q.kind {
        QuestionKind::LongText => view! {
            <textarea id=id.clone() name=q.key.clone() rows=6 maxlength=MAX_LONG class=LARGE_INPUT disabled=disabled aria-describedby=error_id.clone()>{raw_text(first)}</textarea>
        }.into_any(),
        QuestionKind::Scale => {
            let points: Vec<i32> = (q.scale_min..=q.scale_max).collect();
            view! {
                <div class="mt-2">
                    <div class="flex flex-wrap gap-2" role="radiogroup" aria-labelledby=format!("{id}-label") aria-describedby=error_id.clone()>
                        {points.into_iter().map(|p| {
                            let option = format!("{id}-{p}");
                            let target = option.clone();
                            let checked = values.contains(&p.to_string());
                            view! {
                                <label for=target class="flex min-h-12 min-w-12 cursor-pointer items-center justify-center rounded-md border border-slate-400 px-3 text-lg has-[:checked]:bg-teal-700 has-[:checked]:text-white has-[:focus-visible]:ring-4 has-[:focus-visible]:ring-teal-300">
                                    <input id=option type="radio" name=q.key.clone() value=p class="sr-only" disabled=disabled checked=checked />
                                    {p}
                                </label>
                            }
                        }).collect_view()}
                    </div>
                    <div class="mt-1 flex justify-between text-sm text-slate-600">
                        <span>{q.min_label.clone()}</span>
                        <span>{q.max_label.clone()}</span>
                    </div>
                </div>
            }.into_any()
        }
        QuestionKind::SingleChoice | QuestionKind::MultipleChoice | QuestionKind::Checklist => {
            let kind = if q.kind == QuestionKind::SingleChoice { "radio" } else { "checkbox" };
            view! {
                <div class="mt-2 space-y-2" role="group" aria-labelledby=format!("{id}-label") aria-describedby=error_id.clone()>
                    {q.options.iter().enumerate().map(|(i, o)| {
                        let option = format!("{id}-{i}");
                        let target = option.clone();
                        let checked = values.contains(o);
                        view! {
                            <label for=target class="flex min-h-12 cursor-pointer items-center gap-3 rounded-md border border-slate-300 px-3 text-lg">
                                <input id=option type=kind name=q.key.clone() value=o.clone() class="h-6 w-6 accent-teal-700" disabled=disabled checked=checked />
                                {o.clone()}
                            </label>
                        }
                    }).collect_view()}
                </div>
            }.into_any()
        }
        QuestionKind::Date => view! { <input id=id.clone() name=q.key.clone() type="date" value=first class=LARGE_INPUT disabled=disabled aria-describedby=error_id.clone() /> }.into_any(),
        QuestionKind::File => {
            let current = file.clone().map(|(doc, name)| view! {
                <p class="mt-2 text-slate-700">
                    {t!(i18n, answers.current_file)} " "
                    <a class="font-medium text-teal-800 underline" href=format!("/documents/{doc}") rel="external">{name}</a>
                </p>
            });
            view! {
                {current}
                <input id=id.clone() name=q.key.clone() type="file" accept=crate::components::upload::ACCEPT class="mt-2 block w-full text-lg" disabled=disabled aria-describedby=error_id.clone() />
                {(!disabled).then(|| view! {
                    <button type="submit" name="intent" value="save" class="mt-2 rounded-md border border-slate-400 px-4 py-3 text-lg">{t!(i18n, answers.upload)}</button>
                })}
            }.into_any()
        }
        QuestionKind::ShortText => view! { <input id=id.clone() name=q.key.clone() type="text" value=first maxlength=MAX_SHORT class=LARGE_INPUT disabled=disabled aria-describedby=error_id.clone() /> }.into_any(),
    };
    let grouped = q.kind == QuestionKind::Scale || q.kind.has_options();
    view! {
        <li id=format!("question-{}", q.key) class=ITEM_CARD data-question=q.key.clone()>
            {if grouped {
                view! { <p id=format!("{id}-label") class="text-lg font-medium">{label}{required}</p> }.into_any()
            } else {
                view! { <label id=format!("{id}-label") for=id.clone() class="block text-lg font-medium">{label}{required}</label> }.into_any()
            }}
            {help}
            {control}
            <p id=error_id class="mt-1 min-h-5 text-red-700" data-problem=q.key.clone()>{move || problem.get()}</p>
        </li>
    }
}

/// An answer as it reads: for the coach's review and for the client once submitted.
#[component]
pub fn AnswerView(q: QuestionDto, answer: Option<AnswerDto>) -> impl IntoView {
    let i18n = use_i18n();
    let values = answer
        .as_ref()
        .map(|a| a.values.clone())
        .unwrap_or_default();
    if values.is_empty() {
        return view! { <p class="mt-2 italic text-slate-600">{t!(i18n, answers.none)}</p> }
            .into_any();
    }
    match q.kind {
        QuestionKind::MultipleChoice | QuestionKind::Checklist => view! {
            <ul class="mt-2 list-disc pl-6 text-lg">
                {values.into_iter().map(|v| view! { <li>{v}</li> }).collect_view()}
            </ul>
        }
        .into_any(),
        QuestionKind::Scale => {
            let text = t_string!(i18n, answers.scale_value)
                .replace("%value%", &values[0])
                .replace("%min%", &q.scale_min.to_string())
                .replace("%max%", &q.scale_max.to_string());
            view! { <p class="mt-2 text-lg">{text}</p> }.into_any()
        }
        QuestionKind::File => {
            let link = answer
                .and_then(|a| a.document_id)
                .map(|doc| format!("/documents/{doc}"));
            match link {
                Some(href) => view! {
                    <p class="mt-2 text-lg"><a class="font-medium text-teal-800 underline" href=href rel="external">{values[0].clone()}</a></p>
                }
                .into_any(),
                None => view! { <p class="mt-2 text-lg">{values[0].clone()}</p> }.into_any(),
            }
        }
        QuestionKind::ShortText
        | QuestionKind::LongText
        | QuestionKind::SingleChoice
        | QuestionKind::Date => {
            view! { <p class="mt-2 whitespace-pre-wrap text-lg">{values[0].clone()}</p> }.into_any()
        }
    }
}
