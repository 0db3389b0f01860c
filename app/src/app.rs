use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, Link, Meta, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, Lazy, SsrMode};

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
                <PageStyle options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body class="flex min-h-screen flex-col bg-slate-50 text-slate-900 antialiased">
                <App />
            </body>
        </html>
    }
}

/// The site's style sheet as text, read once when the server starts. Written into every
/// page's head, it lets the browser paint the page as soon as the HTML is in, without
/// waiting for a second request; the sheet is small (Tailwind keeps only the classes in use).
#[cfg(feature = "ssr")]
#[derive(Clone)]
pub struct InlineStyle(pub std::sync::Arc<str>);

/// The style sheet inline when the server has it (see [`InlineStyle`]), otherwise linked.
/// The release build names its files by content (hash-files), so the link reads the current
/// name from the build's hash file.
#[component]
fn PageStyle(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(InlineStyle(css)) = use_context::<InlineStyle>() {
        let nonce = leptos::nonce::use_nonce();
        return view! { <style nonce=nonce inner_html=css></style> }.into_any();
    }
    view! { <HashedStylesheet options id="leptos" /> }.into_any()
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
         style-src 'self' 'nonce-{nonce}'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
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
            <Meta name="description" content="Koers" />
            <Link rel="mask-icon" href="/icons/icon.svg" />
            <AppTitle />
            <crate::components::pwa::ServiceWorker />
            <Router>
                <Layout>
                    <Routes fallback=|| view! { <pages::public::NotFound /> }>
                        <Route path=path!("/") view={Lazy::<pages::LandingRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/login") view={Lazy::<pages::LoginRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/login/code") view={Lazy::<pages::LoginCodeRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/network") view={Lazy::<pages::NetworkRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/terms") view={Lazy::<pages::TermsRoute>::new()} ssr=SsrMode::Async />
                        <Route
                            path=path!("/privacy")
                            view={Lazy::<pages::PrivacyRoute>::new()}
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/consent")
                            view={Lazy::<pages::ConsentRoute>::new()}
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/dashboard")
                            view={Lazy::<pages::DashboardRoute>::new()}
                            ssr=SsrMode::Async
                        />
                        <Route path=path!("/my") view={Lazy::<pages::MyHomeRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/my/exercises/:id") view={Lazy::<pages::MyExerciseRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/my/journal") view={Lazy::<pages::MyJournalRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/my/access") view={Lazy::<pages::MyAccessRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/access-log") view={Lazy::<pages::AccessLogRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/privacy/requests") view={Lazy::<pages::PrivacyRequestsRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/assignments/:id") view={Lazy::<pages::AssignmentRoute>::new()} ssr=SsrMode::Async />
                        <Route
                            path=path!("/operator")
                            view={Lazy::<pages::OperatorRoute>::new()}
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/operator/outbox")
                            view={Lazy::<pages::OutboxRoute>::new()}
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/members")
                            view={Lazy::<pages::MembersRoute>::new()}
                            ssr=SsrMode::Async
                        />
                        <Route
                            path=path!("/invite/:token")
                            view={Lazy::<pages::InviteRoute>::new()}
                            ssr=SsrMode::Async
                        />
                        <Route path=path!("/signup") view={Lazy::<pages::SignUpRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/signup/confirm/:token") view={Lazy::<pages::ConfirmSignUpRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/teams") view={Lazy::<pages::TeamsRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/clients") view={Lazy::<pages::ClientsRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/clients/new") view={Lazy::<pages::NewClientRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/clients/:id") view={Lazy::<pages::DossierRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/clients/:id/edit") view={Lazy::<pages::EditClientRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/agenda") view={Lazy::<pages::AgendaRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/exercises") view={Lazy::<pages::ExercisesRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/exercises/:id") view={Lazy::<pages::ExerciseBuilderRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/exercises/:id/preview") view={Lazy::<pages::ExercisePreviewRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/time") view={Lazy::<pages::TimeRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/operator/organizations/:id") view={Lazy::<pages::OrganizationRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/operator/terms") view={Lazy::<pages::TermsEditRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/account") view={Lazy::<pages::AccountRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/account/two-factor") view={Lazy::<pages::TwoFactorRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/security") view={Lazy::<pages::SecurityRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/account/email/:token") view={Lazy::<pages::ConfirmEmailRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/forgot") view={Lazy::<pages::ForgotRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/reset/:token") view={Lazy::<pages::ResetRoute>::new()} ssr=SsrMode::Async />
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
