//! Changing reports: a save or a submission by the organization, a review by the department,
//! an exemption or an extension — each with its history row and audit entry in one transaction.

use std::collections::BTreeMap;

use cabinet_core::UnitId;
use cabinet_core::audit::AuditAction;
use cabinet_core::ids::SubmissionId;
use cabinet_core::policy::{Authorized, ReviewReports};
use cabinet_core::reports::{EventKind, Transition};
use serde_json::{Value, json};

use super::{Access, Key, Report, find};
use crate::audit::{Entry, Origin, Stamp};
use crate::{Db, StorageError, StorageResult, now_ms};

/// A typed value of a submission, as stored for aggregation (see [`super::facts`]).
#[derive(Debug, Clone, PartialEq)]
pub struct NewFact {
    /// Pointer template of the field (`/agreements/*/workers`).
    pub field: String,
    /// Row of a repeated table.
    pub row: Option<u32>,
    pub value: FactCell,
}

/// A stored value, typed.
#[derive(Debug, Clone, PartialEq)]
pub enum FactCell {
    Number(f64),
    Text(String),
    Bool(bool),
}

/// The packed form of a report's values: a JSON array of `[field, row, value]`.
fn pack(facts: &[NewFact]) -> String {
    let cells: Vec<Value> = facts
        .iter()
        .map(|f| {
            let value = match &f.value {
                FactCell::Number(n) => json!(n),
                FactCell::Text(t) => json!(t),
                FactCell::Bool(b) => json!(b),
            };
            json!([f.field, f.row, value])
        })
        .collect();
    Value::Array(cells).to_string()
}

/// What the organization's move writes.
#[derive(Debug, Clone)]
pub struct Content<'a> {
    /// The form version a new report is pinned to; a started report keeps its own.
    pub form_version: u32,
    pub data: &'a Value,
    pub explanations: &'a BTreeMap<String, String>,
    /// The typed values, for a submission.
    pub facts: Option<&'a [NewFact]>,
}

fn action(event: EventKind) -> AuditAction {
    match event {
        EventKind::Save => AuditAction::ReportSaved,
        EventKind::Submit => AuditAction::ReportSubmitted,
        EventKind::Accept => AuditAction::ReportAccepted,
        EventKind::Return => AuditAction::ReportReturned,
    }
}

/// Appends a history row inside the transaction `$conn`.
macro_rules! insert_transition {
    ($conn:expr, $id:expr, $stamp:expr, $at:expr, $step:expr, $reason:expr, $comments:expr, $data:expr) => {
        sqlx::query(
            "INSERT INTO report_transitions (id, report_id, at, actor_kind, actor_id, actor_label, from_state, \
             to_state, event, reason, comments, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(uuid::Uuid::now_v7().to_string())
        .bind($id.to_string())
        .bind($at)
        .bind($stamp.kind)
        .bind($stamp.id.clone())
        .bind($stamp.label.clone())
        .bind($step.from.map(|s| s.code()))
        .bind($step.to.code())
        .bind($step.event.code().trim_start_matches("report."))
        .bind($reason)
        .bind($comments)
        .bind($data)
        .execute($conn)
        .await
    };
}

/// Replaces the typed values of report `$id` inside the transaction `$conn`.
macro_rules! replace_facts {
    ($conn:expr, $id:expr, $key:expr, $facts:expr) => {{
        sqlx::query("DELETE FROM report_facts WHERE report_id = $1").bind($id.to_string()).execute(&mut *$conn).await?;
        sqlx::query("INSERT INTO report_facts (report_id, form_id, period, facts) VALUES ($1, $2, $3, $4)")
            .bind($id.to_string())
            .bind(&$key.form_id)
            .bind(&$key.period)
            .bind(pack($facts))
            .execute(&mut *$conn)
            .await?;
    }};
}

/// The organization saves or submits its report on `key`: `step` is what the workflow allowed
/// on `before` (`None`: not started). Written only over `before`'s revision; a report started
/// meanwhile by someone else, or changed since `before` was read, is a conflict on `revision`.
#[tracing::instrument(skip_all, fields(form = key.form_id, period = key.period))]
pub async fn move_report(
    db: &Db,
    access: &Access,
    key: &Key,
    before: Option<&Report>,
    step: &Transition,
    content: &Content<'_>,
    origin: &Origin,
) -> StorageResult<Report> {
    if step.from != before.map(|r| r.state) || before.is_some_and(|r| r.unit_id != access.unit()) {
        return Err(StorageError::Conflict { what: "revision" });
    }
    let stamp = Stamp::of(access.actor.as_ref());
    let now = now_ms();
    let id = before.map_or_else(SubmissionId::new, |r| r.id);
    let revision = before.map_or(1, |r| r.revision + 1);
    let data = content.data.to_string();
    let explanations = json!(content.explanations).to_string();
    let submitted = step.event == EventKind::Submit;
    let entry =
        Entry::new(stamp.clone(), action(step.event), origin).target("report", id).unit(access.unit()).details(json!({
            "form": key.form_id, "period": key.period, "from": step.from, "to": step.to,
            "revision": revision, "late": step.late,
        }));
    audited!(
        db,
        |tx| {
            match before {
                None => {
                    sqlx::query(
                        "INSERT INTO reports (id, form_id, form_version, period, unit_id, state, data, explanations, \
                         revision, late, created_at, updated_at, updated_by, submitted_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $10, $10, $11, $12)",
                    )
                    .bind(id.to_string())
                    .bind(&key.form_id)
                    .bind(i64::from(content.form_version))
                    .bind(&key.period)
                    .bind(access.unit().to_string())
                    .bind(step.to.code())
                    .bind(&data)
                    .bind(&explanations)
                    .bind(step.late.unwrap_or(false))
                    .bind(now)
                    .bind(&stamp.label)
                    .bind(submitted.then_some(now))
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| StorageError::unique(e, "revision"))?;
                }
                Some(before) => {
                    let done = sqlx::query(
                        "UPDATE reports SET state = $4, data = $5, explanations = $6, revision = $7, \
                         late = CASE WHEN $8 IS NULL THEN late ELSE $8 END, updated_at = $9, updated_by = $10, \
                         submitted_at = CASE WHEN $11 THEN $9 ELSE submitted_at END \
                         WHERE id = $1 AND state = $2 AND revision = $3",
                    )
                    .bind(id.to_string())
                    .bind(before.state.code())
                    .bind(before.revision)
                    .bind(step.to.code())
                    .bind(&data)
                    .bind(&explanations)
                    .bind(revision)
                    .bind(step.late)
                    .bind(now)
                    .bind(&stamp.label)
                    .bind(submitted)
                    .execute(&mut *tx)
                    .await?;
                    if done.rows_affected() == 0 {
                        return Err(StorageError::Conflict { what: "revision" });
                    }
                }
            }
            if let Some(facts) = content.facts {
                replace_facts!(tx, id, key, facts);
            }
            if submitted || before.is_none() {
                let snapshot = submitted.then_some(data.as_str());
                insert_transition!(&mut *tx, id, stamp, now, step, None::<&str>, None::<&str>, snapshot)?;
            }
        },
        [&entry]
    )?;
    find(db, access, key).await?.ok_or(StorageError::NotFound)
}

/// The department accepts or returns `before`, as `step` (allowed by the workflow) says.
#[tracing::instrument(skip_all, fields(report = %before.id))]
pub async fn review(
    db: &Db,
    access: &Access,
    before: &Report,
    step: &Transition,
    origin: &Origin,
) -> StorageResult<Report> {
    if step.from != Some(before.state) || before.unit_id != access.unit() {
        return Err(StorageError::Conflict { what: "revision" });
    }
    let stamp = Stamp::of(access.actor.as_ref());
    let now = now_ms();
    let reason = step.remarks.as_ref().map(|r| r.reason.clone()).filter(|r| !r.is_empty());
    let comments = step.remarks.as_ref().map(|r| json!(r.comments).to_string());
    let entry = Entry::new(stamp.clone(), action(step.event), origin)
        .target("report", before.id)
        .unit(access.unit())
        .details(json!({
            "form": before.form_id, "period": before.period, "from": step.from, "to": step.to,
            "reason": reason, "comments": step.remarks.as_ref().map(|r| r.comments.len()),
        }));
    audited!(
        db,
        |tx| {
            let done = sqlx::query(
                "UPDATE reports SET state = $4, revision = revision + 1, reviewed_at = $5, \
                 return_reason = CASE WHEN $6 THEN $7 ELSE return_reason END, \
                 return_comments = CASE WHEN $6 THEN $8 ELSE return_comments END \
                 WHERE id = $1 AND state = $2 AND revision = $3",
            )
            .bind(before.id.to_string())
            .bind(before.state.code())
            .bind(before.revision)
            .bind(step.to.code())
            .bind(now)
            .bind(step.remarks.is_some())
            .bind(&reason)
            .bind(&comments)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() == 0 {
                return Err(StorageError::Conflict { what: "revision" });
            }
            insert_transition!(&mut *tx, before.id, stamp, now, step, &reason, &comments, None::<&str>)?;
        },
        [&entry]
    )?;
    let key = Key { form_id: before.form_id.clone(), period: before.period.clone() };
    find(db, access, &key).await?.ok_or(StorageError::NotFound)
}

/// What the department allows one organization for a period, or takes back with `None`.
#[derive(Debug, Clone, Copy)]
pub enum Allowance<'a> {
    /// Let off the period, with a reason.
    Exemption(Option<&'a str>),
    /// Until this instant (ms) to submit after the period locks.
    Extension(Option<i64>),
}

/// Inserts an allowance row of `$table`/`$column` with `$value` inside the transaction `$conn`.
macro_rules! insert_allowance {
    ($conn:expr, $table:expr, $column:expr, $key:expr, $unit:expr, $value:expr, $stamp:expr) => {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO {} (form_id, period, unit_id, {}, granted_by, granted_at) VALUES ($1, $2, $3, $4, $5, $6)",
            $table, $column
        )))
        .bind(&$key.form_id)
        .bind(&$key.period)
        .bind($unit.to_string())
        .bind($value)
        .bind(&$stamp.label)
        .bind(now_ms())
        .execute(&mut *$conn)
        .await
        .map(|_| ())
        .map_err(|e| StorageError::unique(e, "unit_id"))
    };
}

/// The department exempts `unit` from `key`'s period or extends its term — or takes either back.
pub async fn allow(
    db: &Db,
    auth: &Authorized<ReviewReports>,
    key: &Key,
    unit: UnitId,
    allowance: Allowance<'_>,
    origin: &Origin,
) -> StorageResult<()> {
    let stamp = Stamp::of(auth.actor());
    let (table, column, action, details) = match allowance {
        Allowance::Exemption(reason) => (
            "report_exemptions",
            "reason",
            AuditAction::ReportExempted,
            json!({ "form": key.form_id, "period": key.period, "reason": reason, "exempt": reason.is_some() }),
        ),
        Allowance::Extension(until) => (
            "report_extensions",
            "until_at",
            AuditAction::ReportExtended,
            json!({ "form": key.form_id, "period": key.period, "until": until }),
        ),
    };
    let entry = Entry::new(stamp.clone(), action, origin).target("unit", unit).unit(unit).details(details);
    audited!(
        db,
        |tx| {
            let delete = format!("DELETE FROM {table} WHERE form_id = $1 AND period = $2 AND unit_id = $3");
            sqlx::query(sqlx::AssertSqlSafe(delete))
                .bind(&key.form_id)
                .bind(&key.period)
                .bind(unit.to_string())
                .execute(&mut *tx)
                .await?;
            match allowance {
                Allowance::Exemption(Some(reason)) => insert_allowance!(tx, table, column, key, unit, reason, stamp)?,
                Allowance::Extension(Some(until)) => insert_allowance!(tx, table, column, key, unit, until, stamp)?,
                Allowance::Exemption(None) | Allowance::Extension(None) => {}
            }
        },
        [&entry]
    )
}
