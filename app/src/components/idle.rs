//! The inactivity warning: a minute before the organization's inactivity limit ends the
//! session, the browser says so and offers "stay signed in"; when nobody answers, it signs
//! out itself (sending answers that wait in this browser first) and the sign-in page says
//! why. The server ends the session at the limit regardless (see
//! `session_store::idle_past`), with or without this.
//!
//! The last moment of activity is kept in `localStorage`, shared by every tab of Koers in
//! this browser: working in one tab keeps the others from signing out.

use leptos::prelude::*;

use crate::api::auth::StaySignedIn;
use crate::i18n::*;

/// The server moves its idle deadline forward at most once per this many seconds
/// (`session_touch_interval`), so it may count from up to this much before the browser's
/// last request: the browser ends that much early rather than late.
#[cfg(feature = "hydrate")]
const TOUCH_SLACK_SECONDS: i64 = 60;

#[cfg(feature = "hydrate")]
const ACTIVE_KEY: &str = "koers.active_at";

/// Records that the server heard from this browser just now.
pub fn mark_active() {
    #[cfg(feature = "hydrate")]
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.set_item(ACTIVE_KEY, &js_sys::Date::now().to_string());
    }
}

#[cfg(feature = "hydrate")]
fn last_active() -> Option<f64> {
    web_sys::window()?
        .local_storage()
        .ok()??
        .get_item(ACTIVE_KEY)
        .ok()??
        .parse()
        .ok()
}

/// Seconds the session has left by the browser's count.
#[cfg(feature = "hydrate")]
fn seconds_left(idle_minutes: i64, since: f64) -> i64 {
    let last = last_active().unwrap_or(since).max(since);
    let deadline = last + ((idle_minutes * 60 - TOUCH_SLACK_SECONDS) * 1000) as f64;
    ((deadline - js_sys::Date::now()) / 1000.0).ceil() as i64
}

#[component]
pub fn IdleWarning(idle_minutes: i64) -> impl IntoView {
    let i18n = use_i18n();
    let left = RwSignal::new(None::<i64>);
    let stay = ServerAction::<StaySignedIn>::new();
    let sign_out = NodeRef::<leptos::html::Form>::new();
    let logout_url = <crate::api::auth::Logout as leptos::server_fn::ServerFn>::url();
    // This page (or its data) was just served: activity.
    mark_active();
    // The server renders no warning: the count runs in the browser.
    #[cfg(not(feature = "hydrate"))]
    let _ = idle_minutes;
    #[cfg(feature = "hydrate")]
    {
        use crate::model::security::IDLE_WARNING_SECONDS;
        use std::cell::Cell;
        use std::rc::Rc;
        let since = js_sys::Date::now();
        let ending = Rc::new(Cell::new(false));
        let interval = Rc::new(Cell::new(None::<leptos::prelude::IntervalHandle>));
        let own_interval = interval.clone();
        let tick = move || {
            // Gone with its page (a navigation renders the layout's part again): stop.
            let Some(shown) = left.try_get_untracked() else {
                if let Some(handle) = own_interval.take() {
                    handle.clear();
                }
                return;
            };
            let remaining = seconds_left(idle_minutes, since);
            if remaining <= 0 {
                if !ending.replace(true) {
                    // The sign-out form below, posted as a browser without JavaScript would:
                    // a page load that ends on the sign-in page with the reason.
                    let form = sign_out.get_untracked();
                    leptos::task::spawn_local(async move {
                        crate::pages::my::autosave::send_and_forget_all().await;
                        if let Some(form) = form {
                            let _ = form.submit();
                        }
                    });
                }
            } else if remaining <= IDLE_WARNING_SECONDS {
                left.set(Some(remaining));
            } else if shown.is_some() {
                left.set(None);
            }
        };
        if let Ok(handle) = set_interval_with_handle(tick, std::time::Duration::from_secs(1)) {
            interval.set(Some(handle));
            on_cleanup(move || handle.clear());
        }
    }
    Effect::new(move || {
        if stay.value().get().is_some_and(|r| r.is_ok()) {
            mark_active();
            left.set(None);
        }
    });
    let text = move || {
        left.get().map(|seconds| {
            t_string!(i18n, idle.warning)
                .to_string()
                .replace("%seconds%", &seconds.to_string())
        })
    };
    view! {
        <form node_ref=sign_out method="post" action=logout_url class="hidden" aria-hidden="true">
            <input type="hidden" name="reason" value="idle" />
        </form>
        <Show when=move || left.get().is_some()>
            <div
                role="alertdialog"
                aria-labelledby="idle-heading"
                aria-describedby="idle-text"
                class="fixed inset-x-0 bottom-4 z-50 mx-auto w-[min(32rem,calc(100%-2rem))] rounded-lg border border-amber-300 bg-amber-50 p-4 shadow-lg"
            >
                <h2 id="idle-heading" class="font-semibold text-amber-950">{t!(i18n, idle.heading)}</h2>
                <p id="idle-text" class="mt-1 text-sm text-amber-950">{text}</p>
                <button
                    type="button"
                    class="mt-3 rounded-md bg-teal-700 px-4 py-2 font-medium text-white hover:bg-teal-800"
                    autofocus=true
                    on:click=move |_| {
                        stay.dispatch(StaySignedIn {});
                    }
                >
                    {t!(i18n, idle.stay)}
                </button>
            </div>
        </Show>
    }
}
