use leptos::prelude::*;

use crate::components::errors::FieldError;
use crate::error::AppError;
use crate::i18n::*;

/// The main action of a form.
pub const PRIMARY_BUTTON: &str = "rounded-md bg-teal-700 px-4 py-2 font-medium text-white hover:bg-teal-800 focus:outline-none focus-visible:ring-4 focus-visible:ring-teal-300 disabled:opacity-60";
/// Small actions in lists.
pub const SMALL_BUTTON: &str =
    "rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100";

/// Stored text for the inside of a `<textarea>` or the page `<title>`. Leptos writes the
/// children of these raw-text elements into the server's HTML unescaped, so a saved
/// `</textarea>` or `</title>` would end the element and whatever follows would be live
/// markup (a `<meta http-equiv=refresh>`, a fake form). On the server the text is escaped;
/// the browser decodes it again, so the field shows (and hydration finds) the text itself.
/// In the browser build the text passes through unchanged. Every textarea's content and
/// every title goes through here (`tests::every_textarea_escapes_its_text` checks the former).
pub fn raw_text(value: impl Into<String>) -> String {
    let value = value.into();
    #[cfg(feature = "ssr")]
    let value = html_escape::encode_text(&value).into_owned();
    value
}

/// Every text input, select and textarea: a visible focus ring, and a red border when the
/// field's problem is shown (`aria-invalid`).
pub const INPUT: &str = "mt-1 block w-full rounded-md border border-slate-400 px-3 py-2 focus:border-teal-700 focus:outline-none focus:ring-2 focus:ring-teal-600 aria-[invalid=true]:border-red-600";
/// The same for what a client fills in: larger, for fingers on a tablet.
pub const LARGE_INPUT: &str = "mt-2 block w-full rounded-md border border-slate-400 px-3 py-3 text-lg focus:border-teal-700 focus:outline-none focus:ring-2 focus:ring-teal-600 aria-[invalid=true]:border-red-600";
/// A section of a page: a white card.
pub const CARD: &str = "mt-6 rounded-lg border border-slate-200 bg-white p-4";
/// A section that holds one short form (settings, a new team): a card of reading width.
pub const NARROW_CARD: &str = "mt-6 max-w-xl rounded-lg border border-slate-200 bg-white p-4";
/// The one card of a page with a single form (signing in, accepting an invitation).
pub const CENTERED_CARD: &str =
    "mx-auto max-w-md rounded-lg border border-slate-200 bg-white p-6 shadow-sm";
/// One item of a list shown as cards.
pub const ITEM_CARD: &str = "rounded-lg border border-slate-200 bg-white p-4";

/// A labelled input whose problem (from the form's last answer) shows right under it and is
/// tied to it for screen readers. `name` is also the element id unless `id` is given (two
/// forms on one page with the same field); the children are the label.
#[component]
pub fn TextField(
    name: &'static str,
    /// A field of the server function's form struct: posted as `input[name]`.
    #[prop(optional)]
    nested: bool,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] id: Option<&'static str>,
    /// What the field holds when the page opens (editing saved data).
    #[prop(optional, into)]
    value: Option<String>,
    /// Most fields must be filled in; optional ones say so to the browser too.
    #[prop(default = true)]
    required: bool,
    #[prop(into)] error: Signal<Option<AppError>>,
    children: Children,
) -> impl IntoView {
    let id = id.unwrap_or(name);
    let error_id = format!("{id}-error");
    let invalid = move || error.get().and_then(|e| e.problem_for(name)).is_some();
    view! {
        <div>
            <label for=id class="block font-medium">{children()}</label>
            <input
                id=id
                name=posted_name(name, nested)
                type=input_type
                autocomplete=autocomplete
                value=value
                required=required
                class=INPUT
                aria-invalid=move || invalid().to_string()
                aria-describedby=error_id.clone()
            />
            <FieldError error field=name id=error_id />
        </div>
    }
}

/// The box a person ticks to agree to the Terms of Use and the Privacy Statement, with
/// links to both (opened beside the form, so nothing typed is lost).
#[component]
pub fn AgreeField(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="flex items-start gap-3">
            <input id="agree" name="agree" type="checkbox" value="yes" class="mt-1 h-5 w-5 accent-teal-700" aria-describedby="agree-error" />
            <label for="agree">
                {t!(i18n, consent.agree)} " ("
                <a class="underline" href="/terms" target="_blank">{t!(i18n, footer.terms)}</a> ", "
                <a class="underline" href="/privacy" target="_blank">{t!(i18n, footer.privacy)}</a> ")"
            </label>
        </div>
        <FieldError error field="agree" id="agree-error" />
    }
}

/// A labelled multi-line field, with its problem under it like `TextField`.
#[component]
pub fn TextArea(
    name: &'static str,
    /// See [`TextField`].
    #[prop(optional)]
    nested: bool,
    #[prop(optional, into)] value: Option<String>,
    #[prop(default = 6)] rows: u32,
    #[prop(optional)] class: Option<&'static str>,
    #[prop(into)] error: Signal<Option<AppError>>,
    children: Children,
) -> impl IntoView {
    let error_id = format!("{name}-error");
    view! {
        <div>
            <label for=name class="block font-medium">{children()}</label>
            <textarea
                id=name
                name=posted_name(name, nested)
                rows=rows
                class=format!("{INPUT} {}", class.unwrap_or_default())
                aria-describedby=error_id.clone()
            >
                {raw_text(value.unwrap_or_default())}
            </textarea>
            <FieldError error field=name id=error_id />
        </div>
    }
}

/// The name a field is posted under: a form struct's fields go as `input[field]`, which the
/// server function decodes into its `input` argument (with and without JavaScript).
pub fn posted_name(field: &str, nested: bool) -> String {
    if nested {
        format!("input[{field}]")
    } else {
        field.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::raw_text;

    #[cfg(feature = "ssr")]
    #[test]
    fn raw_text_is_escaped_on_the_server() {
        assert_eq!(
            raw_text("a </textarea><b>&amp;"),
            "a &lt;/textarea&gt;&lt;b&gt;&amp;amp;"
        );
        assert_eq!(raw_text("gewoon"), "gewoon");
    }

    /// Every `<textarea>` in the interface takes its content through `raw_text`, so stored
    /// text can never end it early. A new one that does not fails here.
    #[test]
    fn every_textarea_escapes_its_text() {
        fn walk(dir: &std::path::Path, found: &mut Vec<std::path::PathBuf>) {
            for entry in std::fs::read_dir(dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, found);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    found.push(path);
                }
            }
        }
        let mut files = Vec::new();
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut files,
        );
        let mut unescaped = Vec::new();
        for file in files {
            let source = std::fs::read_to_string(&file).unwrap();
            for (at, _) in source.match_indices("<textarea") {
                let rest = &source[at..];
                // Markup only: `<textarea` followed by its attributes (not prose or strings).
                if !rest["<textarea".len()..].starts_with(char::is_whitespace) {
                    continue;
                }
                let Some(end) = rest.find("</textarea>") else {
                    continue;
                };
                let inside = &rest[..end];
                let content = inside[inside.rfind('>').map_or(0, |i| i + 1)..].trim();
                if !content.is_empty() && !content.starts_with("{raw_text(") {
                    unescaped.push(format!("{}: {content}", file.display()));
                }
            }
        }
        assert!(
            unescaped.is_empty(),
            "textareas whose content does not go through raw_text: {unescaped:#?}"
        );
    }
}
