//! Which columns hold sealed (encrypted) dossier content, and the two passes over all of
//! them: sealing what was written before encryption existed (at start), and sealing
//! everything anew under fresh data keys (`server keys rotate --reencrypt`).
//!
//! The services seal and open through [`Sealed::seal`] and [`Sealed::open`], so a column's place (its associated
//! data) is spelled once, here.

use std::collections::HashMap;

use sea_orm::sea_query::{Alias, Expr, Query};
use sea_orm::{ConnectionTrait, DatabaseConnection};

use crate::error::AppError;
use crate::server::auth::TenantContext;
use crate::server::crypto::{file_version, sealed_parts, Keyring, Place, PREFIX};
use crate::server::entity::{document, organization, organization_key};
use crate::server::storage::DocumentStorage;

/// How a row of a sealed column knows its organization.
#[derive(Debug, Clone, Copy)]
enum Owner {
    /// The row has `organization_id`.
    Own,
    /// Through a parent row: (parent table, this row's column naming the parent).
    Via(&'static str, &'static str),
}

/// How a sealed value names its row in its associated data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RowName {
    Id,
    /// An answer: assignment id and question key (it is written by upsert, see
    /// `assignments::answers::store`).
    AssignmentKey,
}

/// A column of sealed content.
#[derive(Debug, Clone, Copy)]
pub struct Sealed {
    table: &'static str,
    column: &'static str,
    owner: Owner,
    row: RowName,
    /// A value that says nothing and stays as it is, so queries can count it (an emptied
    /// answer is `[]`, and the count of answered questions skips it).
    empty: Option<&'static str>,
}

/// The row a sealed value belongs to: its id, or for an answer its assignment and question
/// (see [`RowName::AssignmentKey`]). Services pass an id or an `(assignment, key)` pair.
#[derive(Debug, Clone, Copy)]
pub enum RowRef<'a> {
    Id(i32),
    Answer(i32, &'a str),
}

impl From<i32> for RowRef<'_> {
    fn from(id: i32) -> Self {
        RowRef::Id(id)
    }
}

impl<'a> From<(i32, &'a str)> for RowRef<'a> {
    fn from((assignment_id, key): (i32, &'a str)) -> Self {
        RowRef::Answer(assignment_id, key)
    }
}

impl Sealed {
    /// The place of this column in one row: what a sealed value is bound to.
    pub fn place(&self, row: RowRef<'_>) -> Place {
        match row {
            RowRef::Id(id) => Place::new(self.table, self.column, id),
            RowRef::Answer(assignment_id, key) => {
                Place::keyed(self.table, self.column, assignment_id, key)
            }
        }
    }

    /// Seals `plaintext` for its row in the tenant's organization (what says nothing,
    /// [`Sealed::empty`], stays as it is).
    pub async fn seal<'a>(
        &self,
        db: &impl ConnectionTrait,
        tenant: &TenantContext,
        row: impl Into<RowRef<'a>>,
        plaintext: &str,
    ) -> Result<String, AppError> {
        if Some(plaintext) == self.empty {
            return Ok(plaintext.to_string());
        }
        let place = self.place(row.into());
        tenant
            .keys
            .seal(db, tenant.organization_id, place, plaintext)
            .await
    }

    /// Opens the stored value of its row in the tenant's organization.
    pub async fn open<'a>(
        &self,
        db: &impl ConnectionTrait,
        tenant: &TenantContext,
        row: impl Into<RowRef<'a>>,
        stored: &str,
    ) -> Result<String, AppError> {
        let place = self.place(row.into());
        tenant
            .keys
            .open(db, tenant.organization_id, place, stored)
            .await
    }

    /// Writes the sealed `plaintext` into row `id` (just inserted with a placeholder: a
    /// ciphertext is bound to its row's id, which the insert gave).
    pub async fn seal_into(
        &self,
        db: &impl ConnectionTrait,
        tenant: &TenantContext,
        id: i32,
        plaintext: &str,
    ) -> Result<(), AppError> {
        let sealed = self.seal(db, tenant, id, plaintext).await?;
        let statement = Query::update()
            .table(Alias::new(self.table))
            .value(Alias::new(self.column), sealed)
            .and_where(Expr::col(Alias::new("id")).eq(id))
            .to_owned();
        db.execute(db.get_database_backend().build(&statement))
            .await?;
        Ok(())
    }

    fn organization(&self) -> String {
        match self.owner {
            Owner::Own => format!("{}.organization_id", self.table),
            Owner::Via(parent, link) => format!(
                "(SELECT p.organization_id FROM {parent} p WHERE p.id = {}.{link})",
                self.table
            ),
        }
    }
}

pub const REPORT_BODY: Sealed = Sealed {
    table: "reports",
    column: "body",
    owner: Owner::Own,
    row: RowName::Id,
    empty: None,
};
pub const AMENDMENT_BODY: Sealed = Sealed {
    table: "report_amendments",
    column: "body",
    owner: Owner::Via("reports", "report_id"),
    row: RowName::Id,
    empty: None,
};

pub const JOURNAL_BODY: Sealed = Sealed {
    table: "journal_entries",
    column: "body",
    owner: Owner::Own,
    row: RowName::Id,
    empty: None,
};
pub const COMMENT_BODY: Sealed = Sealed {
    table: "journal_comments",
    column: "body",
    owner: Owner::Via("journal_entries", "entry_id"),
    row: RowName::Id,
    empty: None,
};
pub const CLIENT_NOTES: Sealed = Sealed {
    table: "clients",
    column: "notes",
    owner: Owner::Own,
    row: RowName::Id,
    empty: None,
};
/// An answer without values (see [`Sealed::empty`]).
pub const EMPTY_ANSWER: &str = "[]";
pub const ANSWER_VALUE: Sealed = Sealed {
    table: "answers",
    column: "value",
    owner: Owner::Via("assignments", "assignment_id"),
    row: RowName::AssignmentKey,
    empty: Some(EMPTY_ANSWER),
};
pub const ANSWER_FEEDBACK: Sealed = Sealed {
    table: "answers",
    column: "feedback",
    owner: Owner::Via("assignments", "assignment_id"),
    row: RowName::Id,
    empty: None,
};
pub const ASSIGNMENT_FEEDBACK: Sealed = Sealed {
    table: "assignments",
    column: "feedback",
    owner: Owner::Own,
    row: RowName::Id,
    empty: None,
};
pub const ASSIGNMENT_SCORES: Sealed = Sealed {
    table: "assignments",
    column: "scores",
    owner: Owner::Own,
    row: RowName::Id,
    empty: None,
};

/// Every sealed column.
pub const ALL: &[Sealed] = &[
    REPORT_BODY,
    AMENDMENT_BODY,
    JOURNAL_BODY,
    COMMENT_BODY,
    CLIENT_NOTES,
    ANSWER_VALUE,
    ANSWER_FEEDBACK,
    ASSIGNMENT_FEEDBACK,
    ASSIGNMENT_SCORES,
];

/// Opens every sealed column of a row of `table` given as JSON (the organization copy), in
/// place: the copy holds what the practice wrote, and a restore seals it anew under the
/// keys of the Koers it goes into (see [`seal_existing`]).
pub async fn open_row(
    db: &impl ConnectionTrait,
    keys: &Keyring,
    organization_id: i32,
    table: &str,
    row: &mut serde_json::Map<String, serde_json::Value>,
) -> Result<(), AppError> {
    for column in ALL.iter().filter(|c| c.table == table) {
        let Some(serde_json::Value::String(stored)) = row.get(column.column) else {
            continue;
        };
        if !stored.starts_with(PREFIX) {
            continue;
        }
        let number = |name: &str| row.get(name).and_then(|v| v.as_i64()).unwrap_or(0) as i32;
        let place = match column.row {
            RowName::Id => column.place(RowRef::Id(number("id"))),
            RowName::AssignmentKey => column.place(RowRef::Answer(
                number("assignment_id"),
                row.get("question_key")
                    .and_then(|v| v.as_str())
                    .unwrap_or(""),
            )),
        };
        let plain = keys.open(db, organization_id, place, stored).await?;
        row.insert(column.column.to_string(), serde_json::Value::String(plain));
    }
    Ok(())
}

/// Rows per batch: each batch is one short transaction, so a running Koers barely waits.
const BATCH: u64 = 200;

/// One row's value of a sealed column, with its organization and place.
struct Row {
    id: i32,
    organization_id: i32,
    place: Place,
    value: String,
}

/// Walks the values of a sealed column by id, [`BATCH`] rows at a time: the sealed ones or
/// the ones not sealed yet. Each batch is read afresh, so rows written meanwhile are seen.
struct Values<'c> {
    column: &'c Sealed,
    sealed: bool,
    after: i32,
}

impl<'c> Values<'c> {
    fn of(column: &'c Sealed, sealed: bool) -> Self {
        Values {
            column,
            sealed,
            after: 0,
        }
    }

    /// The next batch, or None when the column is done.
    async fn next(&mut self, db: &impl ConnectionTrait) -> Result<Option<Vec<Row>>, AppError> {
        let rows = batch(db, self.column, self.after, self.sealed).await?;
        Ok(rows.last().map(|last| last.id).map(|last| {
            self.after = last;
            rows
        }))
    }
}

/// Up to [`BATCH`] rows after `after` (by id) with a value, sealed or not as `sealed` says.
async fn batch(
    db: &impl ConnectionTrait,
    column: &Sealed,
    after: i32,
    sealed: bool,
) -> Result<Vec<Row>, AppError> {
    let value = Expr::col((Alias::new(column.table), Alias::new(column.column)));
    // substr, not LIKE: SQLite's LIKE ignores case, and `ENC:` is not a sealed value.
    let prefix = Expr::expr(Expr::cust(format!(
        "substr({}.{}, 1, {})",
        column.table,
        column.column,
        PREFIX.len()
    )));
    let mut statement = Query::select();
    if column.row == RowName::AssignmentKey {
        statement
            .column((Alias::new(column.table), Alias::new("assignment_id")))
            .column((Alias::new(column.table), Alias::new("question_key")));
    }
    let mut statement = statement
        .expr_as(
            Expr::col((Alias::new(column.table), Alias::new("id"))),
            Alias::new("id"),
        )
        .expr_as(Expr::cust(column.organization()), Alias::new("org"))
        .expr_as(value.clone(), Alias::new("value"))
        .from(Alias::new(column.table))
        .and_where(value.clone().is_not_null())
        .and_where(if sealed {
            prefix.eq(PREFIX)
        } else {
            prefix.ne(PREFIX)
        })
        .and_where(Expr::col((Alias::new(column.table), Alias::new("id"))).gt(after))
        .order_by(
            (Alias::new(column.table), Alias::new("id")),
            sea_orm::Order::Asc,
        )
        .limit(BATCH)
        .to_owned();
    if let Some(empty) = column.empty {
        statement.and_where(value.ne(empty));
    }
    let rows = db
        .query_all(db.get_database_backend().build(&statement))
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let id: i32 = row.try_get("", "id")?;
        let place = match column.row {
            RowName::Id => column.place(RowRef::Id(id)),
            RowName::AssignmentKey => column.place(RowRef::Answer(
                row.try_get("", "assignment_id")?,
                &row.try_get::<String>("", "question_key")?,
            )),
        };
        out.push(Row {
            id,
            organization_id: row.try_get("", "org")?,
            place,
            value: row.try_get("", "value")?,
        });
    }
    Ok(out)
}

/// Writes `new` where the row still holds `old`: a save that came in meanwhile wins, and
/// its value is already sealed.
async fn swap(
    db: &impl ConnectionTrait,
    column: &Sealed,
    id: i32,
    old: &str,
    new: String,
) -> Result<(), AppError> {
    let statement = Query::update()
        .table(Alias::new(column.table))
        .value(Alias::new(column.column), new)
        .and_where(Expr::col(Alias::new("id")).eq(id))
        .and_where(Expr::col(Alias::new(column.column)).eq(old))
        .to_owned();
    db.execute(db.get_database_backend().build(&statement))
        .await?;
    Ok(())
}

/// Seals every value written before encryption existed. Runs at start, after the
/// migrations; finds nothing to do once done. Returns how many values it sealed.
pub async fn seal_existing(db: &DatabaseConnection, keys: &Keyring) -> Result<usize, AppError> {
    let mut count = 0;
    for column in ALL {
        let mut values = Values::of(column, false);
        while let Some(rows) = values.next(db).await? {
            let txn = super::begin_write(db).await?;
            let result = async {
                for row in &rows {
                    let sealed = keys
                        .seal(&txn, row.organization_id, row.place.clone(), &row.value)
                        .await?;
                    swap(&txn, column, row.id, &row.value, sealed).await?;
                }
                Ok(rows.len())
            }
            .await;
            count += super::finish(txn, result).await?;
        }
    }
    if count > 0 {
        // The plaintext was in pages freed before `secure_delete` was on: a new file
        // without them (SQLite; PostgreSQL keeps dead rows until its own VACUUM).
        crate::server::db::checkpoint(db).await?;
        if db.get_database_backend() == sea_orm::DatabaseBackend::Sqlite {
            db.execute_unprepared("VACUUM").await?;
        }
    }
    Ok(count)
}

/// What [`check_all`] found.
#[derive(Debug, Default)]
pub struct Checked {
    /// Sealed values and files that open.
    pub values: usize,
    pub files: usize,
    /// Values and files that do not open (each is logged with its place).
    pub damaged: usize,
    /// The master key versions that wrap the data keys: after a rotation, only the newest.
    pub master_versions: Vec<i32>,
}

/// Opens every sealed value and file, to prove the configured keys read all content, and
/// says which master key versions the data keys still need.
pub async fn check_all(
    db: &DatabaseConnection,
    storage: &dyn DocumentStorage,
    keys: &Keyring,
) -> Result<Checked, AppError> {
    use sea_orm::{EntityTrait, QueryOrder, QuerySelect};
    let mut checked = Checked::default();
    for column in ALL {
        let mut values = Values::of(column, true);
        while let Some(rows) = values.next(db).await? {
            for row in &rows {
                match keys
                    .open(db, row.organization_id, row.place.clone(), &row.value)
                    .await
                {
                    Ok(_) => checked.values += 1,
                    Err(_) => checked.damaged += 1,
                }
            }
        }
    }
    let mut files = Files::default();
    while let Some(batch) = files.next(db).await? {
        for file in &batch {
            let Ok(stored) = storage.get(&file.storage_key).await else {
                tracing::warn!(document = file.id, "a document's file is missing");
                continue;
            };
            let place = Place::file(&file.storage_key);
            match keys
                .open_file(db, file.organization_id, place, stored)
                .await
            {
                Ok(_) => checked.files += 1,
                Err(_) => checked.damaged += 1,
            }
        }
    }
    checked.master_versions = organization_key::Entity::find()
        .select_only()
        .column(organization_key::Column::MasterVersion)
        .distinct()
        .order_by_asc(organization_key::Column::MasterVersion)
        .into_tuple()
        .all(db)
        .await?;
    Ok(checked)
}

/// Makes sure every organization has a data key, so that writes do not make one inside
/// their transaction. Runs at start.
pub async fn ensure_keys(db: &DatabaseConnection, keys: &Keyring) -> Result<(), AppError> {
    use sea_orm::EntityTrait;
    for org in organization::Entity::find().all(db).await? {
        keys.ensure(db, org.id).await?;
    }
    Ok(())
}

/// Gives every organization a new data key and seals all its content (and every
/// document's file) anew under it, batch by batch, while Koers runs. Old data keys stay
/// (wrapped) so that a value a running server sealed with one a moment ago still opens; a
/// second run picks such values up. A value that does not open is logged and left as it
/// is. Returns how many values and files it sealed anew.
pub async fn reencrypt(
    db: &DatabaseConnection,
    storage: &dyn DocumentStorage,
    keys: &Keyring,
) -> Result<usize, AppError> {
    use sea_orm::EntityTrait;
    let mut current = HashMap::new();
    for org in organization::Entity::find().all(db).await? {
        current.insert(org.id, keys.new_data_key(db, org.id).await?);
    }
    let mut count = reencrypt_files(db, storage, keys, &current).await?;
    for column in ALL {
        let mut values = Values::of(column, true);
        while let Some(rows) = values.next(db).await? {
            let txn = super::begin_write(db).await?;
            let result = async {
                let mut done = 0;
                for row in &rows {
                    let version = sealed_parts(&row.value).map(|(v, _)| v);
                    if version.is_none() || version == current.get(&row.organization_id).copied() {
                        continue;
                    }
                    let place = row.place.clone();
                    let Ok(plain) = keys
                        .open(&txn, row.organization_id, place.clone(), &row.value)
                        .await
                    else {
                        continue;
                    };
                    let sealed = keys.seal(&txn, row.organization_id, place, &plain).await?;
                    swap(&txn, column, row.id, &row.value, sealed).await?;
                    done += 1;
                }
                Ok(done)
            }
            .await;
            count += super::finish(txn, result).await?;
        }
    }
    Ok(count)
}

/// One stored document: its organization and where its file is.
struct File {
    id: i32,
    organization_id: i32,
    storage_key: String,
}

/// Walks every document by id, [`BATCH`] at a time.
#[derive(Default)]
struct Files {
    after: i32,
}

impl Files {
    /// The next batch, or None when all documents are done.
    async fn next(&mut self, db: &impl ConnectionTrait) -> Result<Option<Vec<File>>, AppError> {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
        let batch: Vec<File> = document::Entity::find()
            .filter(document::Column::Id.gt(self.after))
            .order_by_asc(document::Column::Id)
            .limit(BATCH)
            .all(db)
            .await?
            .into_iter()
            .map(|d| File {
                id: d.id,
                organization_id: d.organization_id,
                storage_key: d.storage_key,
            })
            .collect();
        Ok(batch.last().map(|last| last.id).map(|last| {
            self.after = last;
            batch
        }))
    }
}

/// Seals a document's file anew where it needs it: `wanted` says, from the version it is
/// sealed with (None: not sealed), whether to. Returns whether it did. A document deleted
/// meanwhile loses the file written for it.
async fn reseal_file(
    db: &DatabaseConnection,
    storage: &dyn DocumentStorage,
    keys: &Keyring,
    file: &File,
    wanted: impl Fn(Option<i32>) -> bool,
) -> Result<bool, AppError> {
    use sea_orm::EntityTrait;
    let stored = match storage.get(&file.storage_key).await {
        Ok(bytes) => bytes,
        Err(error) => {
            tracing::warn!(%error, document = file.id, "a document's file is missing");
            return Ok(false);
        }
    };
    if !wanted(file_version(&stored)) {
        return Ok(false);
    }
    let place = Place::file(&file.storage_key);
    let plain = keys
        .open_file(db, file.organization_id, place.clone(), stored)
        .await?;
    let sealed = keys
        .seal_file(db, file.organization_id, place, &plain)
        .await?;
    storage
        .put(&file.storage_key, &sealed)
        .await
        .map_err(|error| {
            tracing::error!(%error, document = file.id, "sealing a document's file failed");
            AppError::Internal
        })?;
    if document::Entity::find_by_id(file.id)
        .one(db)
        .await?
        .is_none()
    {
        let _ = storage.delete(&file.storage_key).await;
    }
    Ok(true)
}

/// Seals the files of documents stored before encryption existed. Runs at start.
pub async fn seal_existing_files(
    db: &DatabaseConnection,
    storage: &dyn DocumentStorage,
    keys: &Keyring,
) -> Result<usize, AppError> {
    let mut count = 0;
    let mut files = Files::default();
    while let Some(batch) = files.next(db).await? {
        for file in &batch {
            if reseal_file(db, storage, keys, file, |v| v.is_none()).await? {
                count += 1;
            }
        }
    }
    Ok(count)
}

/// Seals every document's file under its organization's current data key (after
/// [`reencrypt`] made new ones). Returns how many files it sealed anew.
pub async fn reencrypt_files(
    db: &DatabaseConnection,
    storage: &dyn DocumentStorage,
    keys: &Keyring,
    current: &HashMap<i32, i32>,
) -> Result<usize, AppError> {
    let mut count = 0;
    let mut files = Files::default();
    while let Some(batch) = files.next(db).await? {
        for file in &batch {
            let now = current.get(&file.organization_id).copied();
            if reseal_file(db, storage, keys, file, |v| v != now).await? {
                count += 1;
            }
        }
    }
    Ok(count)
}
