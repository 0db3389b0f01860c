//! Security: two-step verification, the organization's security settings (the two-step
//! rule, its networks, the inactivity limit) and the security event log.

pub mod events;
pub mod network;
pub mod settings;
pub mod two_factor;
