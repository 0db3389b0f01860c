//! A question as the client sees it. The preview shows it disabled; answering (coming with
//! assignments) uses the same markup, so the preview is what the client will get.

use leptos::prelude::*;

use crate::api::exercises::QuestionDto;
use crate::i18n::*;

const INPUT: &str = "mt-2 block w-full rounded-md border border-slate-400 px-3 py-3 text-lg";

#[component]
pub fn QuestionView(q: QuestionDto, number: usize, disabled: bool) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("answer-{}", q.key);
    let help =
        (!q.help.is_empty()).then(|| view! { <p class="mt-1 text-slate-600">{q.help.clone()}</p> });
    let label = format!("{number}. {}", q.prompt);
    let required = q.required.then(|| view! { <span class="ml-1 text-sm text-slate-600">{t!(i18n, exercises.required_mark)}</span> });
    let control = match q.kind.as_str() {
        "long_text" => view! { <textarea id=id.clone() name=q.key.clone() rows=6 class=INPUT disabled=disabled></textarea> }.into_any(),
        "scale" => {
            let points: Vec<i32> = (q.scale_min..=q.scale_max).collect();
            view! {
                <div class="mt-2">
                    <div class="flex flex-wrap gap-2" role="radiogroup" aria-labelledby=format!("{id}-label")>
                        {points.into_iter().map(|p| {
                            let option = format!("{id}-{p}");
                            let target = option.clone();
                            view! {
                                <label for=target class="flex min-h-12 min-w-12 cursor-pointer items-center justify-center rounded-md border border-slate-400 px-3 text-lg has-[:checked]:bg-teal-700 has-[:checked]:text-white">
                                    <input id=option type="radio" name=q.key.clone() value=p class="sr-only" disabled=disabled />
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
        "single_choice" | "multiple_choice" | "checklist" => {
            let kind = if q.kind == "single_choice" { "radio" } else { "checkbox" };
            view! {
                <div class="mt-2 space-y-2" role="group" aria-labelledby=format!("{id}-label")>
                    {q.options.iter().enumerate().map(|(i, o)| {
                        let option = format!("{id}-{i}");
                        let target = option.clone();
                        view! {
                            <label for=target class="flex min-h-12 cursor-pointer items-center gap-3 rounded-md border border-slate-300 px-3 text-lg">
                                <input id=option type=kind name=q.key.clone() value=o.clone() class="h-6 w-6 accent-teal-700" disabled=disabled />
                                {o.clone()}
                            </label>
                        }
                    }).collect_view()}
                </div>
            }.into_any()
        }
        "date" => view! { <input id=id.clone() name=q.key.clone() type="date" class=INPUT disabled=disabled /> }.into_any(),
        "file" => view! {
            <input id=id.clone() name=q.key.clone() type="file" accept=crate::components::upload::ACCEPT class="mt-2 block w-full text-lg" disabled=disabled />
        }.into_any(),
        _ => view! { <input id=id.clone() name=q.key.clone() type="text" class=INPUT disabled=disabled /> }.into_any(),
    };
    let grouped = matches!(
        q.kind.as_str(),
        "scale" | "single_choice" | "multiple_choice" | "checklist"
    );
    view! {
        <li class="rounded-lg border border-slate-200 bg-white p-4">
            {if grouped {
                view! { <p id=format!("{id}-label") class="text-lg font-medium">{label}{required}</p> }.into_any()
            } else {
                view! { <label id=format!("{id}-label") for=id.clone() class="block text-lg font-medium">{label}{required}</label> }.into_any()
            }}
            {help}
            {control}
        </li>
    }
}
