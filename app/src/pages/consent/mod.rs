use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::consent::{current_terms, AcceptTerms};
use crate::components::errors::{action_error, banner_error, FieldError, FormError, LoadError};
use crate::i18n::*;

/// Shown on first sign-in and after every new terms version, before anything else works.
#[component]
pub fn ConsentPage() -> impl IntoView {
    let i18n = use_i18n();
    let terms = Resource::new(
        move || i18n.get_locale().as_str().to_string(),
        current_terms,
    );
    let accept = ServerAction::<AcceptTerms>::new();
    let error = action_error(accept);
    let banner = banner_error(error);
    view! {
        <Title text=t_string!(i18n, consent.title).to_string() />
        <h1 class="text-2xl font-bold">{t!(i18n, consent.title)}</h1>
        <p class="mt-2 max-w-3xl text-slate-700">{t!(i18n, consent.intro)}</p>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match terms.await {
                    Ok(terms) => view! {
                        <p class="mt-2 text-sm text-slate-600">{t!(i18n, consent.version)} " " {terms.version}</p>
                        <div class="mt-4 max-h-[28rem] max-w-3xl space-y-6 overflow-y-auto rounded-md border border-slate-200 bg-white p-4" tabindex="0">
                            <article class="legal" inner_html=terms.terms_html></article>
                            <article class="legal" inner_html=terms.privacy_html></article>
                        </div>
                        <ActionForm action=accept attr:class="mt-6 max-w-3xl space-y-3">
                            <FormError error=banner />
                            <input type="hidden" name="version" value=terms.version />
                            <div class="flex items-start gap-3">
                                <input
                                    id="agree"
                                    name="agree"
                                    type="checkbox"
                                    value="yes"
                                    class="mt-1 h-5 w-5 accent-teal-700"
                                    aria-describedby="agree-error"
                                />
                                <label for="agree" class="font-medium">{t!(i18n, consent.agree)}</label>
                            </div>
                            <FieldError error field="agree" id="agree-error" />
                            <button
                                type="submit"
                                class="rounded-md bg-teal-700 px-4 py-2 font-medium text-white hover:bg-teal-800 focus:outline-none focus-visible:ring-4 focus-visible:ring-teal-300"
                            >
                                {t!(i18n, consent.submit)}
                            </button>
                        </ActionForm>
                    }.into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
