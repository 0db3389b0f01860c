use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Link, Meta, MetaTags, Stylesheet, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

use crate::components::form::raw_text;
use crate::components::layout::Layout;
use crate::i18n::*;
use crate::pages;

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_content_security_policy();
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="theme-color" content="#0f766e" />
                <link rel="manifest" href="/manifest.webmanifest" />
                <link rel="icon" href="/favicon.ico" sizes="any" />
                <link rel="apple-touch-icon" href="/icons/icon-192.png" />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body class="flex min-h-screen flex-col bg-slate-50 text-slate-900 antialiased">
                <App />
            </body>
        </html>
    }
}

/// A fresh nonce per response, allowed by the CSP for the hydration scripts and nothing
/// else. `wasm-unsafe-eval` is what compiling WebAssembly needs; `unsafe-eval` stays off.
#[cfg(feature = "ssr")]
fn set_content_security_policy() {
    use leptos::nonce::{provide_nonce, use_nonce};
    provide_nonce();
    let nonce = use_nonce().map(|n| n.to_string()).unwrap_or_default();
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
         manifest-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; \
         form-action 'self'; frame-ancestors 'none'"
    );
    if let (Some(options), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        axum::http::HeaderValue::from_str(&policy),
    ) {
        options.insert_header(axum::http::header::CONTENT_SECURITY_POLICY, value);
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <I18nContextProvider>
            <Stylesheet id="leptos" href="/pkg/koers.css" />
            <Meta name="description" content="Koers" />
            <Link rel="mask-icon" href="/icons/icon.svg" />
            <AppTitle />
            <crate::components::pwa::ServiceWorker />
            <Router>
                <Layout>
                    <Routes fallback=|| view! { <pages::public::NotFound /> }>
                        <Route path=path!("/") view=pages::public::Landing ssr=SsrMode::Async />
                        <Route path=path!("/login") view=pages::auth::LoginPage ssr=SsrMode::Async />
                        <Route path=path!("/terms") view=pages::public::TermsPage ssr=SsrMode::Async />
                        <Route
                            path=path!("/privacy")
                            view=pages::public::PrivacyPage
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/consent")
                            view=pages::consent::ConsentPage
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/dashboard")
                            view=pages::dashboard::DashboardPage
                            ssr=SsrMode::Async
                        />
                        <Route path=path!("/my") view=pages::my::MyHomePage ssr=SsrMode::Async />
                        <Route path=path!("/my/exercises/:id") view=pages::my::MyExercisePage ssr=SsrMode::Async />
                        <Route path=path!("/my/journal") view=pages::my::MyJournalPage ssr=SsrMode::Async />
                        <Route path=path!("/assignments/:id") view=pages::assignments::AssignmentPage ssr=SsrMode::Async />
                        <Route
                            path=path!("/operator")
                            view=pages::operator::OperatorPage
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/operator/outbox")
                            view=pages::operator::OutboxPage
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/members")
                            view=pages::members::MembersPage
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/invite/:token")
                            view=pages::invite::InvitePage
                            ssr=SsrMode::Async
                        />
                        <Route path=path!("/signup") view=pages::signup::SignUpPage ssr=SsrMode::Async />
                        <Route path=path!("/signup/confirm/:token") view=pages::signup::ConfirmSignUpPage ssr=SsrMode::Async />
                        <Route path=path!("/teams") view=pages::teams::TeamsPage ssr=SsrMode::Async />
                        <Route path=path!("/clients") view=pages::clients::ClientsPage ssr=SsrMode::Async />
                        <Route path=path!("/clients/new") view=pages::clients::NewClientPage ssr=SsrMode::Async />
                        <Route path=path!("/clients/:id") view=pages::clients::DossierPage ssr=SsrMode::Async />
                        <Route path=path!("/clients/:id/edit") view=pages::clients::EditClientPage ssr=SsrMode::Async />
                        <Route path=path!("/agenda") view=pages::agenda::AgendaPage ssr=SsrMode::Async />
                        <Route path=path!("/exercises") view=pages::exercises::ExercisesPage ssr=SsrMode::Async />
                        <Route path=path!("/exercises/:id") view=pages::exercises::ExerciseBuilderPage ssr=SsrMode::Async />
                        <Route path=path!("/exercises/:id/preview") view=pages::exercises::ExercisePreviewPage ssr=SsrMode::Async />
                        <Route path=path!("/time") view=pages::time::TimePage ssr=SsrMode::Async />
                        <Route path=path!("/operator/organizations/:id") view=pages::operator::OrganizationPage ssr=SsrMode::Async />
                        <Route path=path!("/operator/terms") view=pages::operator::TermsEditPage ssr=SsrMode::Async />
                        <Route path=path!("/account") view=pages::account::AccountPage ssr=SsrMode::Async />
                        <Route path=path!("/account/email/:token") view=pages::account::ConfirmEmailPage ssr=SsrMode::Async />
                        <Route path=path!("/forgot") view=pages::account::ForgotPage ssr=SsrMode::Async />
                        <Route path=path!("/reset/:token") view=pages::account::ResetPage ssr=SsrMode::Async />
                    </Routes>
                </Layout>
            </Router>
        </I18nContextProvider>
    }
}

#[component]
fn AppTitle() -> impl IntoView {
    let i18n = use_i18n();
    // A plain string, not a signal read: leptos_meta formats titles after the body has
    // rendered, when the render's reactive values may already be disposed.
    let app = t_string!(i18n, app_name).to_string();
    view! {
        // Every page's title passes through here, so this is where stored names (a dossier,
        // an exercise) are made safe for the raw-text `<title>` element.
        <Title formatter=move |page: String| {
            raw_text(if page.is_empty() { app.clone() } else { format!("{page} · {app}") })
        } />
    }
}
