//! The codes of an organization (the practice, *klant*) that several areas share.

use crate::model::code::code;

code! {
    /// What the practice subscribed to; it sets the seat limits (see `service::licence`).
    pub enum Licence {
        Standard = "standard",
        Extended = "extended",
        Custom = "custom",
        Demo = "demo",
    }
}

code! {
    /// Whether the practice's people can sign in: the operator suspends and reactivates.
    pub enum OrganizationStatus {
        Active = "active",
        Suspended = "suspended",
    }
}
