//! The shape every section of a dossier shares: a card with its heading, the banner for
//! what went wrong with an action on one of its rows, and (where the section makes
//! things) a create form that folds away.

use leptos::prelude::*;

use crate::components::errors::{banner_error, FormError};
use crate::components::form::CARD;
use crate::error::AppError;

/// A card with an `h2` that names it for screen readers. `id` is the anchor (`#reports`);
/// the heading is `{id}-heading`.
#[component]
pub fn Section(
    id: &'static str,
    #[prop(into)] title: String,
    /// What went wrong with the last action on a row; shown above the content (field
    /// problems show next to their fields instead).
    #[prop(optional, into)]
    row_error: Option<Signal<Option<AppError>>>,
    children: Children,
) -> impl IntoView {
    let heading = format!("{id}-heading");
    let labelled_by = heading.clone();
    view! {
        <section id=id class=CARD aria-labelledby=labelled_by>
            <h2 id=heading class="text-lg font-semibold">{title}</h2>
            {row_error.map(|error| view! { <FormError error=banner_error(error) /> })}
            {children()}
        </section>
    }
}

/// The form that makes something new in a section, folded under `label`. It opens again
/// when the last attempt was refused, so the messages show (also without JavaScript, where
/// the page comes back from the server).
#[component]
pub fn CreateForm(
    #[prop(into)] label: String,
    #[prop(into)] error: Signal<Option<AppError>>,
    children: Children,
) -> impl IntoView {
    view! {
        <details class="mt-3" open=move || error.get().is_some()>
            <summary class="cursor-pointer font-medium text-teal-800">{label}</summary>
            {children()}
        </details>
    }
}
