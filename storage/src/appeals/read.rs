//! Reading appeals: where an organization's letters go, where an appeal is, and the audited
//! reads by staff.

use cabinet_core::appeals::AppealStatus;
use cabinet_core::audit::AuditAction;
use cabinet_core::ids::AppealId;
use cabinet_core::{Email, UnitId};
use serde_json::json;

use super::{Access, COLUMNS, Row, StoredAppeal};
use crate::audit::{Entry, Origin, Stamp, append};
use crate::{Db, StorageError, StorageResult};

/// An organization that takes appeals, and the address of its profile, if it gave one.
#[derive(Debug, Clone)]
pub struct Recipient {
    pub unit_id: UnitId,
    pub full_name: String,
    pub email: Option<Email>,
}

/// The organization `unit` with its profile's e-mail; any other unit, like an unknown id, is
/// [`StorageError::NotFound`]. Public: an organization's page and contacts are published anyway.
#[tracing::instrument(skip_all, fields(unit = %unit))]
pub async fn recipient(db: &Db, unit: UnitId) -> StorageResult<Recipient> {
    let (full_name, data): (String, Option<String>) = db_run!(db, |pool| {
        sqlx::query_as(
            "SELECT u.full_name, p.data FROM units u LEFT JOIN profiles p ON p.unit_id = u.id \
             WHERE u.id = $1 AND u.kind = 'organization'",
        )
        .bind(unit.to_string())
        .fetch_one(pool)
        .await
    })?;
    let profile = crate::profiles::parse(unit, data.as_deref())?;
    Ok(Recipient { unit_id: unit, full_name, email: profile.email().cloned() })
}

/// The unit an appeal belongs to: all the policy needs to decide who may read it.
pub async fn locate(db: &Db, id: AppealId) -> StorageResult<UnitId> {
    let (unit_id,): (String,) = db_run!(db, |pool| {
        sqlx::query_as("SELECT unit_id FROM appeals WHERE id = $1").bind(id.to_string()).fetch_one(pool).await
    })?;
    unit_id.parse().map_err(|_| StorageError::Corrupt(format!("appeal {id}: unit id")))
}

fn read_entry(access: &Access, ids: Vec<String>, origin: &Origin) -> Entry {
    Entry::new(Stamp::of(access.actor.as_ref()), AuditAction::AppealRead, origin)
        .target("appeal_list", access.unit)
        .unit(access.unit)
        .details(json!({ "ids": ids }))
}

/// The appeals of the access's unit, newest first, older than `before` if given. They are
/// handed out only once the audit entry naming every one of them is written.
#[tracing::instrument(skip_all, fields(unit = %access.unit))]
pub async fn list(
    db: &Db,
    access: &Access,
    status: Option<AppealStatus>,
    before: Option<AppealId>,
    limit: i64,
    origin: &Origin,
) -> StorageResult<Vec<StoredAppeal>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM appeals WHERE unit_id = $1 AND ($2 IS NULL OR status = $2) \
         AND ($3 IS NULL OR id < $3) ORDER BY id DESC LIMIT $4"
    );
    let rows = db_run!(db, |pool| {
        sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(access.unit.to_string())
            .bind(status.map(AppealStatus::code))
            .bind(before.map(|id| id.to_string()))
            .bind(limit)
            .fetch_all(pool)
            .await
    })?;
    let found = rows.into_iter().map(StoredAppeal::try_from).collect::<StorageResult<Vec<_>>>()?;
    // Not one transaction with the read: on SQLite a reading transaction that then writes fails
    // at once when another writer got in between. Written after the read and before the answer,
    // the entry still covers everything handed out.
    append(db, &read_entry(access, found.iter().map(|a| a.id.to_string()).collect(), origin)).await?;
    Ok(found)
}

/// One appeal of the access's unit (others are not found), handed out once its read is audited.
#[tracing::instrument(skip_all, fields(appeal = %id))]
pub async fn get(db: &Db, access: &Access, id: AppealId, origin: &Origin) -> StorageResult<StoredAppeal> {
    let sql = format!("SELECT {COLUMNS} FROM appeals WHERE id = $1 AND unit_id = $2");
    let row = db_run!(db, |pool| {
        sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(id.to_string())
            .bind(access.unit.to_string())
            .fetch_one(pool)
            .await
    })?;
    let found = StoredAppeal::try_from(row)?;
    let entry = Entry::new(Stamp::of(access.actor.as_ref()), AuditAction::AppealRead, origin)
        .target("appeal", id)
        .unit(access.unit);
    append(db, &entry).await?;
    Ok(found)
}
