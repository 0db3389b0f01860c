//! The journal entries the client shared, with the coaches' comments.

use leptos::prelude::*;

use crate::api::journal::{dossier_journal, CommentEntry};
use crate::components::errors::{action_error, banner_error, FieldError, FormError, LoadError};
use crate::components::form::{INPUT, SMALL_BUTTON};
use crate::components::section::Section;
use crate::i18n::*;
use crate::pages::my::journal::Comments;

#[component]
pub fn Journal(client_id: i32) -> impl IntoView {
    let i18n = use_i18n();
    let comment = ServerAction::<CommentEntry>::new();
    let entries = Resource::new(
        move || comment.version().get(),
        move |_| dossier_journal(client_id),
    );
    let error = action_error(comment);
    view! {
        <Section id="journal" title=t_string!(i18n, journal.dossier_title).to_string()>
            <p class="mt-1 text-sm text-slate-600">{t!(i18n, journal.dossier_intro)}</p>
            <FormError error=banner_error(error) />
            <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match entries.await {
                        Ok(rows) if rows.is_empty() => view! { <p class="mt-2 text-slate-600">{t!(i18n, journal.none_shared)}</p> }.into_any(),
                        Ok(rows) => view! {
                            <ol class="mt-3 space-y-4">
                                {rows.into_iter().map(|e| {
                                    let field = format!("comment-{}", e.id);
                                    let error_id = format!("{field}-error");
                                    view! {
                                        <li id=format!("journal-entry-{}", e.id) class="scroll-mt-4 rounded-md border border-slate-200 p-3" data-entry=e.id>
                                            <p class="font-semibold">{e.date.clone()}</p>
                                            <p class="mt-1 whitespace-pre-wrap">{e.body.clone()}</p>
                                            <Comments comments=e.comments.clone() />
                                            <ActionForm action=comment attr:class="mt-2" attr:novalidate="true">
                                                <input type="hidden" name="id" value=e.id />
                                                <label for=field.clone() class="block text-sm font-medium">{t!(i18n, journal.comment)}</label>
                                                <textarea id=field.clone() name="body" rows=2 class=INPUT aria-describedby=error_id.clone()></textarea>
                                                <FieldError error field="body" id=error_id.clone() />
                                                <button type="submit" class=SMALL_BUTTON>{t!(i18n, journal.add_comment)}</button>
                                            </ActionForm>
                                        </li>
                                    }
                                }).collect_view()}
                            </ol>
                        }.into_any(),
                        Err(error) => view! { <LoadError error /> }.into_any(),
                    }
                })}
            </Suspense>
        </Section>
    }
}
