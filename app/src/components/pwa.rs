use leptos::prelude::*;

/// Registers the service worker once the app runs in a browser, which makes Koers
/// installable. Without JavaScript there is nothing to install, and pages work as before.
#[component]
pub fn ServiceWorker() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let Some(window) = web_sys::window() {
            // The promise is not awaited: a failed registration only means "not installable".
            let _ = window.navigator().service_worker().register("/sw.js");
        }
    });
}
