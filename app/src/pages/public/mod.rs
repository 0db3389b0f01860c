use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::auth::current_user;
use crate::api::consent::current_terms;
use crate::components::errors::LoadError;
use crate::i18n::*;

#[component]
pub fn Landing() -> impl IntoView {
    let i18n = use_i18n();
    let user = Resource::new(|| (), |_| current_user());
    view! {
        <Title text="" />
        <section class="mx-auto max-w-3xl py-8">
            <h1 class="text-3xl font-bold tracking-tight text-slate-900 sm:text-4xl">
                {t!(i18n, landing.title)}
            </h1>
            <p class="mt-4 text-lg text-slate-700">{t!(i18n, landing.lead)}</p>
            <ul class="mt-6 space-y-2 text-slate-700">
                <li class="flex gap-2"><span aria-hidden="true">"✓"</span>{t!(i18n, landing.point_dossier)}</li>
                <li class="flex gap-2"><span aria-hidden="true">"✓"</span>{t!(i18n, landing.point_exercises)}</li>
                <li class="flex gap-2"><span aria-hidden="true">"✓"</span>{t!(i18n, landing.point_privacy)}</li>
            </ul>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let (href, label) = match user.await.ok().flatten() {
                        Some(u) if u.consent_current => (u.role.home_path(), t_string!(i18n, landing.to_home)),
                        Some(_) => ("/consent", t_string!(i18n, landing.to_home)),
                        None => ("/login", t_string!(i18n, landing.cta)),
                    };
                    let signed_out = href == "/login";
                    view! {
                        <div class="mt-8 flex flex-wrap items-center gap-4">
                            <a
                                href=href
                                class="inline-block rounded-md bg-teal-700 px-5 py-3 font-medium text-white hover:bg-teal-800 focus:outline-none focus-visible:ring-4 focus-visible:ring-teal-300"
                            >
                                {label}
                            </a>
                            {signed_out.then(|| view! {
                                <a href="/signup" class="font-medium text-teal-800 underline">{t!(i18n, landing.try_demo)}</a>
                            })}
                        </div>
                    }
                })}
            </Suspense>
        </section>
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Document {
    Terms,
    Privacy,
}

#[component]
fn LegalDocument(document: Document) -> impl IntoView {
    let i18n = use_i18n();
    let terms = Resource::new(
        move || i18n.get_locale().as_str().to_string(),
        current_terms,
    );
    // Head texts are computed once: leptos_meta reads them after the body has rendered,
    // when reactive values of the render may already be gone.
    let title = match document {
        Document::Terms => t_string!(i18n, footer.terms).to_string(),
        Document::Privacy => t_string!(i18n, footer.privacy).to_string(),
    };
    view! {
        <Title text=title />
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match terms.await {
                    Ok(terms) => {
                        let html = match document {
                            Document::Terms => terms.terms_html,
                            Document::Privacy => terms.privacy_html,
                        };
                        view! { <article class="legal max-w-3xl" inner_html=html></article> }.into_any()
                    }
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn TermsPage() -> impl IntoView {
    view! { <LegalDocument document=Document::Terms /> }
}

#[component]
pub fn PrivacyPage() -> impl IntoView {
    view! { <LegalDocument document=Document::Privacy /> }
}

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text=t_string!(i18n, errors.not_found_title).to_string() />
        <section class="max-w-xl">
            <h1 class="text-2xl font-bold">{t!(i18n, errors.not_found_title)}</h1>
            <p class="mt-3 text-slate-700">{t!(i18n, errors.not_found_body)}</p>
            <a class="mt-6 inline-block font-medium text-teal-800 underline" href="/">
                {t!(i18n, errors.back_home)}
            </a>
        </section>
    }
}
