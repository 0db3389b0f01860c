use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// The home of a client: "my trajectory".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyHomeDto {
    pub your_name: String,
    pub organization_name: String,
    /// The names of the coaches of the client's organization they can turn to.
    pub coaches: Vec<String>,
}

#[server(endpoint = "my/home")]
pub async fn my_home() -> Result<MyHomeDto, AppError> {
    use crate::server::auth::context::require_member;
    let (state, tenant) = require_member(&[crate::types::Role::Client]).await?;
    crate::server::service::organization::my_home(&state.db, &tenant).await
}
