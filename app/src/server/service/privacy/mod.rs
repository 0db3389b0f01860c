//! The person's rights, for the organization: the register of privacy requests
//! (`requests.rs`), the export of everything about one client (`export.rs`), erasing a
//! client completely (`erasure.rs`) and the retention period with what is past it
//! (`retention.rs`).

pub mod erasure;
pub mod export;
pub mod requests;
pub mod retention;
