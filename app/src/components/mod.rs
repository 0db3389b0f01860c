//! Reusable pieces of interface. Components never touch the database: they call server
//! functions from `api` and render DTOs.

pub mod chart;
pub mod errors;
pub mod events;
pub mod form;
pub mod idle;
pub mod labels;
pub mod layout;
pub mod notices;
pub mod pwa;
pub mod question;
pub mod section;
pub mod upload;
