//! What the report API answers with.

use std::collections::BTreeMap;

use cabinet_core::reports::FieldComment;
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use super::DeadlinesView;

/// A form as listed.
#[derive(Debug, Serialize, ToSchema)]
pub struct FormSummary {
    pub id: String,
    pub version: u32,
    pub title: String,
    pub description: String,
    /// Slug of the responsible department (§7.3).
    pub department: String,
    /// Its short name; absent while no department has that slug.
    pub department_name: Option<String>,
    /// once, monthly, quarterly, half_yearly, annual.
    pub period_type: String,
    /// The period being filled now (the latest that has opened), if any.
    pub current_period: Option<String>,
    pub current_deadlines: Option<DeadlinesView>,
    /// shipped (plugins/forms) or uploaded.
    pub source: String,
    /// When this version was accepted (ms since the epoch).
    pub defined_at: i64,
}

/// A form version in full.
#[derive(Debug, Serialize, ToSchema)]
pub struct FormView {
    #[serde(flatten)]
    pub summary: FormSummary,
    /// Every version, newest first.
    pub versions: Vec<i64>,
    /// Fields as the engine understood them: pointer, Russian title, kind, table, section.
    #[schema(value_type = Vec<Object>)]
    pub fields: Value,
    /// The plugin file as accepted.
    #[schema(value_type = Object)]
    pub plugin: Value,
}

/// A problem of a report, at its field.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReportFindingView {
    /// JSON pointer of the value (`/agreements/3/workers`).
    pub field: String,
    /// Every field the problem concerns.
    pub fields: Vec<String>,
    pub code: String,
    /// Russian, for a person.
    pub message: String,
    /// The rule that found it, for a rule; a warning is explained under this id.
    pub rule: Option<String>,
    /// For a warning: whether the submitter explained it.
    pub explained: Option<bool>,
}

impl ReportFindingView {
    pub fn error(f: &cabinet_forms::Finding) -> Self {
        Self::of(f, None)
    }

    pub fn warning(f: &cabinet_forms::Finding, explanations: &BTreeMap<String, String>) -> Self {
        let explained = f.rule.as_ref().is_some_and(|r| explanations.get(r).is_some_and(|e| !e.trim().is_empty()));
        Self::of(f, Some(explained))
    }

    fn of(f: &cabinet_forms::Finding, explained: Option<bool>) -> Self {
        ReportFindingView {
            field: f.pointer.clone(),
            fields: f.fields.clone(),
            code: f.code.clone(),
            message: f.message.clone(),
            rule: f.rule.clone(),
            explained,
        }
    }
}

/// One organization's report on a form for a period, with what the form's checks say of it now.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportView {
    pub form_id: String,
    /// The form version the report is pinned to.
    pub form_version: u32,
    pub form_title: String,
    pub period: String,
    #[schema(value_type = uuid::Uuid)]
    pub unit_id: String,
    pub unit_name: String,
    /// draft, submitted, returned, accepted; absent while not started.
    pub state: Option<String>,
    pub state_label: String,
    /// Send it back with the next save or submission; 0 while not started.
    pub revision: i64,
    /// The data, computed fields filled by the server.
    #[schema(value_type = Object)]
    pub data: Value,
    /// The submitter's explanations of warnings, by rule id.
    pub explanations: BTreeMap<String, String>,
    /// Whether the first submission came after the due day.
    pub late: bool,
    pub exempt: bool,
    /// The end of an extension after the lock day (ms since the epoch), if granted.
    pub extension_until: Option<i64>,
    pub deadlines: DeadlinesView,
    /// Problems that block submitting.
    pub errors: Vec<ReportFindingView>,
    /// Warnings to explain before submitting.
    pub warnings: Vec<ReportFindingView>,
    /// The department's latest reason to return the report, and its remarks on fields.
    pub return_reason: Option<String>,
    #[schema(value_type = Vec<CommentView>)]
    pub comments: Vec<FieldComment>,
    pub submitted_at: Option<i64>,
    pub reviewed_at: Option<i64>,
    pub updated_at: Option<i64>,
    pub updated_by: Option<String>,
    pub history: Vec<HistoryView>,
    /// For the reviewer of a resubmitted report: what changed since the previous submission.
    pub changes: Vec<ChangeView>,
}

/// One move of a report.
#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryView {
    pub at: i64,
    pub actor: String,
    pub from: Option<String>,
    pub to: String,
    /// save, submit, accept, return.
    pub event: String,
    pub reason: Option<String>,
    #[schema(value_type = Vec<CommentView>)]
    pub comments: Vec<FieldComment>,
}

/// A value that changed between two submissions.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChangeView {
    pub field: String,
    #[schema(value_type = Object)]
    pub before: Value,
    #[schema(value_type = Object)]
    pub after: Value,
}

/// An organization's report on one form, as its list of reports shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportSummary {
    pub form_id: String,
    pub form_title: String,
    pub period: String,
    pub state: Option<String>,
    pub state_label: String,
    pub late: bool,
    pub exempt: bool,
    pub deadlines: DeadlinesView,
}

/// Who reported on a form for a period, for the responsible department.
#[derive(Debug, Serialize, ToSchema)]
pub struct CompletenessView {
    pub form_id: String,
    pub form_title: String,
    pub period: String,
    pub deadlines: DeadlinesView,
    /// How many organizations must submit.
    pub expected: usize,
    pub submitted_on_time: usize,
    pub late: usize,
    /// Expected, not exempt, and never submitted.
    pub missing: usize,
    pub exempt: usize,
    /// Submitted and waiting for the department.
    pub awaiting_review: usize,
    /// Returned for corrections, not yet submitted again.
    pub returned: usize,
    pub accepted: usize,
    /// The organizations behind each number.
    pub organizations: Vec<CompletenessRow>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CompletenessRow {
    #[schema(value_type = uuid::Uuid)]
    pub unit_id: String,
    pub name: String,
    pub region: Option<String>,
    /// submitted_on_time, late, missing, exempt.
    pub timeliness: String,
    /// draft, submitted, returned, accepted; absent while not started.
    pub state: Option<String>,
    pub submitted_at: Option<i64>,
    pub exempt_reason: Option<String>,
    pub extension_until: Option<i64>,
}

/// A remark of the department pinned to a field.
#[derive(Debug, Serialize, ToSchema)]
pub struct CommentView {
    /// JSON pointer of the field (`/members/women`).
    pub field: String,
    pub message: String,
}
