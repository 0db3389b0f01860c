//! Erasing a client completely (GDPR art. 17): the dossier and everything in it, the
//! documents in storage, their login with its sessions, codes and tokens, invitations,
//! notices about their work and mail waiting for or about them. What stays is a record
//! that an erasure happened (when, by whom, a random reference) and the logs' shape: the
//! access log and the security events keep their entries, with the erased person's
//! addresses emptied (the one change their triggers accept, and only for someone erased).
//!
//! One transaction for the database; the documents' files go after it committed, so a
//! failure leaves the dossier whole rather than half erased.

use chrono::{DateTime, Utc};
use rand::Rng;
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, QueryFilter, QuerySelect, Set,
};

use crate::error::{AppError, FieldProblem};
use crate::model::access_log::{LogAction, LogArea};
use crate::model::privacy::ErasureReason;
use crate::server::auth::TenantContext;
use crate::server::entity::{
    access_log as log_entry, account_token, answer, appointment, assignment, auth_failure,
    calendar_feed, client, client_coach, client_team, consent, document, erasure, invitation,
    journal_comment, journal_entry, notice, outbox, privacy_request, recovery_code, report,
    report_amendment, security_event, session, signup_request, team_member, time_entry, trajectory,
    trajectory_goal, two_factor, user,
};
use crate::server::service::access_log;
use crate::server::service::clients::Dossier;
use crate::server::storage::DocumentStorage;

/// What the owner is shown afterwards: the reference under which the erasure is recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Erased {
    pub reference: String,
}

/// A reference that says nothing about the person: `W-` and eight letters and digits
/// without look-alikes.
fn new_reference() -> String {
    const SIGNS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::thread_rng();
    let code: String = (0..8)
        .map(|_| SIGNS[rng.gen_range(0..SIGNS.len())] as char)
        .collect();
    format!("W-{}-{}", &code[..4], &code[4..])
}

/// Whether what the owner typed is the client's name (spaces around and case aside).
pub fn confirms(typed: &str, name: &str) -> bool {
    let typed: Vec<&str> = typed.split_whitespace().collect();
    let name: Vec<&str> = name.split_whitespace().collect();
    !typed.is_empty() && typed.join(" ").to_lowercase() == name.join(" ").to_lowercase()
}

/// Erases the opened dossier after the owner typed the client's name as confirmation.
pub async fn erase(
    db: &DatabaseConnection,
    storage: &dyn DocumentStorage,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    dossier: Dossier,
    typed_name: &str,
) -> Result<Erased, AppError> {
    tenant.require_owner()?;
    tenant.writable()?;
    if !confirms(typed_name, &dossier.name) {
        return Err(AppError::field("confirm", FieldProblem::NameMismatch));
    }
    let erased =
        erase_confirmed(db, storage, now, tenant, &dossier, ErasureReason::Request).await?;
    empty_write_ahead_log(db).await;
    Ok(erased)
}

/// SQLite: the erased rows' pages are zeroed (secure_delete); this empties the write-ahead
/// log too, so no copy of them stays there. Once after one erasure or after a whole list.
pub(crate) async fn empty_write_ahead_log(db: &DatabaseConnection) {
    if let Err(error) = crate::server::db::checkpoint(db).await {
        tracing::warn!(%error, "checkpoint after an erasure failed");
    }
}

/// Erases a dossier whose confirmation was given (one by one, or for a whole retention
/// list at once). The caller empties the write-ahead log afterwards.
pub(crate) async fn erase_confirmed(
    db: &DatabaseConnection,
    storage: &dyn DocumentStorage,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    dossier: &Dossier,
    reason: ErasureReason,
) -> Result<Erased, AppError> {
    let reference = new_reference();
    let txn = super::super::begin_write(db).await?;
    let result = erase_rows(&txn, now, tenant, dossier, reason, &reference).await;
    let files = super::super::finish(txn, result).await?;
    for key in files {
        if let Err(error) = storage.delete(&key).await {
            // The file is sealed under the organization's key and no row points at it.
            tracing::error!(%error, reference, "an erased document's file stayed in storage");
        }
    }
    tracing::info!(
        reference,
        organization = tenant.organization_id,
        "a client was erased"
    );
    Ok(Erased { reference })
}

/// Deletes the rows and returns the storage keys of the documents' files.
async fn erase_rows(
    txn: &DatabaseTransaction,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    dossier: &Dossier,
    reason: ErasureReason,
    reference: &str,
) -> Result<Vec<String>, AppError> {
    let org = tenant.organization_id;
    let id = dossier.id;
    let login = dossier.user_id;
    let email = match login {
        Some(user_id) => user::Entity::find_by_id(user_id)
            .one(txn)
            .await?
            .map(|u| u.email),
        None => None,
    }
    .or_else(|| dossier.email.clone());

    // First the record, which the logs' triggers look for.
    erasure::ActiveModel {
        organization_id: Set(org),
        reference: Set(reference.to_string()),
        reason: Set(reason),
        dossier_id: Set(id),
        user_id: Set(login),
        erased_at: Set(now),
        erased_by: Set(Some(tenant.user_id)),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    // The erasure itself in the dossier's log, whose entries stay.
    access_log::record(
        txn,
        tenant,
        [access_log::Entry {
            client_id: id,
            area: LogArea::Data,
            object: None,
            action: LogAction::Delete,
        }],
    )
    .await?;

    let assignments: Vec<i32> = ids(
        assignment::Entity::find()
            .select_only()
            .column(assignment::Column::Id)
            .filter(assignment::Column::OrganizationId.eq(org))
            .filter(assignment::Column::ClientId.eq(id)),
        txn,
    )
    .await?;
    let entries: Vec<i32> = ids(
        journal_entry::Entity::find()
            .select_only()
            .column(journal_entry::Column::Id)
            .filter(journal_entry::Column::OrganizationId.eq(org))
            .filter(journal_entry::Column::ClientId.eq(id)),
        txn,
    )
    .await?;
    let reports: Vec<i32> = ids(
        report::Entity::find()
            .select_only()
            .column(report::Column::Id)
            .filter(report::Column::OrganizationId.eq(org))
            .filter(report::Column::ClientId.eq(id)),
        txn,
    )
    .await?;
    let trajectories: Vec<i32> = ids(
        trajectory::Entity::find()
            .select_only()
            .column(trajectory::Column::Id)
            .filter(trajectory::Column::OrganizationId.eq(org))
            .filter(trajectory::Column::ClientId.eq(id)),
        txn,
    )
    .await?;
    let files: Vec<String> = document::Entity::find()
        .select_only()
        .column(document::Column::StorageKey)
        .filter(document::Column::OrganizationId.eq(org))
        .filter(document::Column::ClientId.eq(id))
        .into_tuple()
        .all(txn)
        .await?;

    // Notices about their work (to coaches) and to them.
    let mut about = sea_orm::Condition::any()
        .add(notice::Column::AssignmentId.is_in(assignments.clone()))
        .add(notice::Column::JournalEntryId.is_in(entries.clone()));
    if let Some(user_id) = login {
        about = about.add(notice::Column::UserId.eq(user_id));
    }
    notice::Entity::delete_many()
        .filter(notice::Column::OrganizationId.eq(org))
        .filter(about)
        .exec(txn)
        .await?;
    answer::Entity::delete_many()
        .filter(answer::Column::AssignmentId.is_in(assignments))
        .exec(txn)
        .await?;
    assignment::Entity::delete_many()
        .filter(assignment::Column::OrganizationId.eq(org))
        .filter(assignment::Column::ClientId.eq(id))
        .exec(txn)
        .await?;
    journal_comment::Entity::delete_many()
        .filter(journal_comment::Column::EntryId.is_in(entries))
        .exec(txn)
        .await?;
    journal_entry::Entity::delete_many()
        .filter(journal_entry::Column::OrganizationId.eq(org))
        .filter(journal_entry::Column::ClientId.eq(id))
        .exec(txn)
        .await?;
    report_amendment::Entity::delete_many()
        .filter(report_amendment::Column::ReportId.is_in(reports))
        .exec(txn)
        .await?;
    report::Entity::delete_many()
        .filter(report::Column::OrganizationId.eq(org))
        .filter(report::Column::ClientId.eq(id))
        .exec(txn)
        .await?;
    appointment::Entity::delete_many()
        .filter(appointment::Column::OrganizationId.eq(org))
        .filter(appointment::Column::ClientId.eq(id))
        .exec(txn)
        .await?;
    time_entry::Entity::delete_many()
        .filter(time_entry::Column::OrganizationId.eq(org))
        .filter(time_entry::Column::ClientId.eq(id))
        .exec(txn)
        .await?;
    document::Entity::delete_many()
        .filter(document::Column::OrganizationId.eq(org))
        .filter(document::Column::ClientId.eq(id))
        .exec(txn)
        .await?;
    trajectory_goal::Entity::delete_many()
        .filter(trajectory_goal::Column::TrajectoryId.is_in(trajectories))
        .exec(txn)
        .await?;
    trajectory::Entity::delete_many()
        .filter(trajectory::Column::OrganizationId.eq(org))
        .filter(trajectory::Column::ClientId.eq(id))
        .exec(txn)
        .await?;
    client_coach::Entity::delete_many()
        .filter(client_coach::Column::ClientId.eq(id))
        .exec(txn)
        .await?;
    client_team::Entity::delete_many()
        .filter(client_team::Column::ClientId.eq(id))
        .exec(txn)
        .await?;

    // The register keeps the request (that it was answered must stay provable), under the
    // reference instead of the name.
    let requests = privacy_request::Entity::find()
        .filter(privacy_request::Column::OrganizationId.eq(org))
        .filter(
            sea_orm::Condition::any()
                .add(privacy_request::Column::ClientId.eq(id))
                .add(privacy_request::Column::Person.eq(dossier.name.clone())),
        )
        .all(txn)
        .await?;
    for request in requests {
        let answer = request
            .answer
            .as_ref()
            .map(|a| a.replace(dossier.name.as_str(), reference));
        let mut row: privacy_request::ActiveModel = request.into();
        row.person = Set(reference.to_string());
        row.client_id = Set(None);
        row.answer = Set(answer);
        row.update(txn).await?;
    }

    // Mail: to them, and about them to others.
    let mut mail = sea_orm::Condition::any()
        .add(outbox::Column::Body.contains(dossier.name.as_str()))
        .add(outbox::Column::Subject.contains(dossier.name.as_str()));
    if let Some(email) = &email {
        mail = mail.add(lower(outbox::Column::ToAddress).eq(email.to_lowercase()));
    }
    outbox::Entity::delete_many()
        .filter(
            sea_orm::Condition::any()
                .add(outbox::Column::OrganizationId.eq(org))
                .add(outbox::Column::OrganizationId.is_null()),
        )
        .filter(mail)
        .exec(txn)
        .await?;
    let mut invited = sea_orm::Condition::any().add(invitation::Column::ClientId.eq(id));
    if let Some(email) = &email {
        invited = invited.add(lower(invitation::Column::Email).eq(email.to_lowercase()));
    }
    invitation::Entity::delete_many()
        .filter(invitation::Column::OrganizationId.eq(org))
        .filter(invited)
        .exec(txn)
        .await?;
    if let Some(email) = &email {
        auth_failure::Entity::delete_many()
            .filter(auth_failure::Column::Key.ends_with(format!("acct:{email}")))
            .exec(txn)
            .await?;
        signup_request::Entity::delete_many()
            .filter(lower(signup_request::Column::Email).eq(email.to_lowercase()))
            .exec(txn)
            .await?;
    }

    client::Entity::delete_many()
        .filter(client::Column::OrganizationId.eq(org))
        .filter(client::Column::Id.eq(id))
        .exec(txn)
        .await?;

    if let Some(user_id) = login {
        // Their entries in the logs keep their shape; where they were, not.
        log_entry::Entity::update_many()
            .col_expr(
                log_entry::Column::Address,
                Expr::value(Option::<String>::None),
            )
            .filter(log_entry::Column::OrganizationId.eq(org))
            .filter(log_entry::Column::ActorId.eq(user_id))
            .exec(txn)
            .await?;
        security_event::Entity::update_many()
            .col_expr(security_event::Column::Address, Expr::value(""))
            .col_expr(security_event::Column::UserAgent, Expr::value(""))
            // A failed sign-in's detail is the e-mail address typed.
            .col_expr(
                security_event::Column::Detail,
                Expr::value(Option::<String>::None),
            )
            .filter(security_event::Column::UserId.eq(user_id))
            .exec(txn)
            .await?;
        session::Entity::delete_many()
            .filter(session::Column::UserId.eq(user_id))
            .exec(txn)
            .await?;
        account_token::Entity::delete_many()
            .filter(account_token::Column::UserId.eq(user_id))
            .exec(txn)
            .await?;
        consent::Entity::delete_many()
            .filter(consent::Column::UserId.eq(user_id))
            .exec(txn)
            .await?;
        recovery_code::Entity::delete_many()
            .filter(recovery_code::Column::UserId.eq(user_id))
            .exec(txn)
            .await?;
        two_factor::Entity::delete_many()
            .filter(two_factor::Column::UserId.eq(user_id))
            .exec(txn)
            .await?;
        calendar_feed::Entity::delete_many()
            .filter(calendar_feed::Column::UserId.eq(user_id))
            .exec(txn)
            .await?;
        team_member::Entity::delete_many()
            .filter(team_member::Column::UserId.eq(user_id))
            .exec(txn)
            .await?;
        user::Entity::delete_many()
            .filter(user::Column::OrganizationId.eq(org))
            .filter(user::Column::Id.eq(user_id))
            .filter(user::Column::Role.eq(crate::types::Role::Client))
            .exec(txn)
            .await?;
    }
    Ok(files)
}

fn lower(column: impl sea_orm::sea_query::IntoColumnRef) -> sea_orm::sea_query::SimpleExpr {
    Func::lower(Expr::col(column)).into()
}

async fn ids<E>(query: sea_orm::Select<E>, db: &impl ConnectionTrait) -> Result<Vec<i32>, AppError>
where
    E: EntityTrait,
{
    Ok(query.into_tuple().all(db).await?)
}

#[cfg(test)]
mod tests {
    use super::{confirms, new_reference};

    #[test]
    fn the_typed_name_must_be_the_clients_apart_from_spaces_and_case() {
        assert!(confirms(" cliënt  Alles ", "Cliënt Alles"));
        assert!(!confirms("Cliënt", "Cliënt Alles"));
        assert!(!confirms("Client Alles", "Cliënt Alles"));
        assert!(!confirms("  ", " "));
    }

    #[test]
    fn a_reference_has_its_shape_and_differs_each_time() {
        let a = new_reference();
        assert_eq!(a.len(), 11, "{a}");
        assert!(a.starts_with("W-") && a.as_bytes()[6] == b'-', "{a}");
        assert_ne!(a, new_reference());
    }
}
