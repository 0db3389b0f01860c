//! Koers: the Leptos application (components, pages, server functions) and, behind the
//! `ssr` feature, the whole server-side domain in [`server`].

#![recursion_limit = "256"]

// The build.rs code generator that replaces this macro would compile the ICU data exporter
// into every build (minutes on a 2-core CI machine) for features we do not use.
#[allow(deprecated)]
mod locales {
    leptos_i18n::load_locales!();
}
pub use locales::i18n;

pub mod api;
pub mod components;
pub mod error;
pub mod model;
pub mod pages;
pub mod routes;
pub mod types;

#[cfg(feature = "ssr")]
pub mod server;

mod app;
#[cfg(feature = "ssr")]
pub use app::InlineStyle;
pub use app::{shell, App};
