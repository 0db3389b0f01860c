//! The documents of a dossier: upload, download, share with the client, remove.

use leptos::prelude::*;

use crate::api::documents::{dossier_documents, DeleteDocument, ShareDocument};
use crate::components::errors::{action_error, LoadError};
use crate::components::form::SMALL_BUTTON;
use crate::components::section::Section;
use crate::components::upload::{size, UploadForm};
use crate::i18n::*;

#[component]
pub fn Documents(client_id: i32) -> impl IntoView {
    let i18n = use_i18n();
    let share = ServerAction::<ShareDocument>::new();
    let delete = ServerAction::<DeleteDocument>::new();
    let list = Resource::new(
        move || (share.version().get(), delete.version().get()),
        move |_| dossier_documents(client_id),
    );
    let error = Signal::derive(move || {
        [action_error(share), action_error(delete)]
            .iter()
            .find_map(|e| e.get())
    });
    view! {
        <Section id="documents" title=t_string!(i18n, documents.title).to_string() row_error=error>
            <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(d) => {
                            let max_mb = d.max_upload_mb;
                            let rows = d.documents;
                            view! {
                                {if rows.is_empty() {
                                    view! { <p class="mt-2 text-slate-600">{t!(i18n, documents.none)}</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="mt-3 divide-y divide-slate-100">
                                            {rows.into_iter().map(|doc| {
                                                let by = doc.uploaded_by.clone().unwrap_or_default();
                                                let facts = format!("{} · {} · {} · {}", doc.kind.to_uppercase(), size(doc.size_bytes), by, doc.at);
                                                let (value, label) = if doc.shared_with_client {
                                                    ("false", t_string!(i18n, documents.unshare).to_string())
                                                } else {
                                                    ("true", t_string!(i18n, documents.share).to_string())
                                                };
                                                view! {
                                                    <li class="flex flex-wrap items-center justify-between gap-2 py-2">
                                                        <div>
                                                            <a class="font-medium text-teal-800 underline" href=format!("/documents/{}", doc.id) rel="external">{doc.filename.clone()}</a>
                                                            <p class="text-sm text-slate-600">
                                                                {facts}
                                                                {doc.shared_with_client.then(|| view! { " · " <span class="text-teal-800">{t!(i18n, documents.shared)}</span> })}
                                                            </p>
                                                        </div>
                                                        <div class="flex gap-2">
                                                            <ActionForm action=share>
                                                                <input type="hidden" name="id" value=doc.id />
                                                                <input type="hidden" name="share" value=value />
                                                                <button type="submit" class=SMALL_BUTTON>{label}</button>
                                                            </ActionForm>
                                                            {doc.can_delete.then(|| view! {
                                                                <ActionForm action=delete>
                                                                    <input type="hidden" name="id" value=doc.id />
                                                                    <button type="submit" class=SMALL_BUTTON>{t!(i18n, documents.delete)}</button>
                                                                </ActionForm>
                                                            })}
                                                        </div>
                                                    </li>
                                                }
                                            }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                                <UploadForm client_id=Some(client_id) max_mb />
                            }.into_any()
                        }
                        Err(error) => view! { <LoadError error /> }.into_any(),
                    }
                })}
            </Suspense>
        </Section>
    }
}
