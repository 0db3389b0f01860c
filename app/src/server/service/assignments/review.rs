//! What the coach does with a submitted assignment: feedback per question or on the
//! whole, reopening it for the client, and whether the client sees the results.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter,
    Set,
};

use super::access::for_staff;
use crate::error::{AppError, FieldProblem};
use crate::model::access_log::{LogAction, LogArea};
use crate::model::assignments::AssignmentStatus;
use crate::model::assignments::NoticeKind;
use crate::server::auth::TenantContext;
use crate::server::entity::{answer, assignment};
use crate::server::service::notices::{self, About};
use crate::server::service::sealing::{ANSWER_FEEDBACK, ASSIGNMENT_FEEDBACK};
use crate::server::service::{access_log, begin_write, finish};

const MAX_FEEDBACK: usize = 5_000;

pub async fn feedback(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    id: i32,
    key: &str,
    text: &str,
) -> Result<(), AppError> {
    let (found, dossier) = for_staff(db, tenant, id).await?;
    tenant.writable()?;
    let text = text.trim();
    if text.chars().count() > MAX_FEEDBACK {
        return Err(AppError::field("feedback", FieldProblem::TooLong));
    }
    let text = (!text.is_empty()).then(|| text.to_string());
    let txn = begin_write(db).await?;
    let result = async {
        if key.is_empty() {
            let sealed = match &text {
                Some(text) => Some(
                    ASSIGNMENT_FEEDBACK
                        .seal(&txn, tenant, found.id, text)
                        .await?,
                ),
                None => None,
            };
            let mut active = found.clone().into_active_model();
            active.feedback = Set(sealed);
            active.feedback_by = Set(Some(tenant.user_id));
            active.feedback_at = Set(Some(now));
            active.updated_at = Set(now);
            active.update(&txn).await?;
        } else {
            let answer = answer::Entity::find()
                .filter(answer::Column::AssignmentId.eq(found.id))
                .filter(answer::Column::QuestionKey.eq(key))
                .one(&txn)
                .await?
                .ok_or(AppError::NotFound)?;
            let sealed = match &text {
                Some(text) => Some(ANSWER_FEEDBACK.seal(&txn, tenant, answer.id, text).await?),
                None => None,
            };
            let mut active = answer.into_active_model();
            active.feedback = Set(sealed);
            active.feedback_by = Set(Some(tenant.user_id));
            active.feedback_at = Set(Some(now));
            active.update(&txn).await?;
            assignment::Entity::update_many()
                .col_expr(assignment::Column::FeedbackAt, Expr::value(now))
                .col_expr(assignment::Column::UpdatedAt, Expr::value(now))
                .filter(assignment::Column::Id.eq(found.id))
                .exec(&txn)
                .await?;
        }
        access_log::changed(
            &txn,
            tenant,
            found.client_id,
            LogArea::Exercises,
            Some(id),
            LogAction::Change,
        )
        .await
    }
    .await;
    finish(txn, result).await?;
    // Giving feedback is answering the notice that it was submitted.
    notices::seen(db, now, tenant, [About::Assignment(found.id)]).await?;
    if let (Some(login), Some(_)) = (dossier.user_id, text) {
        notices::notify(
            db,
            now,
            tenant.organization_id,
            [login],
            NoticeKind::Feedback,
            About::Assignment(found.id),
        )
        .await?;
    }
    Ok(())
}

pub async fn reopen(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    id: i32,
) -> Result<(), AppError> {
    let (found, dossier) = for_staff(db, tenant, id).await?;
    tenant.writable()?;
    let txn = begin_write(db).await?;
    let result = async {
        let reopened = assignment::Entity::update_many()
            .col_expr(
                assignment::Column::Status,
                Expr::value(AssignmentStatus::Started),
            )
            .col_expr(
                assignment::Column::SubmittedAt,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .col_expr(assignment::Column::UpdatedAt, Expr::value(now))
            .filter(assignment::Column::Id.eq(found.id))
            .filter(assignment::Column::Status.eq(AssignmentStatus::Submitted))
            .exec(&txn)
            .await?;
        if reopened.rows_affected == 1 {
            access_log::changed(
                &txn,
                tenant,
                found.client_id,
                LogArea::Exercises,
                Some(id),
                LogAction::Change,
            )
            .await?;
        }
        Ok(reopened)
    }
    .await;
    let reopened = finish(txn, result).await?;
    if let (Some(login), 1) = (dossier.user_id, reopened.rows_affected) {
        notices::notify(
            db,
            now,
            tenant.organization_id,
            [login],
            NoticeKind::Reopened,
            About::Assignment(found.id),
        )
        .await?;
    }
    Ok(())
}

pub async fn set_show_results(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    tenant: &TenantContext,
    id: i32,
    show: bool,
) -> Result<(), AppError> {
    let (found, _) = for_staff(db, tenant, id).await?;
    tenant.writable()?;
    let txn = begin_write(db).await?;
    let result = async {
        access_log::changed(
            &txn,
            tenant,
            found.client_id,
            LogArea::Exercises,
            Some(id),
            LogAction::Change,
        )
        .await?;
        let mut active = found.into_active_model();
        active.show_results = Set(show);
        active.updated_at = Set(now);
        active.update(&txn).await?;
        Ok(())
    }
    .await;
    finish(txn, result).await
}
