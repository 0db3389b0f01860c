//! The person's rights, for the organization: the register of privacy requests
//! (`requests.rs`) and the export of everything about one client (`export.rs`). Erasure
//! and retention will join them here.

pub mod export;
pub mod requests;
