//! The WASM entry: hydrates the server-rendered `App`. Nothing else lives here.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Every page is a lazy route, so hydration waits for the page's chunk (which the HTML
    // already preloads) instead of running in one synchronous pass.
    // Hydration runs on wasm-bindgen's executor; an Err only means it already was set up.
    let _ = any_spawner::Executor::init_wasm_bindgen();
    leptos::task::spawn_local(async {
        let body = leptos::prelude::document()
            .body()
            .expect("a server-rendered page has a body");
        let mounted = leptos::mount::hydrate_from_async(body, app::App).await;
        mounted.forget();
        // Marks the page as interactive; end-to-end tests wait for it before they type.
        if let Some(root) = leptos::prelude::document().document_element() {
            let _ = root.set_attribute("data-hydrated", "");
        }
    });
}
