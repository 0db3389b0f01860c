//! The person's rights, for the organization: the register of privacy requests
//! (`requests.rs`). Export, erasure and retention will join it here.

pub mod requests;
