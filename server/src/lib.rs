//! The Koers server: configuration, command line, HTTP router and background jobs.
//! The domain itself lives in `app::server`; this crate wires it to the network.

pub mod assets;
pub mod backup;
pub mod cli;
pub mod config;
pub mod demo;
pub mod jobs;
pub mod keys;
pub mod middleware;
pub mod router;
pub mod same_site;
pub mod serve;

pub use config::Config;
