//! The types that travel between the browser and the server, one file per area, and the
//! codes, limits and formatters both sides share. Compiled in both builds; depends only on
//! serde and [`crate::types`]. Server functions (`api`) return these, services (`server`)
//! build them: neither layer reaches into the other for a type.

pub mod access_log;
pub mod account;
pub mod agenda;
pub mod assignments;
pub mod auth;
pub mod clients;
pub mod code;
pub mod consent;
pub mod dashboard;
pub mod documents;
pub mod exercises;
pub mod exports;
pub mod invitations;
pub mod journal;
pub mod members;
pub mod my;
pub mod operator;
pub mod organizations;
pub mod privacy;
pub mod reports;
pub mod security;
pub mod signup;
pub mod teams;
pub mod time;
pub mod trajectories;
