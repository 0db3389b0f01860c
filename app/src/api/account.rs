use crate::error::AppError;
use leptos::prelude::*;

pub use crate::model::account::*;

/// The signed-in person (any role) who accepted the current terms, with their session.
#[cfg(feature = "ssr")]
async fn me() -> Result<
    (
        crate::server::AppState,
        tower_sessions::Session,
        crate::server::auth::Actor,
    ),
    AppError,
> {
    use crate::server::auth::context::{request_actor, request_parts};
    let (state, session) = request_parts().await?;
    let actor = request_actor(&state, &session)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    actor.enrolled()?;
    if !actor.consent_current {
        return Err(AppError::ConsentRequired);
    }
    Ok((state, session, actor))
}

/// Confirms this request's session anew before the person's other sessions are ended, so
/// that it survives the "sessions valid after" mark they get. Returns the stored form of
/// the session id and the moment of confirmation.
#[cfg(feature = "ssr")]
async fn reconfirm(
    session: &tower_sessions::Session,
) -> Result<(String, chrono::DateTime<chrono::Utc>), AppError> {
    use crate::server::auth::session_store::VALID_FROM_KEY;
    let now = chrono::Utc::now();
    session
        .insert(VALID_FROM_KEY, now.to_rfc3339())
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "session store failed");
            AppError::Internal
        })?;
    Ok((session_ref(session), now))
}

/// The stored form of this request's session id.
#[cfg(feature = "ssr")]
fn session_ref(session: &tower_sessions::Session) -> String {
    session
        .id()
        .map(|id| crate::server::auth::session_store::hash_id(&id))
        .unwrap_or_default()
}

#[server(endpoint = "account/profile")]
pub async fn my_profile() -> Result<ProfileDto, AppError> {
    let (state, _, actor) = me().await?;
    crate::server::service::profile::profile(&state.db, state.clock.now(), &actor).await
}

/// Saves name and language, and switches the interface to that language.
#[server(endpoint = "account/update")]
pub async fn update_profile(name: String, language: String) -> Result<String, AppError> {
    let (state, _, actor) = me().await?;
    let language =
        crate::server::service::profile::update_profile(&state.db, &actor, &name, &language)
            .await?;
    crate::server::auth::set_language_cookie(&language, state.settings.secure_cookies);
    Ok(language)
}

/// Sends a confirmation link to the new address; returns that address.
#[server(endpoint = "account/change_email")]
pub async fn change_email(email: String, current_password: String) -> Result<String, AppError> {
    let (state, _, actor) = me().await?;
    crate::server::service::profile::request_email_change(
        &state.db,
        state.clock.now(),
        state.mailer.as_ref(),
        &state.settings.public_url,
        &actor,
        &email,
        &current_password,
    )
    .await
}

#[server(endpoint = "account/change_password")]
pub async fn change_password(current_password: String, password: String) -> Result<(), AppError> {
    let (state, session, actor) = me().await?;
    let (this_session, confirmed_at) = reconfirm(&session).await?;
    let origin = crate::server::auth::request_origin(state.settings.trusted_proxies).await;
    crate::server::service::profile::change_password(
        &state.db,
        &origin,
        &actor,
        &current_password,
        &password,
        &this_session,
        confirmed_at,
    )
    .await?;
    // Also where the form was sent without JavaScript, the page can say it worked.
    leptos_axum::redirect("/account?saved=password");
    Ok(())
}

#[server(endpoint = "account/sessions")]
pub async fn my_sessions() -> Result<Vec<SessionRow>, AppError> {
    let (state, session, actor) = me().await?;
    crate::server::service::profile::sessions(
        &state.db,
        state.clock.now(),
        &actor,
        &session_ref(&session),
    )
    .await
}

/// Ends every other session of the person; returns how many.
#[server(endpoint = "account/sign_out_others")]
pub async fn sign_out_other_sessions() -> Result<u64, AppError> {
    let (state, session, actor) = me().await?;
    let (this_session, confirmed_at) = reconfirm(&session).await?;
    crate::server::service::profile::sign_out_others(&state.db, &actor, &this_session, confirmed_at)
        .await
}

/// The new address a confirmation link sets. The token is the permission: whoever opened
/// the mail may confirm, signed in or not, in any browser.
#[server(endpoint = "account/email_link")]
pub async fn email_link_details(token: String) -> Result<String, AppError> {
    use crate::server::auth::context::request_parts;
    let (state, _) = request_parts().await?;
    crate::server::service::profile::email_link_details(&state.db, state.clock.now(), &token).await
}

#[server(endpoint = "account/confirm_email")]
pub async fn confirm_email(token: String) -> Result<(), AppError> {
    use crate::server::auth::context::request_parts;
    let (state, _) = request_parts().await?;
    let origin = crate::server::auth::request_origin(state.settings.trusted_proxies).await;
    crate::server::service::profile::confirm_email_change(
        &state.db,
        state.clock.now(),
        &token,
        &origin,
    )
    .await?;
    leptos_axum::redirect(&format!("/account/email/{token}?confirmed=1"));
    Ok(())
}

/// Sends a reset link if the address has an account; the answer never says whether it has.
#[server(endpoint = "password/forgot")]
pub async fn forgot_password(email: String) -> Result<(), AppError> {
    use crate::server::auth::context::request_parts;
    let (state, _) = request_parts().await?;
    let address = crate::server::auth::client_address(state.settings.trusted_proxies).await;
    crate::server::service::password_reset::request(
        &state.db,
        state.clock.now(),
        state.mailer.as_ref(),
        &state.settings.public_url,
        &address,
        &email,
    )
    .await?;
    leptos_axum::redirect("/forgot?sent=1");
    Ok(())
}

/// The address a reset link is for.
#[server(endpoint = "password/reset_link")]
pub async fn reset_link_details(token: String) -> Result<String, AppError> {
    use crate::server::auth::context::request_parts;
    let (state, _) = request_parts().await?;
    crate::server::service::password_reset::details(&state.db, state.clock.now(), &token).await
}

/// Sets the new password and sends the person to sign in with it.
#[server(endpoint = "password/reset")]
pub async fn reset_password(token: String, password: String) -> Result<(), AppError> {
    use crate::server::auth::context::request_parts;
    let (state, _) = request_parts().await?;
    let origin = crate::server::auth::request_origin(state.settings.trusted_proxies).await;
    crate::server::service::password_reset::reset(
        &state.db,
        state.clock.now(),
        &token,
        &password,
        &origin,
    )
    .await?;
    leptos_axum::redirect("/login?reset=1");
    Ok(())
}
