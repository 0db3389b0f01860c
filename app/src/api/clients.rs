use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::server::auth::context::{open_dossier, require_staff};
use leptos::prelude::*;

pub use crate::model::clients::*;

/// Clients the caller may open, by name; `q` searches name and e-mail.
#[server(endpoint = "clients/list")]
pub async fn list_clients(
    #[server(default)] q: String,
    #[server(default)] coach: Option<i32>,
    #[server(default)] team: Option<i32>,
    #[server(default)] archived: bool,
    #[server(default)] status: String,
    #[server(default)] page: u64,
) -> Result<ClientsPage, AppError> {
    use crate::server::service::clients::{list, ListFilter};
    let (state, tenant) = require_staff().await?;
    let filter = ListFilter {
        q,
        coach,
        team,
        archived,
        // Not one of the statuses (an edited address): no filter, like "any status".
        status: crate::model::trajectories::TrajectoryStatus::parse(&status),
        page,
    };
    list(&state.db, state.clock.now(), &tenant, &filter).await
}

/// Creates a dossier and goes to it.
#[server(endpoint = "clients/create")]
pub async fn create_client(#[server(default)] input: ClientForm) -> Result<i32, AppError> {
    let (state, tenant) = require_staff().await?;
    let id = crate::server::service::clients::create(&state.db, state.clock.now(), &tenant, &input)
        .await?;
    leptos_axum::redirect(&format!("/clients/{id}"));
    Ok(id)
}

#[server(endpoint = "clients/dossier")]
pub async fn client_dossier(id: i32) -> Result<DossierDto, AppError> {
    let (state, tenant, dossier) = open_dossier(id).await?;
    crate::server::service::clients::dossier(&state.db, &tenant, &dossier).await
}

#[server(endpoint = "clients/update")]
pub async fn update_client(id: i32, #[server(default)] input: ClientForm) -> Result<(), AppError> {
    let (state, tenant) = require_staff().await?;
    crate::server::service::clients::update(&state.db, state.clock.now(), &tenant, id, &input)
        .await?;
    // Back to the tab where the data shows.
    leptos_axum::redirect(&DossierTab::Data.path(id));
    Ok(())
}

#[server(endpoint = "clients/archive")]
pub async fn archive_client(id: i32, archive: bool) -> Result<(), AppError> {
    let (state, tenant) = require_staff().await?;
    crate::server::service::clients::set_archived(
        &state.db,
        state.clock.now(),
        &tenant,
        id,
        archive,
    )
    .await
}

/// Restricts the dossier's processing at the client's request, or lifts it.
#[server(endpoint = "clients/restrict")]
pub async fn restrict_client(id: i32, restricted: bool) -> Result<(), AppError> {
    let (state, tenant) = require_staff().await?;
    crate::server::service::clients::set_restricted(
        &state.db,
        state.clock.now(),
        &tenant,
        id,
        restricted,
    )
    .await?;
    leptos_axum::redirect(&format!("{}#restriction", DossierTab::Data.path(id)));
    Ok(())
}

#[server(endpoint = "clients/access")]
pub async fn dossier_access(id: i32) -> Result<AccessDto, AppError> {
    let (state, _, dossier) = open_dossier(id).await?;
    crate::server::service::clients::access(&state.db, &dossier).await
}

/// `kind` is `coach` or `team`; `grant` gives access, otherwise it is withdrawn.
#[server(endpoint = "clients/grant")]
pub async fn change_access(
    id: i32,
    kind: String,
    target: i32,
    grant: bool,
) -> Result<(), AppError> {
    let (state, tenant) = require_staff().await?;
    crate::server::service::clients::change_access(&state.db, &tenant, id, &kind, target, grant)
        .await
}

/// Invites the client to Koers at the dossier's e-mail address.
#[server(endpoint = "clients/invite")]
pub async fn invite_client(id: i32) -> Result<(), AppError> {
    let (state, tenant) = require_staff().await?;
    crate::server::service::clients::invite(
        &state.db,
        state.mailer.as_ref(),
        &state.settings.public_url,
        &tenant,
        id,
    )
    .await
}

#[server(endpoint = "clients/overview")]
pub async fn dossier_overview(id: i32) -> Result<OverviewDto, AppError> {
    let (state, tenant, dossier) = open_dossier(id).await?;
    crate::server::service::overview::for_dossier(&state.db, state.clock.now(), &tenant, &dossier)
        .await
}
