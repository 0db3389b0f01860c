// A dossier's form has eight fields; server functions take them as arguments.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::types::Role;

/// Something to pick from a list: a coach, a team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub id: i32,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientRow {
    pub id: i32,
    pub name: String,
    pub email: Option<String>,
    /// The responsible coach's name.
    pub responsible: Option<String>,
    pub archived: bool,
}

/// One page of the clients list, and what its filters offer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientsPage {
    pub rows: Vec<ClientRow>,
    /// Zero-based.
    pub page: u64,
    pub has_next: bool,
    pub coaches: Vec<Choice>,
    pub teams: Vec<Choice>,
}

/// A dossier's ordinary data, and what the viewer may do with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DossierDto {
    pub id: i32,
    pub name: String,
    pub email: Option<String>,
    /// `YYYY-MM-DD`.
    pub date_of_birth: Option<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub notes: Option<String>,
    pub responsible_coach_id: Option<i32>,
    pub responsible: Option<String>,
    pub archived: bool,
    /// The client can sign in to Koers.
    pub has_login: bool,
    /// An invitation to Koers is waiting for the client.
    pub invited: bool,
    /// Owners and the responsible coach decide who has access and archive the dossier.
    pub can_manage: bool,
    /// Coaches and owners who could be responsible.
    pub coaches: Vec<Choice>,
    /// The organization's teams, for trajectories.
    pub teams: Vec<Choice>,
}

/// Who may open a dossier, and who could be given access.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessDto {
    pub coaches: Vec<Choice>,
    pub teams: Vec<Choice>,
    pub other_coaches: Vec<Choice>,
    pub other_teams: Vec<Choice>,
    pub can_manage: bool,
}

#[cfg(feature = "ssr")]
async fn staff() -> Result<(crate::server::AppState, crate::server::auth::TenantContext), AppError>
{
    crate::server::auth::context::require_member(&[Role::Owner, Role::Coach]).await
}

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
    let (state, tenant) = staff().await?;
    let filter = ListFilter {
        q,
        coach,
        team,
        archived,
        status: (!status.is_empty()).then_some(status),
        page,
    };
    list(&state.db, &tenant, &filter).await
}

/// Creates a dossier and goes to it.
#[server(endpoint = "clients/create")]
pub async fn create_client(
    name: String,
    #[server(default)] email: String,
    #[server(default)] date_of_birth: String,
    #[server(default)] address: String,
    #[server(default)] phone: String,
    #[server(default)] notes: String,
    #[server(default)] responsible_coach_id: String,
) -> Result<i32, AppError> {
    use crate::server::service::clients::{create, ClientInput};
    let (state, tenant) = staff().await?;
    let input = ClientInput {
        name: &name,
        email: &email,
        date_of_birth: &date_of_birth,
        address: &address,
        phone: &phone,
        notes: &notes,
        responsible_coach_id: &responsible_coach_id,
    };
    let id = create(&state.db, state.clock.now(), &tenant, &input).await?;
    leptos_axum::redirect(&format!("/clients/{id}"));
    Ok(id)
}

#[server(endpoint = "clients/dossier")]
pub async fn client_dossier(id: i32) -> Result<DossierDto, AppError> {
    let (state, tenant) = staff().await?;
    crate::server::service::clients::dossier(&state.db, &tenant, id).await
}

#[server(endpoint = "clients/update")]
pub async fn update_client(
    id: i32,
    name: String,
    #[server(default)] email: String,
    #[server(default)] date_of_birth: String,
    #[server(default)] address: String,
    #[server(default)] phone: String,
    #[server(default)] notes: String,
    #[server(default)] responsible_coach_id: String,
) -> Result<(), AppError> {
    use crate::server::service::clients::{update, ClientInput};
    let (state, tenant) = staff().await?;
    let input = ClientInput {
        name: &name,
        email: &email,
        date_of_birth: &date_of_birth,
        address: &address,
        phone: &phone,
        notes: &notes,
        responsible_coach_id: &responsible_coach_id,
    };
    update(&state.db, state.clock.now(), &tenant, id, &input).await?;
    leptos_axum::redirect(&format!("/clients/{id}"));
    Ok(())
}

#[server(endpoint = "clients/archive")]
pub async fn archive_client(id: i32, archive: bool) -> Result<(), AppError> {
    let (state, tenant) = staff().await?;
    crate::server::service::clients::set_archived(
        &state.db,
        state.clock.now(),
        &tenant,
        id,
        archive,
    )
    .await
}

#[server(endpoint = "clients/access")]
pub async fn dossier_access(id: i32) -> Result<AccessDto, AppError> {
    let (state, tenant) = staff().await?;
    crate::server::service::clients::access(&state.db, &tenant, id).await
}

/// `kind` is `coach` or `team`; `grant` gives access, otherwise it is withdrawn.
#[server(endpoint = "clients/grant")]
pub async fn change_access(
    id: i32,
    kind: String,
    target: i32,
    grant: bool,
) -> Result<(), AppError> {
    let (state, tenant) = staff().await?;
    crate::server::service::clients::change_access(&state.db, &tenant, id, &kind, target, grant)
        .await
}

/// Invites the client to Koers at the dossier's e-mail address.
#[server(endpoint = "clients/invite")]
pub async fn invite_client(id: i32) -> Result<(), AppError> {
    let (state, tenant) = staff().await?;
    crate::server::service::clients::invite(
        &state.db,
        state.mailer.as_ref(),
        &state.settings.public_url,
        &tenant,
        id,
    )
    .await
}

/// One line of a dossier's recent activity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineItemDto {
    /// Local `YYYY-MM-DD` or `YYYY-MM-DD HH:MM`.
    pub at: String,
    /// `report`, `appointment`, `time`, `document` or `trajectory`.
    pub kind: String,
    pub title: String,
    pub who: Option<String>,
}

#[server(endpoint = "clients/timeline")]
pub async fn dossier_timeline(id: i32) -> Result<Vec<TimelineItemDto>, AppError> {
    let (state, tenant) = crate::server::auth::context::require_member(&[
        crate::types::Role::Owner,
        crate::types::Role::Coach,
    ])
    .await?;
    crate::server::service::timeline::for_dossier(&state.db, state.clock.now(), &tenant, id).await
}
