//! Why a report cannot move as asked: a stable code, a Russian message that says what to do,
//! and the facts behind it.

use std::fmt;

use serde_json::{Value, json};

use super::workflow::{EventKind, ReportState};
use crate::news::RefusalKind;
use crate::permission::Permission;

/// A move the report workflow does not allow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The actor lacks the role the event needs on this report.
    RoleRequired {
        event: EventKind,
    },
    /// The report is with the department: the organization waits for the review.
    UnderReview {
        event: EventKind,
    },
    AlreadyAccepted {
        event: EventKind,
    },
    /// Accepting and returning are for a submitted report.
    NotSubmitted {
        event: EventKind,
        state: Option<ReportState>,
    },
    /// The period has not opened for filling yet.
    NotOpenYet {
        opens: String,
    },
    /// The lock day has passed and no extension runs.
    Locked {
        locks: String,
    },
}

impl Refusal {
    pub fn code(&self) -> &'static str {
        match self {
            Self::RoleRequired { .. } => "report_role_required",
            Self::UnderReview { .. } => "report_under_review",
            Self::AlreadyAccepted { .. } => "report_already_accepted",
            Self::NotSubmitted { .. } => "report_not_submitted",
            Self::NotOpenYet { .. } => "report_period_not_open",
            Self::Locked { .. } => "report_period_locked",
        }
    }

    pub fn kind(&self) -> RefusalKind {
        match self {
            Self::RoleRequired { .. } => RefusalKind::Role,
            _ => RefusalKind::State,
        }
    }

    /// What is wrong and what to do, in Russian.
    pub fn message(&self) -> String {
        match self {
            Self::RoleRequired { event: event @ (EventKind::Save | EventKind::Submit) } => format!(
                "Вы не можете {} этот отчёт: это делает пользователь организации с правом «{}».",
                event.verb(),
                Permission::ReportsFill.label()
            ),
            Self::RoleRequired { event } => format!(
                "Вы не можете {} этот отчёт: это делает управление, ответственное за форму, — пользователь \
                 с правом «{}» (п. 7.3 Положения).",
                event.verb(),
                Permission::ReportsReview.label()
            ),
            Self::UnderReview { event } => format!(
                "Отчёт уже отправлен и проверяется в управлении, поэтому его нельзя {}. Дождитесь решения: \
                 если нужны исправления, управление вернёт отчёт на доработку.",
                event.verb()
            ),
            Self::AlreadyAccepted { event } => format!(
                "Отчёт уже принят управлением, его нельзя {}. Если в нём ошибка, свяжитесь с управлением, \
                 ответственным за форму.",
                event.verb()
            ),
            Self::NotSubmitted { event, state } => format!(
                "{} можно только отправленный отчёт, а этот — {}.",
                capitalized(event.verb()),
                state.map_or("ещё не начат", |s| s.label())
            ),
            Self::NotOpenYet { opens } => {
                format!("Приём отчётов за этот период ещё не начался: он откроется {opens}. Вернитесь к отчёту тогда.")
            }
            Self::Locked { locks } => format!(
                "Приём отчётов за этот период закрыт: последний день приёма — {locks}. Чтобы сдать отчёт, \
                 попросите управление, ответственное за форму, продлить вашей организации срок."
            ),
        }
    }

    /// The facts behind the message, for the API's `details`.
    pub fn details(&self) -> Value {
        match self {
            Self::RoleRequired { event } => json!({
                "event": event,
                "any_of_permissions": [match event {
                    EventKind::Save | EventKind::Submit => Permission::ReportsFill.code(),
                    EventKind::Accept | EventKind::Return => Permission::ReportsReview.code(),
                }],
            }),
            Self::UnderReview { event } | Self::AlreadyAccepted { event } => json!({ "event": event }),
            Self::NotSubmitted { event, state } => json!({ "event": event, "state": state }),
            Self::NotOpenYet { opens } => json!({ "opens": opens }),
            Self::Locked { locks } => json!({ "locks": locks }),
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for Refusal {}

fn capitalized(words: &str) -> String {
    let mut chars = words.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}
