//! The document upload form. A plain multipart form posted to `/documents/upload`: it
//! works the same with and without JavaScript, and the answer comes back in the address
//! (`upload=done` or `upload_error=<code>`), shown next to the file field.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::components::form::PRIMARY_BUTTON;
use crate::i18n::*;

pub const ACCEPT: &str = ".pdf,.docx,.xlsx,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg";

#[component]
pub fn UploadForm(
    /// The dossier for coaches; None for a client's own.
    client_id: Option<i32>,
    max_mb: usize,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let problem = move || {
        query
            .with(|q| q.get("upload_error"))
            .map(|code| match code.as_str() {
                "file_too_large" => {
                    t_string!(i18n, documents.too_large).replace("%max%", &max_mb.to_string())
                }
                "file_empty" => t_string!(i18n, documents.empty).to_string(),
                "file_type" => t_string!(i18n, documents.wrong_type).to_string(),
                "file_mismatch" => t_string!(i18n, documents.mismatch).to_string(),
                "file_not_stored" => t_string!(i18n, errors.file_not_stored).to_string(),
                _ => t_string!(i18n, documents.choose).to_string(),
            })
    };
    let done = move || query.with(|q| q.get("upload").is_some_and(|v| v == "done"));
    let hint = t_string!(i18n, documents.hint).replace("%max%", &max_mb.to_string());
    view! {
        <form method="post" action="/documents/upload" enctype="multipart/form-data" class="mt-3 space-y-2">
            {client_id.map(|id| view! { <input type="hidden" name="client_id" value=id /> })}
            <label for="document-file" class="block font-medium">{t!(i18n, documents.file)}</label>
            <input
                id="document-file"
                name="file"
                type="file"
                accept=ACCEPT
                class="block w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-teal-50 file:px-4 file:py-2 file:text-teal-900"
                aria-describedby="document-file-hint document-file-error"
                aria-invalid=move || problem().is_some().to_string()
            />
            <p id="document-file-hint" class="text-sm text-slate-600">{hint}</p>
            <p id="document-file-error" class="min-h-5 text-sm text-red-700" role="alert">{problem}</p>
            {move || done().then(|| view! { <p class="text-sm text-teal-800" role="status">{t!(i18n, documents.uploaded)}</p> })}
            <button type="submit" class=PRIMARY_BUTTON>{t!(i18n, documents.upload)}</button>
        </form>
    }
}

/// `1536` → `1.5 KB`.
pub fn size(bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    }
}
