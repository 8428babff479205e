//! Saving and confirming a profile: each one transaction with its history row and audit entry.
//!
//! Both start with [`LOCK`], which makes the organization's row if it has none yet and hands
//! back what is stored while holding the row (Postgres: a row lock; SQLite: the write lock), so
//! two editors saving at once each see the other's result and the history never misses a step.

use cabinet_core::audit::AuditAction;
use cabinet_core::policy::{Authorized, EditProfile};
use cabinet_core::profile::{FieldChange, Profile, diff};
use cabinet_core::{Invalid, UnitId};
use serde_json::json;

use super::{parse, unit};
use crate::audit::{Entry, Origin, Stamp};
use crate::{Db, StorageError, StorageResult, now_ms};

/// The stored form of the unit `$1`, which must be an organization (no row otherwise). The
/// update sets nothing new: it is there to lock the row and return it as it was.
const LOCK: &str = "INSERT INTO profiles (unit_id, data) SELECT id, '{}' FROM units WHERE id = $1 AND kind = 'organization' \
    ON CONFLICT (unit_id) DO UPDATE SET unit_id = excluded.unit_id RETURNING data";

/// Saves the organization's profile and returns what changed, field by field. A save that
/// changes nothing writes neither a history row nor an audit entry: there is nothing to tell.
#[tracing::instrument(skip_all, fields(unit = %unit(auth)))]
pub async fn save(
    db: &Db,
    auth: &Authorized<EditProfile>,
    profile: &Profile,
    origin: &Origin,
) -> StorageResult<Vec<FieldChange>> {
    let unit = unit(auth);
    let stamp = Stamp::of(auth.actor());
    let data = to_json(&profile.to_input())?;
    let now = now_ms();
    audited!(
        db,
        |tx| {
            public_changed!(&mut *tx)?;
            let (stored,): (String,) = sqlx::query_as(LOCK).bind(unit.to_string()).fetch_one(&mut *tx).await?;
            let changes = diff(&parse(unit, Some(&stored))?, profile);
            if !changes.is_empty() {
                sqlx::query("UPDATE profiles SET data = $2, updated_at = $3 WHERE unit_id = $1")
                    .bind(unit.to_string())
                    .bind(&data)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(
                    "INSERT INTO profile_changes (id, unit_id, at, actor_kind, actor_id, actor_label, changes) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(uuid::Uuid::now_v7().to_string())
                .bind(unit.to_string())
                .bind(now)
                .bind(stamp.kind)
                .bind(&stamp.id)
                .bind(&stamp.label)
                .bind(to_json(&changes)?)
                .execute(&mut *tx)
                .await?;
            }
            changes
        },
        |changes| (!changes.is_empty()).then(|| updated(&stamp, unit, &changes, origin)).iter()
    )
}

/// The audit entry of a save: which fields changed. Their values stay in the history, which
/// only the organization and the central committee read.
fn updated(stamp: &Stamp, unit: UnitId, changes: &[FieldChange], origin: &Origin) -> Entry {
    let mut fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
    fields.dedup();
    Entry::new(stamp.clone(), AuditAction::ProfileUpdated, origin)
        .target("profile", unit)
        .unit(unit)
        .details(json!({ "fields": fields }))
}

/// Records that the organization confirmed its profile as current now (§6.3). A profile with
/// required fields still empty cannot be confirmed: the refusal lists every one of them, and
/// nothing is written.
#[tracing::instrument(skip_all, fields(unit = %unit(auth)))]
pub async fn confirm(
    db: &Db,
    auth: &Authorized<EditProfile>,
    origin: &Origin,
) -> StorageResult<Result<(), Vec<Invalid>>> {
    let unit = unit(auth);
    let stamp = Stamp::of(auth.actor());
    let now = now_ms();
    let entry = Entry::new(stamp.clone(), AuditAction::ProfileConfirmed, origin).target("profile", unit).unit(unit);
    audited!(
        db,
        |tx| {
            let (stored,): (String,) = sqlx::query_as(LOCK).bind(unit.to_string()).fetch_one(&mut *tx).await?;
            if let Err(missing) = parse(unit, Some(&stored))?.require_complete() {
                // Dropping the transaction undoes the row LOCK may have made.
                return Ok(Err(missing));
            }
            sqlx::query(
                "UPDATE profiles SET confirmed_at = $2, confirmed_by_id = $3, confirmed_by = $4 WHERE unit_id = $1",
            )
            .bind(unit.to_string())
            .bind(now)
            .bind(&stamp.id)
            .bind(&stamp.label)
            .execute(&mut *tx)
            .await?;
            Ok(())
        },
        [&entry]
    )
}

fn to_json(value: &impl serde::Serialize) -> StorageResult<String> {
    // Plain structs of strings: serializing them cannot fail, but the error still has a place.
    serde_json::to_string(value).map_err(|e| StorageError::Corrupt(format!("profile as JSON: {e}")))
}
