//! Report forms (§7.2): every version of every form, as its plugin file was accepted.
//!
//! A version never changes. Defining a version that exists is accepted only with the very same
//! file (a repeated upload, a restart re-reading shipped plugins); a different file under an
//! existing version, or a version below the newest, is [`StorageError::Conflict`]. The engine
//! (`cabinet-forms`) compiles what is stored here; storage keeps only text and metadata.

use cabinet_core::audit::AuditAction;
use cabinet_core::policy::{Authorized, DefineForms};
use cabinet_core::{UnitId, UnitKind};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::audit::{Entry, Origin, Stamp};
use crate::{Db, StorageError, StorageResult, now_ms};

/// What storage needs to know of a plugin, read by the engine from its file.
#[derive(Debug, Clone)]
pub struct Definition<'a> {
    pub id: &'a str,
    pub version: u32,
    pub title: &'a str,
    pub department_slug: &'a str,
    /// The plugin file as accepted.
    pub plugin: &'a str,
}

/// A stored version of a form.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredForm {
    pub id: String,
    pub version: i64,
    pub title: String,
    pub department_slug: String,
    pub plugin: String,
    pub sha256: String,
    pub source: String,
    pub defined_by: String,
    pub created_at: i64,
}

/// Whether a definition added a version or found the same file there already.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Defined {
    Added,
    Unchanged,
}

const COLUMNS: &str = "id, version, title, department_slug, plugin, sha256, source, defined_by, created_at";

fn digest(plugin: &str) -> String {
    hex::encode(Sha256::digest(plugin.as_bytes()))
}

/// Stores a version uploaded by a department user; the witness names the form's department.
pub async fn define(
    db: &Db,
    auth: &Authorized<DefineForms>,
    form: &Definition<'_>,
    origin: &Origin,
) -> StorageResult<Defined> {
    insert(db, Stamp::of(auth.actor()), "uploaded", form, origin).await
}

/// Stores a plugin shipped in `plugins/forms`, read at start.
pub async fn define_shipped(db: &Db, form: &Definition<'_>) -> StorageResult<Defined> {
    insert(db, Stamp::system(), "shipped", form, &Origin::default()).await
}

#[tracing::instrument(skip_all, fields(form = form.id, version = form.version))]
async fn insert(db: &Db, stamp: Stamp, source: &str, form: &Definition<'_>, origin: &Origin) -> StorageResult<Defined> {
    let sha = digest(form.plugin);
    let version = i64::from(form.version);
    let entry = Entry::new(stamp.clone(), AuditAction::FormDefined, origin)
        .target("form", format!("{}@{}", form.id, form.version))
        .details(
            json!({ "form": form.id, "version": form.version, "department": form.department_slug, "source": source }),
        );
    audited!(
        db,
        |tx| {
            let existing: Option<(String,)> = sqlx::query_as("SELECT sha256 FROM forms WHERE id = $1 AND version = $2")
                .bind(form.id)
                .bind(version)
                .fetch_optional(&mut *tx)
                .await?;
            if let Some((stored,)) = existing {
                return if stored == sha {
                    Ok(Defined::Unchanged)
                } else {
                    Err(StorageError::Conflict { what: "version" })
                };
            }
            let (newest,): (Option<i64>,) = sqlx::query_as("SELECT MAX(version) FROM forms WHERE id = $1")
                .bind(form.id)
                .fetch_one(&mut *tx)
                .await?;
            if newest.is_some_and(|n| n > version) {
                return Err(StorageError::Conflict { what: "version_order" });
            }
            sqlx::query(
                "INSERT INTO forms (id, version, title, department_slug, plugin, sha256, source, defined_by, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(form.id)
            .bind(version)
            .bind(form.title)
            .bind(form.department_slug)
            .bind(form.plugin)
            .bind(&sha)
            .bind(source)
            .bind(&stamp.label)
            .bind(now_ms())
            .execute(&mut *tx)
            .await
            .map_err(|e| StorageError::unique(e, "version"))?;
            Defined::Added
        },
        [&entry]
    )
}

/// The newest version of every form, by title.
pub async fn newest(db: &Db) -> StorageResult<Vec<StoredForm>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM forms f WHERE version = (SELECT MAX(version) FROM forms g WHERE g.id = f.id) \
         ORDER BY title, id"
    );
    Ok(db_run!(db, |pool| sqlx::query_as::<_, StoredForm>(sqlx::AssertSqlSafe(sql.as_str())).fetch_all(pool).await)?)
}

/// A form's version, or its newest when `version` is `None`.
pub async fn get(db: &Db, id: &str, version: Option<u32>) -> StorageResult<StoredForm> {
    let sql = format!(
        "SELECT {COLUMNS} FROM forms WHERE id = $1 AND ($2 IS NULL OR version = $2) ORDER BY version DESC LIMIT 1"
    );
    Ok(db_run!(db, |pool| sqlx::query_as::<_, StoredForm>(sqlx::AssertSqlSafe(sql.as_str()))
        .bind(id)
        .bind(version.map(i64::from))
        .fetch_one(pool)
        .await)?)
}

/// Every version of a form, newest first (without the files).
pub async fn versions(db: &Db, id: &str) -> StorageResult<Vec<(i64, i64)>> {
    Ok(db_run!(db, |pool| sqlx::query_as::<_, (i64, i64)>(
        "SELECT version, created_at FROM forms WHERE id = $1 ORDER BY version DESC"
    )
    .bind(id)
    .fetch_all(pool)
    .await)?)
}

/// The department a form names, by its slug; `None` when no department has that slug.
pub async fn department(db: &Db, slug: &str) -> StorageResult<Option<UnitId>> {
    let row: Option<(String,)> =
        db_run!(db, |pool| sqlx::query_as("SELECT id FROM units WHERE slug = $1 AND kind = $2")
            .bind(slug)
            .bind(UnitKind::Department.code())
            .fetch_optional(pool)
            .await)?;
    row.map(|(id,)| id.parse().map_err(|_| StorageError::Corrupt(format!("unit id {id}")))).transpose()
}
