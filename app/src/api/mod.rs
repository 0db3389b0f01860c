//! Server functions, one file per area. Each is thin: authenticate, authorize with a tenant
//! context built from the session, call a service, return a DTO. The DTOs here are the only
//! data types that travel to the browser.

pub mod access_log;
pub mod account;
pub mod agenda;
pub mod assignments;
pub mod auth;
pub mod clients;
pub mod consent;
pub mod dashboard;
pub mod documents;
pub mod exercises;
#[cfg(feature = "ssr")]
pub mod files;
pub mod invitations;
pub mod journal;
pub mod members;
pub mod my;
pub mod operator;
pub mod privacy;
pub mod reports;
pub mod security;
pub mod signup;
pub mod teams;
pub mod time;
pub mod trajectories;
