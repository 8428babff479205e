//! Organizations' reference info (§6.2), its change history and its quarterly confirmation
//! (§6.3).
//!
//! Only organizations have a profile: for any other unit, as for an unknown id, every function
//! answers [`StorageError::NotFound`]. A profile is stored as the JSON of its form and parsed
//! back through [`ProfileInput::parse`] on every read, so storage never holds a value the
//! domain would refuse. An organization that never saved its profile has an empty one.

mod write;

use std::str::FromStr;

use cabinet_core::UnitId;
use cabinet_core::policy::{Authorized, EditProfile, InUnit, ManageUnits};
use cabinet_core::profile::{ConfirmationStatus, FieldChange, Profile, ProfileInput};
use time::OffsetDateTime;

pub use write::{confirm, save};

use crate::{Db, StorageError, StorageResult};

/// A profile with when it was last changed and confirmed.
#[derive(Debug, Clone)]
pub struct StoredProfile {
    pub unit_id: UnitId,
    pub profile: Profile,
    /// `None` until the first save that changed something.
    pub updated_at: Option<i64>,
    pub confirmation: Option<Confirmation>,
}

/// The last time the organization confirmed its data as current (§6.3), and who did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirmation {
    pub at: i64,
    /// The login (or token name) of the confirming actor.
    pub by: String,
}

impl Confirmation {
    fn of(at: Option<i64>, by: Option<String>) -> Option<Self> {
        Some(Confirmation { at: at?, by: by.unwrap_or_default() })
    }

    /// The confirmation's status on `now`, read in `now`'s calendar.
    pub fn status(this: Option<&Confirmation>, now: OffsetDateTime) -> StorageResult<ConfirmationStatus> {
        let last = this.map(|c| from_ms(c.at)).transpose()?;
        Ok(ConfirmationStatus::of(last, now))
    }
}

/// One entry of the change history.
#[derive(Debug, Clone)]
pub struct ProfileChange {
    pub at: i64,
    pub actor_kind: String,
    pub actor_id: Option<String>,
    pub actor_label: String,
    pub changes: Vec<FieldChange>,
}

/// An organization whose confirmation is due, for the central committee's overview.
#[derive(Debug, Clone)]
pub struct Unconfirmed {
    pub unit_id: UnitId,
    pub slug: String,
    pub full_name: String,
    pub short_name: String,
    pub confirmation: Option<Confirmation>,
    /// `Never` or `Overdue`.
    pub status: ConfirmationStatus,
}

fn unit(auth: &Authorized<EditProfile>) -> UnitId {
    let InUnit(unit) = *auth.target();
    unit
}

fn from_ms(ms: i64) -> StorageResult<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .map_err(|_| StorageError::Corrupt(format!("timestamp {ms} out of range")))
}

/// The stored form parsed back; `None` (no row yet) is the empty profile.
pub(crate) fn parse(unit: UnitId, data: Option<&str>) -> StorageResult<Profile> {
    let corrupt = |what: &str| StorageError::Corrupt(format!("profile of {unit}: {what}"));
    let input: ProfileInput = match data {
        None => ProfileInput::default(),
        Some(json) => serde_json::from_str(json).map_err(|_| corrupt("not a profile form"))?,
    };
    input.parse().map_err(|_| corrupt("the stored form no longer passes the rules"))
}

#[derive(sqlx::FromRow)]
struct Row {
    data: Option<String>,
    updated_at: Option<i64>,
    confirmed_at: Option<i64>,
    confirmed_by: Option<String>,
}

/// The profile of the witness's organization.
#[tracing::instrument(skip_all, fields(unit = %unit(auth)))]
pub async fn get(db: &Db, auth: &Authorized<EditProfile>) -> StorageResult<StoredProfile> {
    let unit = unit(auth);
    let row = db_run!(db, |pool| {
        sqlx::query_as::<_, Row>(
            "SELECT p.data, p.updated_at, p.confirmed_at, p.confirmed_by FROM units u \
             LEFT JOIN profiles p ON p.unit_id = u.id WHERE u.id = $1 AND u.kind = 'organization'",
        )
        .bind(unit.to_string())
        .fetch_one(pool)
        .await
    })?;
    Ok(StoredProfile {
        unit_id: unit,
        profile: parse(unit, row.data.as_deref())?,
        updated_at: row.updated_at,
        confirmation: Confirmation::of(row.confirmed_at, row.confirmed_by),
    })
}

#[derive(sqlx::FromRow)]
struct ChangeRow {
    at: i64,
    actor_kind: String,
    actor_id: Option<String>,
    actor_label: String,
    changes: String,
}

/// The newest `limit` entries of the organization's change history, newest first.
#[tracing::instrument(skip_all, fields(unit = %unit(auth)))]
pub async fn history(db: &Db, auth: &Authorized<EditProfile>, limit: i64) -> StorageResult<Vec<ProfileChange>> {
    let unit = unit(auth).to_string();
    let rows = db_run!(db, |pool| {
        // Through the unit, so that a unit without a profile is not found rather than empty.
        let (_,): (String,) = sqlx::query_as("SELECT id FROM units WHERE id = $1 AND kind = 'organization'")
            .bind(&unit)
            .fetch_one(pool)
            .await?;
        sqlx::query_as::<_, ChangeRow>(
            "SELECT at, actor_kind, actor_id, actor_label, changes FROM profile_changes WHERE unit_id = $1 \
             ORDER BY at DESC, id DESC LIMIT $2",
        )
        .bind(&unit)
        .bind(limit)
        .fetch_all(pool)
        .await
    })?;
    rows.into_iter()
        .map(|r| {
            let changes = serde_json::from_str(&r.changes)
                .map_err(|_| StorageError::Corrupt(format!("profile change of {unit}: changes")))?;
            Ok(ProfileChange {
                at: r.at,
                actor_kind: r.actor_kind,
                actor_id: r.actor_id,
                actor_label: r.actor_label,
                changes,
            })
        })
        .collect()
}

#[derive(sqlx::FromRow)]
struct OrgRow {
    id: String,
    slug: String,
    full_name: String,
    short_name: String,
    confirmed_at: Option<i64>,
    confirmed_by: Option<String>,
}

/// Every organization that never confirmed its profile or whose confirmation is overdue on
/// `now` (read in `now`'s calendar): never confirmed first, then the longest overdue.
#[tracing::instrument(skip_all)]
pub async fn unconfirmed(
    db: &Db,
    _auth: &Authorized<ManageUnits>,
    now: OffsetDateTime,
) -> StorageResult<Vec<Unconfirmed>> {
    let rows = db_run!(db, |pool| {
        sqlx::query_as::<_, OrgRow>(
            "SELECT u.id, u.slug, u.full_name, u.short_name, p.confirmed_at, p.confirmed_by FROM units u \
             LEFT JOIN profiles p ON p.unit_id = u.id WHERE u.kind = 'organization'",
        )
        .fetch_all(pool)
        .await
    })?;
    let mut due = Vec::new();
    for r in rows {
        let confirmation = Confirmation::of(r.confirmed_at, r.confirmed_by);
        let status = Confirmation::status(confirmation.as_ref(), now)?;
        if status == ConfirmationStatus::Current {
            continue;
        }
        let unit_id = UnitId::from_str(&r.id).map_err(|_| StorageError::Corrupt(format!("unit {}: id", r.id)))?;
        due.push(Unconfirmed {
            unit_id,
            slug: r.slug,
            full_name: r.full_name,
            short_name: r.short_name,
            confirmation,
            status,
        });
    }
    due.sort_by(|a, b| lateness(b.status).cmp(&lateness(a.status)).then_with(|| a.full_name.cmp(&b.full_name)));
    Ok(due)
}

/// How late a confirmation is, for sorting: never confirmed is the latest.
fn lateness(status: ConfirmationStatus) -> u64 {
    match status {
        ConfirmationStatus::Never => u64::MAX,
        ConfirmationStatus::Overdue { since_days } => u64::from(since_days),
        ConfirmationStatus::Current => 0,
    }
}
