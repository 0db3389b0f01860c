use leptos::prelude::*;

use crate::components::errors::FieldError;
use crate::error::AppError;

const INPUT: &str = "mt-1 block w-full rounded-md border border-slate-400 px-3 py-2 focus:border-teal-700 focus:outline-none focus:ring-2 focus:ring-teal-600 aria-[invalid=true]:border-red-600";

/// A labelled input whose problem (from the form's last answer) shows right under it and is
/// tied to it for screen readers. `name` is also the element id; the children are the label.
#[component]
pub fn TextField(
    name: &'static str,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(into)] error: Signal<Option<AppError>>,
    children: Children,
) -> impl IntoView {
    let error_id = format!("{name}-error");
    let invalid = move || error.get().and_then(|e| e.problem_for(name)).is_some();
    view! {
        <div>
            <label for=name class="block font-medium">{children()}</label>
            <input
                id=name
                name=name
                type=input_type
                autocomplete=autocomplete
                required
                class=INPUT
                aria-invalid=move || invalid().to_string()
                aria-describedby=error_id.clone()
            />
            <FieldError error field=name id=error_id />
        </div>
    }
}
