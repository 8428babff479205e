//! Reports (§7): one organization's report on one form for one period, its moves and the typed
//! values aggregation reads.
//!
//! Every move is decided by [`cabinet_core::reports::transition`] on the report as read, then
//! written only over that very revision (`WHERE … AND revision = …`): when another change landed
//! in between — two people saving the same draft — nothing is written and the caller gets
//! [`StorageError::Conflict`] on `revision`. The change, its history row, its typed values and its
//! audit entry land in one transaction.
//!
//! Reports are read and changed through an [`Access`] bound to one organization, made from the
//! policy's witness: a filler's is their unit; a reviewer's is the organization whose report
//! the department looks at, on a form the witness says is the department's.

mod queries;
mod write;

use std::collections::BTreeMap;

use cabinet_core::UnitId;
use cabinet_core::ids::SubmissionId;
use cabinet_core::policy::{ActorRef, Authorized, FillReports, InUnit, ReviewReports};
use cabinet_core::reports::{FieldComment, ReportState};
use serde_json::Value;

pub use queries::{
    Grant, HistoryEntry, PeriodReport, ReportFacts, exemptions, extension, extensions, facts, find, history, of_period,
    of_unit, previous,
};
pub use write::{Allowance, Content, FactCell, NewFact, allow, move_report, review};

use crate::StorageError;

/// The right to read and change one organization's reports, as the policy granted it.
#[derive(Debug, Clone)]
pub struct Access {
    actor: Option<ActorRef>,
    unit: UnitId,
}

impl Access {
    /// A filler: the reports of the unit the witness names.
    pub fn filler(auth: &Authorized<FillReports>) -> Self {
        let InUnit(unit) = *auth.target();
        Access { actor: auth.actor().cloned(), unit }
    }

    /// A reviewer of the department the witness names, looking at `unit`'s report on one of
    /// that department's forms.
    pub fn reviewer(auth: &Authorized<ReviewReports>, unit: UnitId) -> Self {
        Access { actor: auth.actor().cloned(), unit }
    }

    pub fn unit(&self) -> UnitId {
        self.unit
    }
}

/// Which report: a form, a period, an organization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    pub form_id: String,
    pub period: String,
}

/// A stored report.
#[derive(Debug, Clone)]
pub struct Report {
    pub id: SubmissionId,
    pub form_id: String,
    pub form_version: u32,
    pub period: String,
    pub unit_id: UnitId,
    pub state: ReportState,
    pub data: Value,
    /// The submitter's explanations of warnings, by rule id.
    pub explanations: BTreeMap<String, String>,
    /// Grows with every change; a save is written only over the revision it was based on.
    pub revision: i64,
    pub late: bool,
    pub created_at: i64,
    pub updated_at: i64,
    pub updated_by: String,
    pub submitted_at: Option<i64>,
    pub reviewed_at: Option<i64>,
    pub return_reason: Option<String>,
    pub return_comments: Vec<FieldComment>,
}

fn corrupt(id: &str, what: &str) -> StorageError {
    StorageError::Corrupt(format!("report {id}: {what}"))
}
