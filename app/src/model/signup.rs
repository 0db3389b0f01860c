//! What travels between the browser and the server for signup.

use serde::{Deserialize, Serialize};

/// A sign-up link that still works, as its confirmation page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignupLink {
    pub organization: String,
    pub name: String,
    pub email: String,
}
