//! Reading reports: one organization's, a period's for the department, their history, and the
//! typed values aggregation needs.

use std::collections::BTreeMap;

use cabinet_core::UnitId;
use cabinet_core::policy::{Authorized, ReviewReports};
use cabinet_core::reports::{FieldComment, ReportState};

use super::write::{FactCell, NewFact};
use super::{Access, Key, Report, corrupt};
use crate::{Db, StorageError, StorageResult};

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    form_id: String,
    form_version: i64,
    period: String,
    unit_id: String,
    state: String,
    data: String,
    explanations: String,
    revision: i64,
    late: bool,
    created_at: i64,
    updated_at: i64,
    updated_by: String,
    submitted_at: Option<i64>,
    reviewed_at: Option<i64>,
    return_reason: Option<String>,
    return_comments: Option<String>,
}

pub(super) const COLUMNS: &str = "id, form_id, form_version, period, unit_id, state, data, explanations, revision, \
    late, created_at, updated_at, updated_by, submitted_at, reviewed_at, return_reason, return_comments";

impl TryFrom<Row> for Report {
    type Error = StorageError;

    fn try_from(r: Row) -> StorageResult<Self> {
        let bad = |what| corrupt(&r.id, what);
        Ok(Report {
            id: r.id.parse().map_err(|_| bad("id"))?,
            form_version: u32::try_from(r.form_version).map_err(|_| bad("form version"))?,
            unit_id: r.unit_id.parse().map_err(|_| bad("unit id"))?,
            state: ReportState::parse(&r.state).ok_or_else(|| bad("state"))?,
            data: serde_json::from_str(&r.data).map_err(|_| bad("data"))?,
            explanations: serde_json::from_str::<BTreeMap<String, String>>(&r.explanations)
                .map_err(|_| bad("explanations"))?,
            return_comments: match &r.return_comments {
                Some(text) => serde_json::from_str::<Vec<FieldComment>>(text).map_err(|_| bad("comments"))?,
                None => Vec::new(),
            },
            form_id: r.form_id,
            period: r.period,
            revision: r.revision,
            late: r.late,
            created_at: r.created_at,
            updated_at: r.updated_at,
            updated_by: r.updated_by,
            submitted_at: r.submitted_at,
            reviewed_at: r.reviewed_at,
            return_reason: r.return_reason,
        })
    }
}

/// The report of the access's organization on `key`, if one was started.
#[tracing::instrument(skip_all, fields(form = key.form_id, period = key.period))]
pub async fn find(db: &Db, access: &Access, key: &Key) -> StorageResult<Option<Report>> {
    let sql = format!("SELECT {COLUMNS} FROM reports WHERE form_id = $1 AND period = $2 AND unit_id = $3");
    let row = db_run!(db, |pool| sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql.as_str()))
        .bind(&key.form_id)
        .bind(&key.period)
        .bind(access.unit().to_string())
        .fetch_optional(pool)
        .await)?;
    row.map(Report::try_from).transpose()
}

/// The same organization's report on the same form for `period` (the previous one), if it was
/// ever submitted: what rules compare with and what a new period starts from.
pub async fn previous(db: &Db, access: &Access, form_id: &str, period: &str) -> StorageResult<Option<Report>> {
    let found = find(db, access, &Key { form_id: form_id.to_owned(), period: period.to_owned() }).await?;
    Ok(found.filter(|r| r.submitted_at.is_some()))
}

/// The reports of the access's organization, newest period first.
pub async fn of_unit(db: &Db, access: &Access) -> StorageResult<Vec<Report>> {
    let sql = format!("SELECT {COLUMNS} FROM reports WHERE unit_id = $1 ORDER BY period DESC, form_id");
    let rows = db_run!(db, |pool| sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql.as_str()))
        .bind(access.unit().to_string())
        .fetch_all(pool)
        .await)?;
    rows.into_iter().map(Report::try_from).collect()
}

/// A report as the department's period overview lists it (without its data).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PeriodReport {
    pub id: String,
    pub unit_id: String,
    pub form_version: i64,
    pub state: String,
    pub late: bool,
    pub revision: i64,
    pub submitted_at: Option<i64>,
    pub reviewed_at: Option<i64>,
}

/// Every report on the witness's form for `key.period`. The caller has checked that `key`'s
/// form is the department's the witness names.
pub async fn of_period(db: &Db, _auth: &Authorized<ReviewReports>, key: &Key) -> StorageResult<Vec<PeriodReport>> {
    Ok(db_run!(db, |pool| sqlx::query_as::<_, PeriodReport>(
        "SELECT id, unit_id, form_version, state, late, revision, submitted_at, reviewed_at FROM reports \
         WHERE form_id = $1 AND period = $2"
    )
    .bind(&key.form_id)
    .bind(&key.period)
    .fetch_all(pool)
    .await)?)
}

/// One organization's submitted report as aggregation reads it: who, in what state, and its
/// typed values.
#[derive(Debug, Clone)]
pub struct ReportFacts {
    pub unit_id: String,
    pub unit_name: String,
    pub region: Option<String>,
    pub state: String,
    pub late: bool,
    pub form_version: i64,
    pub facts: Vec<NewFact>,
}

type FactsRow = (String, String, String, Option<String>, String, bool, i64, String);

/// Every submitted or accepted report on `key` with its organization and typed values, in one
/// query: what aggregation reads, without parsing a report.
pub async fn facts(db: &Db, _auth: &Authorized<ReviewReports>, key: &Key) -> StorageResult<Vec<ReportFacts>> {
    let rows: Vec<FactsRow> = db_run!(db, |pool| sqlx::query_as(
        "SELECT r.id, r.unit_id, u.short_name, u.region, r.state, r.late, r.form_version, f.facts \
         FROM report_facts f JOIN reports r ON r.id = f.report_id JOIN units u ON u.id = r.unit_id \
         WHERE f.form_id = $1 AND f.period = $2 AND r.state IN ('submitted', 'accepted')"
    )
    .bind(&key.form_id)
    .bind(&key.period)
    .fetch_all(pool)
    .await)?;
    rows.into_iter()
        .map(|(id, unit_id, unit_name, region, state, late, form_version, packed)| {
            let facts = serde_json::from_str::<Vec<Packed>>(&packed).map_err(|_| corrupt(&id, "facts"))?;
            let facts = facts.into_iter().map(|Packed(field, row, value)| NewFact { field, row, value }).collect();
            Ok(ReportFacts { unit_id, unit_name, region, state, late, form_version, facts })
        })
        .collect()
}

/// One packed `[field, row, value]`.
#[derive(serde::Deserialize)]
struct Packed(String, Option<u32>, FactCell);

impl<'de> serde::Deserialize<'de> for FactCell {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Cell;
        impl serde::de::Visitor<'_> for Cell {
            type Value = FactCell;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a number, a string or a boolean")
            }
            fn visit_f64<E>(self, n: f64) -> Result<FactCell, E> {
                Ok(FactCell::Number(n))
            }
            #[allow(clippy::cast_precision_loss)]
            fn visit_i64<E>(self, n: i64) -> Result<FactCell, E> {
                Ok(FactCell::Number(n as f64))
            }
            #[allow(clippy::cast_precision_loss)]
            fn visit_u64<E>(self, n: u64) -> Result<FactCell, E> {
                Ok(FactCell::Number(n as f64))
            }
            fn visit_str<E>(self, t: &str) -> Result<FactCell, E> {
                Ok(FactCell::Text(t.to_owned()))
            }
            fn visit_string<E>(self, t: String) -> Result<FactCell, E> {
                Ok(FactCell::Text(t))
            }
            fn visit_bool<E>(self, b: bool) -> Result<FactCell, E> {
                Ok(FactCell::Bool(b))
            }
        }
        d.deserialize_any(Cell)
    }
}

/// One move of a report.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct HistoryEntry {
    pub at: i64,
    pub actor_label: String,
    pub from_state: Option<String>,
    pub to_state: String,
    pub event: String,
    pub reason: Option<String>,
    /// JSON array text of `{field, message}`.
    pub comments: Option<String>,
    /// JSON text of the data as submitted, for a submit.
    pub data: Option<String>,
}

/// The moves of `report`, oldest first; saves of drafts are not listed.
pub async fn history(db: &Db, report: &Report) -> StorageResult<Vec<HistoryEntry>> {
    Ok(db_run!(db, |pool| sqlx::query_as::<_, HistoryEntry>(
        "SELECT at, actor_label, from_state, to_state, event, reason, comments, data FROM report_transitions \
         WHERE report_id = $1 ORDER BY id"
    )
    .bind(report.id.to_string())
    .fetch_all(pool)
    .await)?)
}

/// An exemption or an extension the department granted an organization for a period.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Grant {
    pub unit_id: String,
    /// The reason of an exemption; empty for an extension.
    pub reason: String,
    /// The end of an extension; 0 for an exemption.
    pub until_at: i64,
    pub granted_by: String,
    pub granted_at: i64,
}

/// The organizations exempt from `key`'s period.
pub async fn exemptions(db: &Db, key: &Key) -> StorageResult<Vec<Grant>> {
    Ok(db_run!(db, |pool| sqlx::query_as::<_, Grant>(
        "SELECT unit_id, reason, CAST(0 AS BIGINT) AS until_at, granted_by, granted_at FROM report_exemptions \
         WHERE form_id = $1 AND period = $2"
    )
    .bind(&key.form_id)
    .bind(&key.period)
    .fetch_all(pool)
    .await)?)
}

/// The extensions granted for `key`'s period.
pub async fn extensions(db: &Db, key: &Key) -> StorageResult<Vec<Grant>> {
    Ok(db_run!(db, |pool| sqlx::query_as::<_, Grant>(
        "SELECT unit_id, '' AS reason, until_at, granted_by, granted_at FROM report_extensions \
         WHERE form_id = $1 AND period = $2"
    )
    .bind(&key.form_id)
    .bind(&key.period)
    .fetch_all(pool)
    .await)?)
}

/// The end of the extension `unit` has for `key`'s period, if any.
pub async fn extension(db: &Db, key: &Key, unit: UnitId) -> StorageResult<Option<i64>> {
    let row: Option<(i64,)> = db_run!(db, |pool| sqlx::query_as(
        "SELECT until_at FROM report_extensions WHERE form_id = $1 AND period = $2 AND unit_id = $3"
    )
    .bind(&key.form_id)
    .bind(&key.period)
    .bind(unit.to_string())
    .fetch_optional(pool)
    .await)?;
    Ok(row.map(|(until,)| until))
}
