//! Schema migrations, the same on SQLite and PostgreSQL. They run at start-up and through
//! `server migrate`. Never edit a migration that has shipped: add a new one.

use sea_orm_migration::prelude::*;

mod m20261121_000001_init;
mod m20261121_000002_invitations;
mod m20261121_000003_demo_and_accounts;
mod m20261121_000004_teams;
mod m20261121_000005_clients;
mod m20261121_000006_trajectories;
mod m20261121_000007_dossier_work;
mod m20261121_000008_exercises;
mod m20261121_000009_assignments;
mod m20261121_000010_scoring;
mod m20261121_000011_journal;
mod m20261121_000012_journal_notices;
mod m20261201_000013_security;
mod m20261207_000014_two_factor;
mod m20261208_000015_network_and_idle;
mod m20261209_000016_access_log;
mod m20261209_000017_privacy;
mod m20261210_000018_organization_keys;
mod m20261211_000019_erasure;
mod m20261212_000020_subscription_end;
mod m20261213_000021_backup_runs;
mod m20261214_000022_organization_deletions;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261121_000001_init::Migration),
            Box::new(m20261121_000002_invitations::Migration),
            Box::new(m20261121_000003_demo_and_accounts::Migration),
            Box::new(m20261121_000004_teams::Migration),
            Box::new(m20261121_000005_clients::Migration),
            Box::new(m20261121_000006_trajectories::Migration),
            Box::new(m20261121_000007_dossier_work::Migration),
            Box::new(m20261121_000008_exercises::Migration),
            Box::new(m20261121_000009_assignments::Migration),
            Box::new(m20261121_000010_scoring::Migration),
            Box::new(m20261121_000011_journal::Migration),
            Box::new(m20261121_000012_journal_notices::Migration),
            Box::new(m20261201_000013_security::Migration),
            Box::new(m20261207_000014_two_factor::Migration),
            Box::new(m20261208_000015_network_and_idle::Migration),
            Box::new(m20261209_000016_access_log::Migration),
            Box::new(m20261209_000017_privacy::Migration),
            Box::new(m20261210_000018_organization_keys::Migration),
            Box::new(m20261211_000019_erasure::Migration),
            Box::new(m20261212_000020_subscription_end::Migration),
            Box::new(m20261213_000021_backup_runs::Migration),
            Box::new(m20261214_000022_organization_deletions::Migration),
        ]
    }
}
