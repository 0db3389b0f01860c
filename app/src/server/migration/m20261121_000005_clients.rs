//! Client dossiers and who may open them. Every client login gets a dossier; a dossier can
//! exist without a login (a coach keeps it, the client may be invited later).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organizations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Teams {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Invitations {
    Table,
    ClientId,
}

#[derive(DeriveIden)]
enum Clients {
    Table,
    Id,
    OrganizationId,
    UserId,
    Name,
    Email,
    DateOfBirth,
    Address,
    Phone,
    Notes,
    ResponsibleCoachId,
    ArchivedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ClientCoaches {
    Table,
    ClientId,
    UserId,
}

#[derive(DeriveIden)]
enum ClientTeams {
    Table,
    ClientId,
    TeamId,
}

fn timestamp(column: Clients) -> ColumnDef {
    ColumnDef::new(column)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

/// A table linking a dossier to a coach or a team, with an index for the question asked
/// on every list page: which dossiers may this coach (or team) open?
async fn link_table(
    manager: &SchemaManager<'_>,
    table: impl IntoIden + 'static,
    client: impl IntoIden + 'static,
    other: impl IntoIden + 'static,
    other_table: impl IntoIden + 'static,
    other_id: impl IntoIden + 'static,
) -> Result<(), DbErr> {
    let (table, client, other) = (table.into_iden(), client.into_iden(), other.into_iden());
    manager
        .create_table(
            Table::create()
                .table(table.clone())
                .col(ColumnDef::new(client.clone()).integer().not_null())
                .col(ColumnDef::new(other.clone()).integer().not_null())
                .primary_key(Index::create().col(client.clone()).col(other.clone()))
                .foreign_key(
                    ForeignKey::create()
                        .from(table.clone(), client)
                        .to(Clients::Table, Clients::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(table.clone(), other.clone())
                        .to(other_table, other_id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
    manager
        .create_index(
            Index::create()
                .name(format!("idx_{}_{}", table.to_string(), other.to_string()))
                .table(table)
                .col(other)
                .to_owned(),
        )
        .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Clients::Table)
                    .col(
                        ColumnDef::new(Clients::Id)
                            .integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Clients::OrganizationId).integer().not_null())
                    .col(
                        ColumnDef::new(Clients::UserId)
                            .integer()
                            .null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(Clients::Name).string().not_null())
                    .col(ColumnDef::new(Clients::Email).string().null())
                    .col(ColumnDef::new(Clients::DateOfBirth).date().null())
                    .col(ColumnDef::new(Clients::Address).text().null())
                    .col(ColumnDef::new(Clients::Phone).string().null())
                    .col(ColumnDef::new(Clients::Notes).text().null())
                    .col(ColumnDef::new(Clients::ResponsibleCoachId).integer().null())
                    .col(
                        ColumnDef::new(Clients::ArchivedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(timestamp(Clients::CreatedAt))
                    .col(timestamp(Clients::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Clients::Table, Clients::OrganizationId)
                            .to(Organizations::Table, Organizations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Clients::Table, Clients::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Clients::Table, Clients::ResponsibleCoachId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        // The list: one organization's dossiers in the list's exact order (name, then id),
        // so a page is read from the index without sorting. `archived_at` stays out of it:
        // PostgreSQL keeps the index order only after equality conditions, not `IS NULL`.
        manager
            .create_index(
                Index::create()
                    .name("idx_clients_organization_name")
                    .table(Clients::Table)
                    .col(Clients::OrganizationId)
                    .col(Clients::Name)
                    .col(Clients::Id)
                    .to_owned(),
            )
            .await?;

        link_table(
            manager,
            ClientCoaches::Table,
            ClientCoaches::ClientId,
            ClientCoaches::UserId,
            Users::Table,
            Users::Id,
        )
        .await?;
        link_table(
            manager,
            ClientTeams::Table,
            ClientTeams::ClientId,
            ClientTeams::TeamId,
            Teams::Table,
            Teams::Id,
        )
        .await?;

        manager
            .alter_table(
                Table::alter()
                    .table(Invitations::Table)
                    .add_column(ColumnDef::new(Invitations::ClientId).integer().null())
                    .to_owned(),
            )
            .await?;

        // Every client login so far gets its dossier; archived logins, archived dossiers.
        let db = manager.get_connection();
        db.execute_unprepared(
            "INSERT INTO clients (organization_id, user_id, name, email, archived_at, created_at, updated_at) \
             SELECT organization_id, id, name, email, \
                    CASE WHEN status = 'archived' THEN created_at ELSE NULL END, created_at, created_at \
             FROM users WHERE role = 'client' AND organization_id IS NOT NULL",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Invitations::Table)
                    .drop_column(Invitations::ClientId)
                    .to_owned(),
            )
            .await?;
        for table in [
            ClientTeams::Table.into_iden(),
            ClientCoaches::Table.into_iden(),
            Clients::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
