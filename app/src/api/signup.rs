use leptos::prelude::*;

use crate::error::AppError;

/// Creates a demo organization with the caller as its owner, and signs them in.
#[server(endpoint = "signup/demo")]
pub async fn demo_sign_up(
    organization: String,
    name: String,
    email: String,
    password: String,
    agree: Option<String>,
) -> Result<(), AppError> {
    use crate::server::auth::context::request_parts;
    use crate::server::auth::session_store::start_session;
    use crate::server::service::signup::{sign_up_demo, DemoSignUp};
    let (state, session) = request_parts().await?;
    let address = crate::server::auth::client_address(state.settings.trust_proxy).await;
    let user_id = sign_up_demo(
        &state.db,
        &state.clock,
        state.mailer.as_ref(),
        &state.settings.public_url,
        &address,
        DemoSignUp {
            organization: &organization,
            name: &name,
            email: &email,
            password: &password,
            agreed: agree.is_some(),
        },
    )
    .await?;
    start_session(&session, user_id, state.clock.now()).await?;
    leptos_axum::redirect("/dashboard");
    Ok(())
}
