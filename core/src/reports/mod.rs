//! Reports (§7): the life of one organization's report on a form for a period. The forms
//! themselves — their fields, rules and deadlines — are the `forms` crate's; this module decides
//! who moves a report where, and when.

mod refusal;
mod workflow;

pub use refusal::Refusal;
pub use workflow::{
    Clock, EventKind, FieldComment, MAX_COMMENTS, MAX_TEXT_CHARS, Remarks, ReportEvent, ReportRoles, ReportState,
    Transition, transition,
};

#[cfg(test)]
mod workflow_tests;
