//! The coach's daily work in a dossier: reports with amendments, appointments (and the
//! coaches' private calendar feeds), time registration and documents.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Organizations {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Clients {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Trajectories {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Reports {
    Table,
    Id,
    OrganizationId,
    ClientId,
    TrajectoryId,
    AuthorId,
    ReportDate,
    Body,
    Visibility,
    EditRights,
    LockedAt,
    LockedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ReportAmendments {
    Table,
    Id,
    ReportId,
    AuthorId,
    Body,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Appointments {
    Table,
    Id,
    OrganizationId,
    ClientId,
    CoachId,
    TrajectoryId,
    Title,
    Location,
    StartsAt,
    EndsAt,
    LockedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum CalendarFeeds {
    Table,
    Id,
    UserId,
    TokenHash,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum TimeEntries {
    Table,
    Id,
    OrganizationId,
    ClientId,
    TrajectoryId,
    CoachId,
    EntryDate,
    Minutes,
    Activity,
    Note,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Documents {
    Table,
    Id,
    OrganizationId,
    ClientId,
    UploadedBy,
    Filename,
    Kind,
    SizeBytes,
    StorageKey,
    SharedWithClient,
    CreatedAt,
}

fn id<T: IntoIden>(column: T) -> ColumnDef {
    ColumnDef::new(column)
        .integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}

fn moment<T: IntoIden>(column: T) -> ColumnDef {
    ColumnDef::new(column)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

/// A reference that goes with its row (organization, dossier, report).
fn owned_by<T: IntoIden + Copy + 'static, R: IntoIden + 'static>(
    table: T,
    column: T,
    to: R,
    to_id: R,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, column)
        .to(to, to_id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

/// A reference that may disappear (a removed person, a deleted trajectory) without taking
/// the row with it.
fn refers_to<T: IntoIden + Copy + 'static, R: IntoIden + 'static>(
    table: T,
    column: T,
    to: R,
    to_id: R,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, column)
        .to(to, to_id)
        .on_delete(ForeignKeyAction::SetNull)
        .to_owned()
}

async fn index(
    manager: &SchemaManager<'_>,
    name: &str,
    table: impl IntoIden + Copy + 'static,
    columns: Vec<DynIden>,
) -> Result<(), DbErr> {
    let mut index = Index::create().name(name).table(table).to_owned();
    for column in columns {
        index.col(column);
    }
    manager.create_index(index).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use Reports as R;
        manager
            .create_table(
                Table::create()
                    .table(R::Table)
                    .col(id(R::Id))
                    .col(ColumnDef::new(R::OrganizationId).integer().not_null())
                    .col(ColumnDef::new(R::ClientId).integer().not_null())
                    .col(ColumnDef::new(R::TrajectoryId).integer().null())
                    .col(ColumnDef::new(R::AuthorId).integer().null())
                    .col(ColumnDef::new(R::ReportDate).date().not_null())
                    .col(ColumnDef::new(R::Body).text().not_null())
                    .col(ColumnDef::new(R::Visibility).string().not_null())
                    .col(ColumnDef::new(R::EditRights).string().not_null())
                    .col(
                        ColumnDef::new(R::LockedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(ColumnDef::new(R::LockedBy).integer().null())
                    .col(moment(R::CreatedAt))
                    .col(moment(R::UpdatedAt))
                    .foreign_key(&mut owned_by(
                        R::Table,
                        R::OrganizationId,
                        Organizations::Table,
                        Organizations::Id,
                    ))
                    .foreign_key(&mut owned_by(
                        R::Table,
                        R::ClientId,
                        Clients::Table,
                        Clients::Id,
                    ))
                    .foreign_key(&mut refers_to(
                        R::Table,
                        R::TrajectoryId,
                        Trajectories::Table,
                        Trajectories::Id,
                    ))
                    .foreign_key(&mut refers_to(
                        R::Table,
                        R::AuthorId,
                        Users::Table,
                        Users::Id,
                    ))
                    .foreign_key(&mut refers_to(
                        R::Table,
                        R::LockedBy,
                        Users::Table,
                        Users::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_reports_client_date",
            R::Table,
            vec![R::ClientId.into_iden(), R::ReportDate.into_iden()],
        )
        .await?;

        use ReportAmendments as A;
        manager
            .create_table(
                Table::create()
                    .table(A::Table)
                    .col(id(A::Id))
                    .col(ColumnDef::new(A::ReportId).integer().not_null())
                    .col(ColumnDef::new(A::AuthorId).integer().null())
                    .col(ColumnDef::new(A::Body).text().not_null())
                    .col(moment(A::CreatedAt))
                    .foreign_key(&mut owned_by(A::Table, A::ReportId, R::Table, R::Id))
                    .foreign_key(&mut refers_to(
                        A::Table,
                        A::AuthorId,
                        Users::Table,
                        Users::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_report_amendments_report",
            A::Table,
            vec![A::ReportId.into_iden()],
        )
        .await?;

        use Appointments as P;
        manager
            .create_table(
                Table::create()
                    .table(P::Table)
                    .col(id(P::Id))
                    .col(ColumnDef::new(P::OrganizationId).integer().not_null())
                    .col(ColumnDef::new(P::ClientId).integer().not_null())
                    .col(ColumnDef::new(P::CoachId).integer().null())
                    .col(ColumnDef::new(P::TrajectoryId).integer().null())
                    .col(ColumnDef::new(P::Title).string().not_null())
                    .col(ColumnDef::new(P::Location).string().null())
                    .col(moment(P::StartsAt))
                    .col(moment(P::EndsAt))
                    .col(
                        ColumnDef::new(P::LockedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(moment(P::CreatedAt))
                    .col(moment(P::UpdatedAt))
                    .foreign_key(&mut owned_by(
                        P::Table,
                        P::OrganizationId,
                        Organizations::Table,
                        Organizations::Id,
                    ))
                    .foreign_key(&mut owned_by(
                        P::Table,
                        P::ClientId,
                        Clients::Table,
                        Clients::Id,
                    ))
                    .foreign_key(&mut refers_to(
                        P::Table,
                        P::CoachId,
                        Users::Table,
                        Users::Id,
                    ))
                    .foreign_key(&mut refers_to(
                        P::Table,
                        P::TrajectoryId,
                        Trajectories::Table,
                        Trajectories::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_appointments_client_start",
            P::Table,
            vec![P::ClientId.into_iden(), P::StartsAt.into_iden()],
        )
        .await?;
        // The coach's week and their calendar feed.
        index(
            manager,
            "idx_appointments_coach_start",
            P::Table,
            vec![P::CoachId.into_iden(), P::StartsAt.into_iden()],
        )
        .await?;

        use CalendarFeeds as F;
        manager
            .create_table(
                Table::create()
                    .table(F::Table)
                    .col(id(F::Id))
                    .col(ColumnDef::new(F::UserId).integer().not_null().unique_key())
                    .col(
                        ColumnDef::new(F::TokenHash)
                            .string()
                            .not_null()
                            .unique_key(),
                    )
                    .col(moment(F::CreatedAt))
                    .foreign_key(&mut owned_by(F::Table, F::UserId, Users::Table, Users::Id))
                    .to_owned(),
            )
            .await?;

        use TimeEntries as T;
        manager
            .create_table(
                Table::create()
                    .table(T::Table)
                    .col(id(T::Id))
                    .col(ColumnDef::new(T::OrganizationId).integer().not_null())
                    .col(ColumnDef::new(T::ClientId).integer().not_null())
                    .col(ColumnDef::new(T::TrajectoryId).integer().null())
                    .col(ColumnDef::new(T::CoachId).integer().null())
                    .col(ColumnDef::new(T::EntryDate).date().not_null())
                    .col(ColumnDef::new(T::Minutes).integer().not_null())
                    .col(ColumnDef::new(T::Activity).string().not_null())
                    .col(ColumnDef::new(T::Note).string().null())
                    .col(moment(T::CreatedAt))
                    .foreign_key(&mut owned_by(
                        T::Table,
                        T::OrganizationId,
                        Organizations::Table,
                        Organizations::Id,
                    ))
                    .foreign_key(&mut owned_by(
                        T::Table,
                        T::ClientId,
                        Clients::Table,
                        Clients::Id,
                    ))
                    .foreign_key(&mut refers_to(
                        T::Table,
                        T::TrajectoryId,
                        Trajectories::Table,
                        Trajectories::Id,
                    ))
                    .foreign_key(&mut refers_to(
                        T::Table,
                        T::CoachId,
                        Users::Table,
                        Users::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_time_entries_client_date",
            T::Table,
            vec![T::ClientId.into_iden(), T::EntryDate.into_iden()],
        )
        .await?;
        index(
            manager,
            "idx_time_entries_org_date",
            T::Table,
            vec![T::OrganizationId.into_iden(), T::EntryDate.into_iden()],
        )
        .await?;

        use Documents as D;
        manager
            .create_table(
                Table::create()
                    .table(D::Table)
                    .col(id(D::Id))
                    .col(ColumnDef::new(D::OrganizationId).integer().not_null())
                    .col(ColumnDef::new(D::ClientId).integer().not_null())
                    .col(ColumnDef::new(D::UploadedBy).integer().null())
                    .col(ColumnDef::new(D::Filename).string().not_null())
                    .col(ColumnDef::new(D::Kind).string().not_null())
                    .col(ColumnDef::new(D::SizeBytes).big_integer().not_null())
                    .col(
                        ColumnDef::new(D::StorageKey)
                            .string()
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(D::SharedWithClient).boolean().not_null())
                    .col(moment(D::CreatedAt))
                    .foreign_key(&mut owned_by(
                        D::Table,
                        D::OrganizationId,
                        Organizations::Table,
                        Organizations::Id,
                    ))
                    .foreign_key(&mut owned_by(
                        D::Table,
                        D::ClientId,
                        Clients::Table,
                        Clients::Id,
                    ))
                    .foreign_key(&mut refers_to(
                        D::Table,
                        D::UploadedBy,
                        Users::Table,
                        Users::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_documents_client",
            D::Table,
            vec![D::ClientId.into_iden(), D::CreatedAt.into_iden()],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Documents::Table.into_iden(),
            TimeEntries::Table.into_iden(),
            CalendarFeeds::Table.into_iden(),
            Appointments::Table.into_iden(),
            ReportAmendments::Table.into_iden(),
            Reports::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
