use crate::error::AppError;
use leptos::prelude::*;

pub use crate::model::signup::*;

/// Asks for a demo: checks the form and mails a link that starts it. The answer is the
/// same for every address that passes the checks.
#[server(endpoint = "signup/demo")]
pub async fn demo_sign_up(
    organization: String,
    name: String,
    email: String,
    password: String,
    agree: Option<String>,
) -> Result<(), AppError> {
    use crate::server::auth::context::request_parts;
    use crate::server::service::signup::{request_demo, DemoSignUp};
    let (state, _) = request_parts().await?;
    let address = crate::server::auth::client_address(state.settings.trusted_proxies).await;
    request_demo(
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
    // Also where the form was sent without JavaScript, the page can say what happens next.
    leptos_axum::redirect("/signup?sent=1");
    Ok(())
}

#[server(endpoint = "signup/details")]
pub async fn sign_up_details(token: String) -> Result<SignupLink, AppError> {
    use crate::server::auth::context::request_parts;
    let (state, _) = request_parts().await?;
    crate::server::service::signup::details(&state.db, state.clock.now(), &token).await
}

/// Starts the demo from the link in the mail, and signs its owner in.
#[server(endpoint = "signup/confirm")]
pub async fn confirm_sign_up(token: String) -> Result<(), AppError> {
    use crate::server::auth::context::request_parts;
    use crate::server::auth::session_store::start_session;
    let (state, session) = request_parts().await?;
    let user_id = crate::server::service::signup::confirm(
        &state.db,
        &state.keys,
        &state.clock,
        state.mailer.as_ref(),
        &state.settings.public_url,
        &token,
    )
    .await?;
    start_session(&session, user_id).await?;
    leptos_axum::redirect("/dashboard");
    Ok(())
}
