//! Everything that runs only on the server: the database, authentication and the services.
//! Compiled with the `ssr` feature only, so none of it can reach the WASM build.

pub mod auth;
#[cfg(feature = "bench")]
pub mod bench;
pub mod clock;
pub mod crypto;
pub mod db;
pub mod entity;
pub mod local_time;
pub mod mail;
pub mod markdown;
pub mod migration;
pub mod service;
pub mod state;
pub mod storage;
pub mod stored;
pub mod testing;

pub use clock::Clock;
pub use crypto::{Keyring, MasterKeys};
pub use state::{AppState, Settings};
