//! Security: two-step verification, the organization's security settings and the security
//! event log.

pub mod events;
pub mod settings;
pub mod two_factor;
