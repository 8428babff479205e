//! Appeals sent to an organization (§4.2): personal data, so no read by staff is handed out
//! before its audit entry is written, and rows older than the retention period are purged.
//!
//! Staff reach appeals through an [`Access`] made from the policy's witness for one unit;
//! another unit's appeal is not found. The public side needs no witness: it only learns whether
//! an organization exists and leaves an appeal.

mod read;
mod write;

use cabinet_core::UnitId;
use cabinet_core::appeals::AppealStatus;
use cabinet_core::ids::AppealId;
use cabinet_core::policy::{ActorRef, AnswerAppeals, Authorized, InUnit};

pub use read::{Recipient, get, list, locate, recipient};
pub use write::{Limit, Received, answer, purge_expired, receive};

use crate::StorageError;

/// The right to read and answer the appeals of one unit, as the policy granted it.
#[derive(Debug, Clone)]
pub struct Access {
    actor: Option<ActorRef>,
    unit: UnitId,
}

impl Access {
    pub fn of(auth: &Authorized<AnswerAppeals>) -> Self {
        let InUnit(unit) = *auth.target();
        Access { actor: auth.actor().cloned(), unit }
    }

    pub fn unit(&self) -> UnitId {
        self.unit
    }
}

/// A stored appeal.
#[derive(Debug, Clone)]
pub struct StoredAppeal {
    pub id: AppealId,
    pub unit_id: UnitId,
    pub received_at: i64,
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
    pub text: String,
    pub consent_version: String,
    pub consent_text: String,
    pub status: AppealStatus,
    pub answered_at: Option<i64>,
    pub answered_by: Option<String>,
    pub note: Option<String>,
    pub mailed: bool,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    unit_id: String,
    received_at: i64,
    name: String,
    email: String,
    phone: Option<String>,
    text: String,
    consent_version: String,
    consent_text: String,
    status: String,
    answered_at: Option<i64>,
    answered_by: Option<String>,
    note: Option<String>,
    mailed: bool,
}

/// The sender's address is kept for the limit only; staff are not shown it.
const COLUMNS: &str = "id, unit_id, received_at, name, email, phone, text, consent_version, consent_text, status, \
    answered_at, answered_by, note, mailed";

impl TryFrom<Row> for StoredAppeal {
    type Error = StorageError;

    fn try_from(r: Row) -> Result<Self, Self::Error> {
        let corrupt = |what: &str| StorageError::Corrupt(format!("appeal {}: {what}", r.id));
        Ok(StoredAppeal {
            id: r.id.parse().map_err(|_| corrupt("id"))?,
            unit_id: r.unit_id.parse().map_err(|_| corrupt("unit id"))?,
            status: AppealStatus::from_code(&r.status).ok_or_else(|| corrupt("status"))?,
            received_at: r.received_at,
            name: r.name,
            email: r.email,
            phone: r.phone,
            text: r.text,
            consent_version: r.consent_version,
            consent_text: r.consent_text,
            answered_at: r.answered_at,
            answered_by: r.answered_by,
            note: r.note,
            mailed: r.mailed,
        })
    }
}
