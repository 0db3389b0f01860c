//! Session reports (*rapportages*). Each report carries who may read it and who may edit
//! it; `readable` is the one place that decides it. A locked report never changes again:
//! corrections are amendments beneath it.
//!
//! Reading rights, each including those before it:
//! - `author`: only the author;
//! - `coaches`: the client's own coaches (given access to the dossier personally);
//! - `team`: everyone who may open the dossier (also through a team, and owners);
//! - `client`: also the client.
//!
//! Editing (`author` or `coaches`) needs reading too.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, Set,
};

use crate::error::{AppError, FieldProblem};
use crate::model::access_log::{LogAction, LogArea};
use crate::model::reports::{AmendmentDto, EditRights, ReportDto, ReportForm, Visibility};
use crate::server::auth::TenantContext;
use crate::server::entity::{client_coach, report, report_amendment, trajectory, user};
use crate::server::local_time;
use crate::server::markdown::to_safe_html;
use crate::server::service::clients::{Dossier, OwnDossier};
use crate::server::service::sealing::{AMENDMENT_BODY, REPORT_BODY};
use crate::server::service::{access_log, clients, trajectories};

const MAX_BODY: usize = 50_000;

struct Checked {
    trajectory_id: Option<i32>,
    date: NaiveDate,
    body: String,
    visibility: Visibility,
    edit_rights: EditRights,
}

/// Whether the tenant is one of the client's own coaches.
async fn is_client_coach(
    db: &impl ConnectionTrait,
    tenant: &TenantContext,
    client_id: i32,
) -> Result<bool, AppError> {
    Ok(client_coach::Entity::find()
        .filter(client_coach::Column::ClientId.eq(client_id))
        .filter(client_coach::Column::UserId.eq(tenant.user_id))
        .one(db)
        .await?
        .is_some())
}

/// The reports of an opened dossier that `tenant` may read.
fn readable(tenant: &TenantContext, client_coach: bool) -> Condition {
    let shared = Visibility::ALL.iter().copied().filter(|v| match v {
        Visibility::Author => false,
        Visibility::Coaches => client_coach,
        Visibility::Team | Visibility::Client => true,
    });
    Condition::any()
        .add(report::Column::AuthorId.eq(tenant.user_id))
        .add(report::Column::Visibility.is_in(shared))
}

fn may_edit(tenant: &TenantContext, client_coach: bool, found: &report::Model) -> bool {
    found.author_id == Some(tenant.user_id)
        || (found.edit_rights == EditRights::Coaches && client_coach)
}

/// A report `tenant` may read, in a dossier they may open, with whether they are one of
/// the client's coaches.
async fn own(
    db: &impl ConnectionTrait,
    tenant: &TenantContext,
    id: i32,
) -> Result<(report::Model, bool), AppError> {
    let found = report::Entity::find_by_id(id)
        .filter(report::Column::OrganizationId.eq(tenant.organization_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    clients::open(db, tenant, found.client_id).await?;
    let coach = is_client_coach(db, tenant, found.client_id).await?;
    report::Entity::find_by_id(id)
        .filter(readable(tenant, coach))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
        .map(|found| (found, coach))
}

/// A report the tenant may change: readable, theirs to edit, not locked, and the
/// organization is not read-only.
async fn editable(
    db: &impl ConnectionTrait,
    tenant: &TenantContext,
    id: i32,
) -> Result<(report::Model, bool), AppError> {
    let (found, coach) = own(db, tenant, id).await?;
    if !may_edit(tenant, coach, &found) {
        return Err(AppError::Forbidden);
    }
    tenant.writable()?;
    if found.locked_at.is_some() {
        return Err(AppError::Locked);
    }
    Ok((found, coach))
}

async fn check(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    client_id: i32,
    input: &ReportForm,
) -> Result<Checked, AppError> {
    let mut problems = Vec::new();
    let trajectory_id =
        trajectories::chosen(db, client_id, &input.trajectory_id, &mut problems).await?;
    let date = match input.date.trim() {
        "" => Some(local_time::local_date(now)),
        raw => local_time::parse_day(raw),
    };
    if date.is_none() {
        problems.push(("date".to_string(), FieldProblem::DateFormat));
    }
    let body = input.body.trim().to_string();
    if body.is_empty() {
        problems.push(("body".to_string(), FieldProblem::Required));
    } else if body.chars().count() > MAX_BODY {
        problems.push(("body".to_string(), FieldProblem::TooLong));
    }
    let visibility = Visibility::parse(&input.visibility);
    if visibility.is_none() {
        problems.push(("visibility".to_string(), FieldProblem::Required));
    }
    let edit_rights = EditRights::parse(&input.edit_rights);
    if edit_rights.is_none() {
        problems.push(("edit_rights".to_string(), FieldProblem::Required));
    }
    match (date, visibility, edit_rights) {
        (Some(date), Some(visibility), Some(edit_rights)) if problems.is_empty() => Ok(Checked {
            trajectory_id,
            date,
            body,
            visibility,
            edit_rights,
        }),
        _ => Err(AppError::Invalid { fields: problems }),
    }
}

/// The reports `query` selects, newest first, and all their amendments, in one query, with
/// their texts opened. It groups by report id, so the newest-first order is made here.
async fn with_amendments(
    db: &impl ConnectionTrait,
    tenant: &TenantContext,
    query: sea_orm::Select<report::Entity>,
) -> Result<(Vec<report::Model>, Vec<report_amendment::Model>), AppError> {
    let mut found = query
        .find_with_related(report_amendment::Entity)
        .order_by_asc(report_amendment::Column::CreatedAt)
        .order_by_asc(report_amendment::Column::Id)
        .all(db)
        .await?;
    found.sort_by_key(|(r, _)| std::cmp::Reverse((r.report_date, r.id)));
    let (mut found, amendments): (Vec<_>, Vec<_>) = found.into_iter().unzip();
    let mut amendments: Vec<_> = amendments.into_iter().flatten().collect();
    // Every query here is scoped to the tenant's organization, whose keys open them.
    for r in &mut found {
        r.body = REPORT_BODY.open(db, tenant, r.id, &r.body).await?;
    }
    for a in &mut amendments {
        a.body = AMENDMENT_BODY.open(db, tenant, a.id, &a.body).await?;
    }
    Ok((found, amendments))
}

/// Reports as the reader sees them; `people` and `trajectories` hold at least every author
/// and trajectory they mention.
fn to_dtos(
    tenant: &TenantContext,
    client_coach: bool,
    found: Vec<report::Model>,
    amendments: &[report_amendment::Model],
    people: &[user::Model],
    trajectories: &[trajectory::Model],
) -> Vec<ReportDto> {
    let name = |id: Option<i32>| {
        people
            .iter()
            .find(|p| Some(p.id) == id)
            .map(|p| p.name.clone())
    };
    let staff = tenant.is_staff();
    found
        .into_iter()
        .map(|r| ReportDto {
            can_edit: staff && r.locked_at.is_none() && may_edit(tenant, client_coach, &r),
            can_amend: staff && r.locked_at.is_some() && may_edit(tenant, client_coach, &r),
            amendments: amendments
                .iter()
                .filter(|a| a.report_id == r.id)
                .map(|a| AmendmentDto {
                    author: name(a.author_id),
                    at: local_time::to_display(a.created_at),
                    html: to_safe_html(&a.body),
                })
                .collect(),
            author: name(r.author_id),
            trajectory: trajectories
                .iter()
                .find(|t| Some(t.id) == r.trajectory_id)
                .map(|t| t.title.clone()),
            html: to_safe_html(&r.body),
            // The client reads; the source text and the rights are the coaches' business.
            body: if staff { r.body } else { String::new() },
            visibility: staff.then_some(r.visibility),
            edit_rights: staff.then_some(r.edit_rights),
            locked_at: r.locked_at.map(local_time::to_display),
            id: r.id,
            trajectory_id: r.trajectory_id,
            date: r.report_date.format("%Y-%m-%d").to_string(),
        })
        .collect()
}

/// The dossier's reports the tenant may read, newest first.
pub async fn list(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    dossier: &Dossier,
) -> Result<Vec<ReportDto>, AppError> {
    dossier.read(db, LogArea::Reports, None).await?;
    dossier
        .remember("reports", async {
            let coach = dossier.coach_ids(db).await?.contains(&tenant.user_id);
            let (found, amendments) = readable_in(db, tenant, dossier).await?;
            Ok(to_dtos(
                tenant,
                coach,
                found,
                &amendments,
                dossier.people(db).await?,
                dossier.trajectories(db).await?,
            ))
        })
        .await
}

/// The dossier's reports the tenant may read, with their amendments, opened: what the
/// dossier's list shows, and what an export made by this tenant holds.
pub(crate) async fn readable_in(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    dossier: &Dossier,
) -> Result<(Vec<report::Model>, Vec<report_amendment::Model>), AppError> {
    let coach = dossier.coach_ids(db).await?.contains(&tenant.user_id);
    with_amendments(
        db,
        tenant,
        report::Entity::find()
            .filter(report::Column::ClientId.eq(dossier.id))
            .filter(readable(tenant, coach)),
    )
    .await
}

/// The reports of several opened dossiers that `tenant` may read, in `days` (by report
/// date), with their amendments, opened: an export's reports in one query per batch. The
/// rule is [`readable`]'s, with "one of the client's own coaches" asked of each dossier in
/// the query itself.
pub(crate) async fn readable_in_many(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    dossiers: &[&Dossier],
    days: (Option<NaiveDate>, Option<NaiveDate>),
) -> Result<(Vec<report::Model>, Vec<report_amendment::Model>), AppError> {
    if dossiers.is_empty() {
        return Ok(Default::default());
    }
    let ids: Vec<i32> = dossiers.iter().map(|d| d.id).collect();
    let own_coach = sea_orm::sea_query::Query::select()
        .column(client_coach::Column::ClientId)
        .from(client_coach::Entity)
        .and_where(client_coach::Column::UserId.eq(tenant.user_id))
        .to_owned();
    let readable = Condition::any()
        .add(report::Column::AuthorId.eq(tenant.user_id))
        .add(report::Column::Visibility.is_in([Visibility::Team, Visibility::Client]))
        .add(
            Condition::all()
                .add(report::Column::Visibility.eq(Visibility::Coaches))
                .add(report::Column::ClientId.in_subquery(own_coach)),
        );
    let mut query = report::Entity::find()
        .filter(report::Column::OrganizationId.eq(tenant.organization_id))
        .filter(report::Column::ClientId.is_in(ids))
        .filter(readable);
    if let Some(from) = days.0 {
        query = query.filter(report::Column::ReportDate.gte(from));
    }
    if let Some(to) = days.1 {
        query = query.filter(report::Column::ReportDate.lte(to));
    }
    with_amendments(db, tenant, query).await
}

/// The reports shared with the client, with their amendments, opened.
pub(crate) async fn shared_with(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    own: &OwnDossier,
) -> Result<(Vec<report::Model>, Vec<report_amendment::Model>), AppError> {
    with_amendments(
        db,
        tenant,
        report::Entity::find()
            .filter(report::Column::OrganizationId.eq(tenant.organization_id))
            .filter(report::Column::ClientId.eq(own.id))
            .filter(report::Column::Visibility.eq(Visibility::Client)),
    )
    .await
}

/// The reports shared with the client, for the client themselves.
pub async fn for_client(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    own: &OwnDossier,
) -> Result<Vec<ReportDto>, AppError> {
    let (found, amendments) = shared_with(db, tenant, own).await?;
    let lookups = own.lookups();
    Ok(to_dtos(
        tenant,
        false,
        found,
        &amendments,
        lookups.people(db).await?,
        lookups.trajectories(db).await?,
    ))
}

pub async fn create(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    dossier: &Dossier,
    input: &ReportForm,
) -> Result<i32, AppError> {
    tenant.writable()?;
    let checked = check(db, now, dossier.id, input).await?;
    let txn = super::begin_write(db).await?;
    let result = async {
        let created = report::ActiveModel {
            organization_id: Set(tenant.organization_id),
            client_id: Set(dossier.id),
            trajectory_id: Set(checked.trajectory_id),
            author_id: Set(Some(tenant.user_id)),
            report_date: Set(checked.date),
            // Sealed below, once the row has the id its ciphertext is bound to.
            body: Set(String::new()),
            visibility: Set(checked.visibility),
            edit_rights: Set(checked.edit_rights),
            locked_at: Set(None),
            locked_by: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        REPORT_BODY
            .seal_into(&txn, tenant, created.id, &checked.body)
            .await?;
        dossier
            .changed(&txn, LogArea::Reports, Some(created.id), LogAction::Create)
            .await?;
        Ok(created.id)
    }
    .await;
    super::finish(txn, result).await
}

pub async fn update(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    id: i32,
    input: &ReportForm,
) -> Result<(), AppError> {
    let txn = super::begin_write(db).await?;
    let result = async {
        super::hold::<report::Entity>(&txn, id).await?;
        let (found, _) = editable(&txn, tenant, id).await?;
        let checked = check(&txn, now, found.client_id, input).await?;
        // Only the author decides who may read and edit; a fellow coach edits the text.
        let author = found.author_id == Some(tenant.user_id);
        let (visibility, edit_rights) = if author {
            (checked.visibility, checked.edit_rights)
        } else {
            (found.visibility, found.edit_rights)
        };
        access_log::changed(
            &txn,
            tenant,
            found.client_id,
            LogArea::Reports,
            Some(id),
            LogAction::Change,
        )
        .await?;
        let mut active = found.into_active_model();
        active.trajectory_id = Set(checked.trajectory_id);
        active.report_date = Set(checked.date);
        active.body = Set(REPORT_BODY.seal(&txn, tenant, id, &checked.body).await?);
        active.visibility = Set(visibility);
        active.edit_rights = Set(edit_rights);
        active.updated_at = Set(now);
        active.update(&txn).await?;
        Ok(())
    }
    .await;
    super::finish(txn, result).await
}

pub async fn delete(
    db: &DatabaseConnection,
    tenant: &TenantContext,
    id: i32,
) -> Result<(), AppError> {
    let txn = super::begin_write(db).await?;
    let result = async {
        super::hold::<report::Entity>(&txn, id).await?;
        let (found, _) = editable(&txn, tenant, id).await?;
        report::Entity::delete_by_id(found.id).exec(&txn).await?;
        access_log::changed(
            &txn,
            tenant,
            found.client_id,
            LogArea::Reports,
            Some(id),
            LogAction::Delete,
        )
        .await?;
        Ok(())
    }
    .await;
    super::finish(txn, result).await
}

/// Locks the report for good. Asking again for a locked report changes nothing.
pub async fn lock(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    id: i32,
    confirmed: bool,
) -> Result<(), AppError> {
    let txn = super::begin_write(db).await?;
    let result = async {
        super::hold::<report::Entity>(&txn, id).await?;
        let (found, coach) = own(&txn, tenant, id).await?;
        if !may_edit(tenant, coach, &found) {
            return Err(AppError::Forbidden);
        }
        tenant.writable()?;
        if found.locked_at.is_some() {
            return Ok(());
        }
        if !confirmed {
            return Err(AppError::field("confirm", FieldProblem::MustAgree));
        }
        access_log::changed(
            &txn,
            tenant,
            found.client_id,
            LogArea::Reports,
            Some(id),
            LogAction::Change,
        )
        .await?;
        let mut active = found.into_active_model();
        active.locked_at = Set(Some(now));
        active.locked_by = Set(Some(tenant.user_id));
        active.update(&txn).await?;
        Ok(())
    }
    .await;
    super::finish(txn, result).await
}

/// A dated correction beneath a locked report (an open report is simply edited).
pub async fn amend(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    id: i32,
    body: &str,
) -> Result<(), AppError> {
    let (found, coach) = own(db, tenant, id).await?;
    if !may_edit(tenant, coach, &found) {
        return Err(AppError::Forbidden);
    }
    tenant.writable()?;
    if found.locked_at.is_none() {
        return Err(AppError::field("body", FieldProblem::TransitionNotAllowed));
    }
    let body = body.trim();
    if body.is_empty() {
        return Err(AppError::field("body", FieldProblem::Required));
    }
    if body.chars().count() > MAX_BODY {
        return Err(AppError::field("body", FieldProblem::TooLong));
    }
    let txn = super::begin_write(db).await?;
    let result = async {
        let created = report_amendment::ActiveModel {
            report_id: Set(found.id),
            author_id: Set(Some(tenant.user_id)),
            body: Set(String::new()),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        AMENDMENT_BODY
            .seal_into(&txn, tenant, created.id, body)
            .await?;
        access_log::changed(
            &txn,
            tenant,
            found.client_id,
            LogArea::Reports,
            Some(id),
            LogAction::Change,
        )
        .await
    }
    .await;
    super::finish(txn, result).await
}
