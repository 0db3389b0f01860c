//! What travels between the browser and the server for consent.

use serde::{Deserialize, Serialize};

/// The current Terms of Use and Privacy Statement in one language, as HTML we wrote ourselves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermsDto {
    pub version: i32,
    pub terms_html: String,
    pub privacy_html: String,
}
