//! The client's journal: write dated entries, private unless shared with the coaches, and
//! read the coaches' comments on shared ones.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::journal::{
    my_journal, CommentDto, DeleteEntry, JournalEntryDto, ShareEntry, UpdateEntry, WriteEntry,
};
use crate::components::errors::{action_error, banner_error, FieldError, FormError, LoadError};
use crate::components::form::{raw_text, CARD, LARGE_INPUT, PRIMARY_BUTTON, SMALL_BUTTON};
use crate::i18n::*;

#[derive(Clone, Copy)]
struct Actions {
    update: ServerAction<UpdateEntry>,
    share: ServerAction<ShareEntry>,
    delete: ServerAction<DeleteEntry>,
}

#[component]
pub fn MyJournalPage() -> impl IntoView {
    let i18n = use_i18n();
    let write = ServerAction::<WriteEntry>::new();
    let actions = Actions {
        update: ServerAction::new(),
        share: ServerAction::new(),
        delete: ServerAction::new(),
    };
    let entries = Resource::new(
        move || {
            (
                write.version().get(),
                actions.update.version().get(),
                actions.share.version().get(),
                actions.delete.version().get(),
            )
        },
        |_| my_journal(),
    );
    let error = action_error(write);
    let row_error = Signal::derive(move || {
        [action_error(actions.share), action_error(actions.delete)]
            .iter()
            .find_map(|e| e.get())
    });
    view! {
        <Title text=t_string!(i18n, journal.title).to_string() />
        <h1 class="text-2xl font-bold">{t!(i18n, journal.title)}</h1>
        <p class="mt-2 text-slate-700">{t!(i18n, journal.intro)}</p>
        <section class=CARD aria-labelledby="journal-new">
            <h2 id="journal-new" class="text-lg font-semibold">{t!(i18n, journal.new)}</h2>
            <ActionForm action=write attr:class="mt-3 space-y-3" attr:novalidate="true">
                <FormError error=banner_error(error) />
                <div>
                    <label for="journal-date" class="block font-medium">{t!(i18n, journal.date)}</label>
                    <input id="journal-date" name="date" type="date" class=LARGE_INPUT aria-describedby="journal-date-error" />
                    <FieldError error field="date" id="journal-date-error" />
                </div>
                <div>
                    <label for="journal-body" class="block font-medium">{t!(i18n, journal.body)}</label>
                    <textarea id="journal-body" name="body" rows=6 class=LARGE_INPUT aria-describedby="journal-body-error"></textarea>
                    <FieldError error field="body" id="journal-body-error" />
                </div>
                <label for="journal-share" class="flex min-h-12 cursor-pointer items-center gap-3">
                    <input id="journal-share" name="share" type="checkbox" value="yes" class="h-6 w-6 accent-teal-700" />
                    {t!(i18n, journal.share_now)}
                </label>
                <button type="submit" class=format!("{PRIMARY_BUTTON} px-6 py-3 text-lg")>{t!(i18n, journal.save)}</button>
            </ActionForm>
        </section>
        <FormError error=banner_error(row_error) />
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match entries.await {
                    Ok(rows) if rows.is_empty() => view! { <p class="mt-6 text-slate-600">{t!(i18n, journal.none)}</p> }.into_any(),
                    Ok(rows) => view! {
                        <ol class="mt-6 space-y-4" aria-label=t_string!(i18n, journal.entries)>
                            {rows.into_iter().map(|e| view! { <Entry e actions /> }).collect_view()}
                        </ol>
                    }.into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The coaches' comments under an entry, for the client and in the dossier alike.
#[component]
pub(crate) fn Comments(comments: Vec<CommentDto>) -> impl IntoView {
    let i18n = use_i18n();
    (!comments.is_empty()).then(|| {
        view! {
            <ol class="mt-3 space-y-2 border-l-4 border-amber-300 pl-3" aria-label=t_string!(i18n, journal.comments)>
                {comments.into_iter().map(|c| view! {
                    <li>
                        <p class="text-sm font-medium text-slate-700">{format!("{} · {}", c.author.unwrap_or_default(), c.at)}</p>
                        <p class="whitespace-pre-wrap">{c.body}</p>
                    </li>
                }).collect_view()}
            </ol>
        }
    })
}

#[component]
fn Entry(e: JournalEntryDto, actions: Actions) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(actions.update);
    let (share_value, share_label, state) = if e.shared {
        (
            "false",
            t_string!(i18n, journal.unshare),
            t_string!(i18n, journal.shared),
        )
    } else {
        (
            "true",
            t_string!(i18n, journal.share),
            t_string!(i18n, journal.private),
        )
    };
    let prefix = format!("entry-{}", e.id);
    view! {
        <li id=format!("entry-{}", e.id) class="scroll-mt-4 rounded-lg border border-slate-200 bg-white p-4" data-entry=e.id>
            <p class="flex flex-wrap items-center justify-between gap-2">
                <span class="font-semibold">{e.date.clone()}</span>
                <span class="rounded-full bg-slate-100 px-3 py-1 text-sm" data-state=if e.shared { "shared" } else { "private" }>{state}</span>
            </p>
            <p class="mt-2 whitespace-pre-wrap text-lg">{e.body.clone()}</p>
            <Comments comments=e.comments.clone() />
            <div class="mt-3 flex flex-wrap gap-2">
                <ActionForm action=actions.share>
                    <input type="hidden" name="id" value=e.id />
                    <input type="hidden" name="share" value=share_value />
                    <button type="submit" class=SMALL_BUTTON>{share_label}</button>
                </ActionForm>
                <ActionForm action=actions.delete>
                    <input type="hidden" name="id" value=e.id />
                    <button type="submit" class=SMALL_BUTTON>{t!(i18n, journal.delete)}</button>
                </ActionForm>
            </div>
            <details class="mt-3">
                <summary class="cursor-pointer text-teal-800">{t!(i18n, journal.edit)}</summary>
                <ActionForm action=actions.update attr:class="mt-2 space-y-3" attr:novalidate="true">
                    <input type="hidden" name="id" value=e.id />
                    <div>
                        <label for=format!("{prefix}-date") class="block font-medium">{t!(i18n, journal.date)}</label>
                        <input id=format!("{prefix}-date") name="date" type="date" value=e.date.clone() class=LARGE_INPUT />
                        <FieldError error field="date" id=format!("{prefix}-date-error") />
                    </div>
                    <div>
                        <label for=format!("{prefix}-body") class="block font-medium">{t!(i18n, journal.body)}</label>
                        <textarea id=format!("{prefix}-body") name="body" rows=5 class=LARGE_INPUT>{raw_text(e.body.clone())}</textarea>
                        <FieldError error field="body" id=format!("{prefix}-body-error") />
                    </div>
                    <button type="submit" class=SMALL_BUTTON>{t!(i18n, journal.save_changes)}</button>
                </ActionForm>
            </details>
        </li>
    }
}
