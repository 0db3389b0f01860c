//! One folder per area; each page loads its data through `api` server functions.

pub mod auth;
pub mod consent;
pub mod dashboard;
pub mod my;
pub mod operator;
pub mod public;

pub mod labels;
