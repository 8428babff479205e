//! The append-only audit log: who did what, to what, when and from where.
//!
//! Entries describing a change are written in the same transaction as the change, so the log
//! never claims something that did not happen nor misses something that did. The tables carry
//! triggers that refuse any update or delete.

use cabinet_core::audit::AuditAction;
use cabinet_core::policy::{ActorRef, Principal, ReadAudit};
use cabinet_core::{UnitId, UserId, policy::Authorized};
use serde_json::Value;

use crate::{Db, StorageResult};

/// Where a request came from, as far as the log and the login history care.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

/// Who the entry is about.
#[derive(Debug, Clone)]
pub struct Stamp {
    pub kind: &'static str,
    pub id: Option<String>,
    pub label: String,
}

impl Stamp {
    pub fn of(actor: Option<&ActorRef>) -> Self {
        match actor {
            Some(ActorRef { principal: Principal::User(id), label }) => {
                Stamp { kind: "user", id: Some(id.to_string()), label: label.clone() }
            }
            Some(ActorRef { principal: Principal::Token(id), label }) => {
                Stamp { kind: "token", id: Some(id.to_string()), label: label.clone() }
            }
            None => Stamp::anonymous(""),
        }
    }

    pub fn user(id: UserId, email: &str) -> Self {
        Stamp { kind: "user", id: Some(id.to_string()), label: email.to_owned() }
    }

    pub fn anonymous(label: &str) -> Self {
        Stamp { kind: "anonymous", id: None, label: label.to_owned() }
    }

    pub fn system() -> Self {
        Stamp { kind: "system", id: None, label: "система".to_owned() }
    }
}

/// One event to append.
#[derive(Debug, Clone)]
pub struct Entry {
    pub actor: Stamp,
    pub action: AuditAction,
    pub target_kind: Option<&'static str>,
    pub target_id: Option<String>,
    pub unit_id: Option<UnitId>,
    pub ip: Option<String>,
    pub details: Value,
}

impl Entry {
    pub fn new(actor: Stamp, action: AuditAction, origin: &Origin) -> Self {
        Entry {
            actor,
            action,
            target_kind: None,
            target_id: None,
            unit_id: None,
            ip: origin.ip.clone(),
            details: Value::Object(Default::default()),
        }
    }

    pub fn target(mut self, kind: &'static str, id: impl ToString) -> Self {
        self.target_kind = Some(kind);
        self.target_id = Some(id.to_string());
        self
    }

    pub fn unit(mut self, unit: UnitId) -> Self {
        self.unit_id = Some(unit);
        self
    }

    pub fn details(mut self, details: Value) -> Self {
        self.details = details;
        self
    }
}

/// Appends an entry that is not part of a larger change (a failed login, a logout).
pub async fn append(db: &Db, entry: &Entry) -> StorageResult<()> {
    db_run!(db, |pool| insert_audit!(pool, entry))?;
    Ok(())
}

/// A stored entry.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize)]
pub struct Record {
    pub id: String,
    pub at: i64,
    pub actor_kind: String,
    pub actor_id: Option<String>,
    pub actor_label: String,
    pub action: String,
    pub target_kind: Option<String>,
    pub target_id: Option<String>,
    pub unit_id: Option<String>,
    pub ip: Option<String>,
    pub details: String,
}

/// What to look for; every field narrows the result.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub action: Option<String>,
    pub actor_id: Option<String>,
    pub target_id: Option<String>,
    pub unit_id: Option<String>,
    pub from_ms: Option<i64>,
    pub to_ms: Option<i64>,
    /// Entries older than this id (the last id of the previous page).
    pub before: Option<String>,
    pub limit: i64,
}

/// Newest first.
pub async fn list(db: &Db, _auth: &Authorized<ReadAudit>, f: &Filter) -> StorageResult<Vec<Record>> {
    const SQL: &str = "SELECT id, at, actor_kind, actor_id, actor_label, action, target_kind, target_id, unit_id, ip, \
        details FROM audit_log \
        WHERE ($1 IS NULL OR action = $1) AND ($2 IS NULL OR actor_id = $2) AND ($3 IS NULL OR target_id = $3) \
        AND ($4 IS NULL OR unit_id = $4) AND ($5 IS NULL OR at >= $5) AND ($6 IS NULL OR at < $6) \
        AND ($7 IS NULL OR id < $7) ORDER BY id DESC LIMIT $8";
    let rows = db_run!(db, |pool| {
        sqlx::query_as::<_, Record>(SQL)
            .bind(f.action.clone())
            .bind(f.actor_id.clone())
            .bind(f.target_id.clone())
            .bind(f.unit_id.clone())
            .bind(f.from_ms)
            .bind(f.to_ms)
            .bind(f.before.clone())
            .bind(f.limit)
            .fetch_all(pool)
            .await
    })?;
    Ok(rows)
}
