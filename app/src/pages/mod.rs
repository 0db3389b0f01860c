//! One folder per area; each page loads its data through `api` server functions.

pub mod account;
pub mod agenda;
pub mod assignments;
pub mod auth;
pub mod clients;
pub mod consent;
pub mod dashboard;
pub mod exercises;
pub mod invite;
pub mod members;
pub mod my;
pub mod operator;
pub mod public;
pub mod signup;
pub mod teams;
pub mod time;
