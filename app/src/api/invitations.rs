use crate::error::AppError;
use leptos::prelude::*;

pub use crate::model::invitations::*;

/// Public: the token itself is the permission.
#[server(endpoint = "invitations/details")]
pub async fn invitation_details(token: String) -> Result<InvitationInfo, AppError> {
    use crate::server::auth::context::request_parts;
    let (state, _) = request_parts().await?;
    crate::server::service::invitation::details(&state.db, &token).await
}

/// Creates the account from the invitation and signs the new member in.
#[server(endpoint = "invitations/accept")]
pub async fn accept_invitation(
    token: String,
    password: String,
    agree: Option<String>,
) -> Result<(), AppError> {
    use crate::server::auth::context::request_parts;
    use crate::server::auth::session_store::start_session;
    let (state, session) = request_parts().await?;
    let (user_id, role) =
        crate::server::service::invitation::accept(&state.db, &token, &password, agree.is_some())
            .await?;
    start_session(&session, user_id).await?;
    leptos_axum::redirect(role.home_path());
    Ok(())
}
