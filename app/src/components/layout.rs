use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::api::auth::{current_user, Logout, SessionUser};
use crate::i18n::*;
use crate::types::Role;

/// The frame of every page: skip link, header with navigation for the role, main, footer.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    // Asked again on every navigation, so the header follows sign-in, sign-out and expiry.
    let user = Resource::new(move || location.pathname.get(), |_| current_user());
    view! {
        <a
            href="#main"
            class="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:shadow"
        >
            {t!(i18n, nav.skip)}
        </a>
        <header class="border-b border-slate-200 bg-white">
            <div class="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-3 px-4 py-3">
                <a href="/" class="flex items-center gap-2 text-xl font-semibold text-teal-800">
                    <img src="/icons/icon.svg" alt="" width="28" height="28" />
                    {t!(i18n, app_name)}
                </a>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let user = user.await.ok().flatten();
                        view! { <MainNav user /> }
                    })}
                </Suspense>
            </div>
        </header>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let user = user.await.ok().flatten();
                let idle = user.as_ref().map(|u| u.idle_minutes);
                view! {
                    <DemoBanner user />
                    {idle.map(|idle_minutes| view! { <crate::components::idle::IdleWarning idle_minutes /> })}
                }
            })}
        </Suspense>
        <main id="main" tabindex="-1" class="mx-auto w-full max-w-5xl flex-1 px-4 py-8 focus:outline-none">
            {children()}
        </main>
        <footer class="border-t border-slate-200 bg-white">
            <div class="mx-auto flex max-w-5xl flex-wrap gap-4 px-4 py-4 text-sm text-slate-600">
                <a class="underline hover:text-slate-900" href="/terms">{t!(i18n, footer.terms)}</a>
                <a class="underline hover:text-slate-900" href="/privacy">{t!(i18n, footer.privacy)}</a>
                <span>{t!(i18n, footer.note)}</span>
            </div>
        </footer>
    }
}

/// Tells the people of a demo organization until when it runs, and once it has ended,
/// that they can still read everything but change nothing.
#[component]
fn DemoBanner(user: Option<SessionUser>) -> impl IntoView {
    let i18n = use_i18n();
    let user = user.filter(|u| u.consent_current)?;
    let date = user.demo_ends_on.clone()?;
    let (text, class) = if user.read_only {
        (
            t_string!(i18n, demo.ended).replace("%date%", &date),
            "border-amber-300 bg-amber-50 text-amber-900",
        )
    } else {
        (
            t_string!(i18n, demo.running).replace("%date%", &date),
            "border-teal-200 bg-teal-50 text-teal-900",
        )
    };
    Some(view! {
        <div role="status" class=format!("border-b {class}")>
            <p class="mx-auto max-w-5xl px-4 py-2 text-sm">{text}</p>
        </div>
    })
}

#[component]
fn MainNav(user: Option<SessionUser>) -> impl IntoView {
    let i18n = use_i18n();
    let logout = ServerAction::<Logout>::new();
    let logout_url = <Logout as leptos::server_fn::ServerFn>::url();
    let link = "rounded px-2 py-1 text-slate-700 hover:bg-slate-100 hover:text-slate-900";
    let home = user.as_ref().filter(|u| u.consent_current).map(|u| {
        let label = match u.role {
            Role::Operator => t_string!(i18n, nav.operator),
            Role::Owner | Role::Coach => t_string!(i18n, nav.dashboard),
            Role::Client => t_string!(i18n, nav.my),
        };
        let members = (u.role == Role::Owner).then(|| {
            view! {
                <a class=link href="/members">{t!(i18n, nav.members)}</a>
                <a class=link href="/security">{t!(i18n, nav.security)}</a>
            }
        });
        let teams = matches!(u.role, Role::Owner | Role::Coach).then(|| {
            view! {
                <a class=link href="/clients">{t!(i18n, nav.clients)}</a>
                <a class=link href="/agenda">{t!(i18n, nav.agenda)}</a>
                <a class=link href="/exercises">{t!(i18n, nav.exercises)}</a>
                <a class=link href="/time">{t!(i18n, nav.time)}</a>
                <a class=link href="/teams">{t!(i18n, nav.teams)}</a>
            }
        });
        view! {
            <a class=link href=u.role.home_path()>{label}</a>
            {members}
            {teams}
            <a class=link href="/account">{t!(i18n, nav.account)}</a>
        }
    });
    let account = match user {
        Some(user) => view! {
            <span class="text-sm text-slate-600">
                <span class="sr-only">{t!(i18n, nav.signed_in_as)} " "</span>
                {user.name.clone()}
            </span>
            // A plain form, so that without JavaScript it posts as it is; with JavaScript
            // the answers still waiting in this browser are sent (and removed) first.
            <form
                method="post"
                action=logout_url
                on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    leptos::task::spawn_local(async move {
                        crate::pages::my::autosave::send_and_forget_all().await;
                        logout.dispatch(Logout { reason: String::new() });
                    });
                }
            >
                <button type="submit" class="rounded border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100">
                    {t!(i18n, nav.sign_out)}
                </button>
            </form>
        }
        .into_any(),
        None => view! {
            <a class=link href="/login">{t!(i18n, nav.sign_in)}</a>
        }
        .into_any(),
    };
    view! {
        <nav aria-label=move || t_string!(i18n, nav.main) class="flex flex-wrap items-center gap-2">
            {home}
            <LanguageSwitch />
            {account}
        </nav>
    }
}

/// A plain link to a server route that stores the choice in a cookie and comes back here:
/// it works the same with and without JavaScript.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let href = move || {
        let target = match i18n.get_locale() {
            Locale::nl => "en",
            Locale::en => "nl",
        };
        let here = location.pathname.get();
        format!("/language/{target}?next={}", encode_path(&here))
    };
    view! {
        <a
            href=href
            rel="external"
            lang=move || match i18n.get_locale() { Locale::nl => "en", Locale::en => "nl" }
            aria-label=move || t_string!(i18n, nav.switch_language_label)
            class="rounded px-2 py-1 text-sm text-slate-700 underline hover:bg-slate-100"
        >
            {t!(i18n, nav.switch_language)}
        </a>
    }
}

/// Percent-encodes what a path may contain that a query value may not.
fn encode_path(path: &str) -> String {
    path.chars()
        .map(|c| match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '/' | '-' | '_' | '.' | '~' => c.to_string(),
            other => {
                let mut buf = [0u8; 4];
                other
                    .encode_utf8(&mut buf)
                    .bytes()
                    .map(|b| format!("%{b:02X}"))
                    .collect()
            }
        })
        .collect()
}
