//! The life of a report (§7) as one state machine: who may move it where, and when.
//!
//! ```text
//!              save (filler)   submit (filler)          accept | return (reviewer)
//! (none)       → Draft         → Submitted               —
//! Draft        → Draft         → Submitted               —
//! Submitted    —               —                         → Accepted | → Returned
//! Returned     → Returned      → Submitted               —
//! Accepted     —               —                         —
//! ```
//!
//! Time decides too, on the form's deadlines for the period: nothing is saved or submitted
//! before the period opens; a submission after the due day is late; after the lock day only an
//! organization the department granted an extension submits. A returned report is corrected and
//! submitted again whatever the date — the department asked for it — and keeps whether its first
//! submission was late.
//!
//! Whether the content may go (schema errors, unexplained warnings) is the form engine's verdict,
//! checked before a move is asked for; this machine decides role, state and time.

use serde::{Deserialize, Serialize};

use super::refusal::Refusal;
use crate::Invalid;
use crate::ids::UnitId;
use crate::policy::{Actor, FillReports, FormOwner, InUnit, ReviewReports, authorize};

pub const MAX_TEXT_CHARS: usize = 2000;
pub const MAX_COMMENTS: usize = 200;

/// Where a report is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReportState {
    Draft,
    /// Sent to the department, waiting for review.
    Submitted,
    /// Sent back by the department with comments; the organization corrects and submits again.
    Returned,
    Accepted,
}

impl ReportState {
    pub const ALL: [ReportState; 4] = [Self::Draft, Self::Submitted, Self::Returned, Self::Accepted];

    pub fn code(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Submitted => "submitted",
            Self::Returned => "returned",
            Self::Accepted => "accepted",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// «Отчёт — черновик», «отчёт на проверке»…
    pub fn label(self) -> &'static str {
        match self {
            Self::Draft => "черновик",
            Self::Submitted => "на проверке в управлении",
            Self::Returned => "возвращён на доработку",
            Self::Accepted => "принят",
        }
    }
}

/// A remark of the department pinned to a field of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldComment {
    /// JSON pointer of the field in the report's data (`/members/women`).
    pub field: String,
    pub message: String,
}

/// Why a report is returned: a reason and remarks on fields, at least one of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Remarks {
    pub reason: String,
    pub comments: Vec<FieldComment>,
}

impl Remarks {
    /// `comments` as `(field, message)`; each is checked with its index (`comments[2].message`).
    pub fn parse(reason: &str, comments: &[(String, String)]) -> Result<Self, Vec<Invalid>> {
        let mut problems = Vec::new();
        let reason = reason.trim();
        if reason.chars().count() > MAX_TEXT_CHARS {
            problems.push(too_long("reason"));
        }
        if comments.len() > MAX_COMMENTS {
            problems.push(Invalid::new(
                "comments",
                "too_many",
                format!("Замечаний слишком много: допускается не больше {MAX_COMMENTS}. Объедините похожие."),
            ));
        }
        let mut parsed = Vec::with_capacity(comments.len());
        for (i, (field, message)) in comments.iter().enumerate() {
            let message = message.trim();
            if !field.starts_with('/') {
                problems.push(Invalid::new(
                    format!("comments[{i}].field"),
                    "invalid_field",
                    "Укажите поле отчёта, к которому относится замечание, — путь вида /members/total.",
                ));
            }
            if message.is_empty() {
                problems.push(Invalid::new(
                    format!("comments[{i}].message"),
                    "required",
                    "Напишите замечание: что исправить в этом поле.",
                ));
            } else if message.chars().count() > MAX_TEXT_CHARS {
                problems.push(too_long(&format!("comments[{i}].message")));
            }
            parsed.push(FieldComment { field: field.clone(), message: message.to_owned() });
        }
        if reason.is_empty() && comments.is_empty() {
            problems.push(Invalid::new(
                "reason",
                "required",
                "Укажите, что нужно исправить: общую причину или замечания к полям — организация увидит их в отчёте.",
            ));
        }
        if problems.is_empty() { Ok(Self { reason: reason.to_owned(), comments: parsed }) } else { Err(problems) }
    }
}

fn too_long(field: &str) -> Invalid {
    Invalid::new(
        field,
        "too_long",
        format!("Текст слишком длинный: допускается не больше {MAX_TEXT_CHARS} символов. Изложите короче."),
    )
}

/// What someone does to a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportEvent {
    /// Save the data as it is (a draft, or corrections of a returned report).
    Save,
    /// Send to the department. The form engine has already found no errors and every warning
    /// explained.
    Submit,
    Accept,
    Return(Remarks),
}

/// An event without its data, as the audit log and refusals name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EventKind {
    Save,
    Submit,
    Accept,
    Return,
}

impl ReportEvent {
    pub fn kind(&self) -> EventKind {
        match self {
            Self::Save => EventKind::Save,
            Self::Submit => EventKind::Submit,
            Self::Accept => EventKind::Accept,
            Self::Return(_) => EventKind::Return,
        }
    }
}

impl EventKind {
    /// Stable code, for the audit log: `report.submit`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Save => "report.save",
            Self::Submit => "report.submit",
            Self::Accept => "report.accept",
            Self::Return => "report.return",
        }
    }

    /// The infinitive, for messages: «нельзя принять».
    pub fn verb(self) -> &'static str {
        match self {
            Self::Save => "сохранить",
            Self::Submit => "отправить",
            Self::Accept => "принять",
            Self::Return => "вернуть на доработку",
        }
    }
}

/// What the actor is to this report, as the policy decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReportRoles {
    /// Holds reports.fill in the reporting organization.
    pub filler: bool,
    /// Holds reports.review in the department responsible for the form.
    pub reviewer: bool,
}

impl ReportRoles {
    /// Asks [`crate::policy`] what `actor` may do to `unit`'s report on a form of `department`
    /// (`None` when the form's department does not exist yet: nobody reviews it but the central
    /// committee).
    pub fn of(actor: &Actor, unit: UnitId, department: Option<UnitId>) -> Self {
        Self {
            filler: authorize::<FillReports>(Some(actor), InUnit(unit)).is_ok(),
            reviewer: authorize::<ReviewReports>(Some(actor), FormOwner::of(department)).is_ok(),
        }
    }
}

/// The period's deadlines and now, as instants in milliseconds, with how a person reads them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clock {
    pub now: i64,
    pub opens: i64,
    /// The first instant after the due day.
    pub due: i64,
    /// The first instant after the lock day.
    pub locks: i64,
    /// The end of an extension the department granted this organization, if any.
    pub extension_until: Option<i64>,
    /// «1 апреля 2026 г., 00:00 (Europe/Moscow, UTC+03:00)».
    pub opens_label: String,
    pub locks_label: String,
}

/// An allowed move, with everything storage records for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    pub event: EventKind,
    pub from: Option<ReportState>,
    pub to: ReportState,
    /// For a first submission: whether it came after the due day.
    pub late: Option<bool>,
    pub remarks: Option<Remarks>,
}

/// Decides whether `event` may happen to a report in `state` (`None`: not started), for an actor
/// with `roles`, at `clock`; checked in that order: role, state, time.
pub fn transition(
    state: Option<ReportState>,
    event: ReportEvent,
    roles: ReportRoles,
    clock: &Clock,
) -> Result<Transition, Refusal> {
    use ReportState::*;
    let kind = event.kind();
    let allowed = match kind {
        EventKind::Save | EventKind::Submit => roles.filler,
        EventKind::Accept | EventKind::Return => roles.reviewer,
    };
    if !allowed {
        return Err(Refusal::RoleRequired { event: kind });
    }
    let moved = |to| Transition { event: kind, from: state, to, late: None, remarks: None };
    match (event, state) {
        (ReportEvent::Save | ReportEvent::Submit, Some(Returned)) => {
            Ok(moved(if kind == EventKind::Save { Returned } else { Submitted }))
        }
        (ReportEvent::Save, None | Some(Draft)) => {
            on_time_or_late(clock)?;
            Ok(moved(Draft))
        }
        (ReportEvent::Submit, None | Some(Draft)) => {
            let late = on_time_or_late(clock)?;
            Ok(Transition { late: Some(late), ..moved(Submitted) })
        }
        (ReportEvent::Save | ReportEvent::Submit, Some(Submitted)) => Err(Refusal::UnderReview { event: kind }),
        (ReportEvent::Save | ReportEvent::Submit, Some(Accepted)) => Err(Refusal::AlreadyAccepted { event: kind }),
        (ReportEvent::Accept, Some(Submitted)) => Ok(moved(Accepted)),
        (ReportEvent::Return(remarks), Some(Submitted)) => Ok(Transition { remarks: Some(remarks), ..moved(Returned) }),
        (ReportEvent::Accept | ReportEvent::Return(_), state) => Err(Refusal::NotSubmitted { event: kind, state }),
    }
}

/// Whether a first submission now would be late; refused before the period opens and after it
/// locks, unless an extension still runs.
fn on_time_or_late(clock: &Clock) -> Result<bool, Refusal> {
    if clock.now < clock.opens {
        return Err(Refusal::NotOpenYet { opens: clock.opens_label.clone() });
    }
    if clock.now < clock.due {
        return Ok(false);
    }
    if clock.now < clock.locks || clock.extension_until.is_some_and(|until| clock.now < until) {
        return Ok(true);
    }
    Err(Refusal::Locked { locks: clock.locks_label.clone() })
}
