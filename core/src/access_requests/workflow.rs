//! The life of an access request as one state machine: who may move it where, and what the
//! move changes.
//!
//! ```text
//!            approve (administrator)   decline (administrator)   withdraw (organization)
//! Pending    → Approved                → Declined                → Withdrawn
//! Approved   —                         —                         —
//! Declined   —                         —                         —
//! Withdrawn  —                         —                         —
//! ```
//!
//! Approving a connection creates the user, a disconnection blocks the user, a replacement does
//! both; the storage does it in the transaction that marks the request approved.

use std::fmt;

use serde::Serialize;
use serde_json::{Value, json};

use super::input::DeclineReason;
use super::{RequestKind, RequestState};
use crate::ids::UnitId;
use crate::news::RefusalKind;
use crate::permission::Permission;
use crate::policy::{Actor, InUnit, ManageUsers, RequestAccess, authorize};

/// What the actor is to the requests of one organization, as the policy decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AccessRoles {
    /// Holds access.request in the request's organization: files, follows and withdraws.
    pub requester: bool,
    /// Holds users.manage there (the site administrator): approves and declines.
    pub administrator: bool,
}

impl AccessRoles {
    /// Asks [`crate::policy`] what `actor` may do to a request of `unit`.
    pub fn of(actor: &Actor, unit: UnitId) -> Self {
        Self {
            requester: authorize::<RequestAccess>(Some(actor), InUnit(unit)).is_ok(),
            administrator: authorize::<ManageUsers>(Some(actor), InUnit(unit)).is_ok(),
        }
    }
}

/// What someone does to a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Approve,
    Decline { reason: DeclineReason },
    Withdraw,
}

/// An event without its data, as refusals and the audit log name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EventKind {
    Approve,
    Decline,
    Withdraw,
}

impl Event {
    pub fn kind(&self) -> EventKind {
        match self {
            Self::Approve => EventKind::Approve,
            Self::Decline { .. } => EventKind::Decline,
            Self::Withdraw => EventKind::Withdraw,
        }
    }
}

impl EventKind {
    /// The infinitive, for messages: «нельзя одобрить».
    pub fn verb(self) -> &'static str {
        match self {
            Self::Approve => "одобрить",
            Self::Decline => "отклонить",
            Self::Withdraw => "отозвать",
        }
    }
}

/// An allowed move, with everything the storage layer records for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    pub event: EventKind,
    pub from: RequestState,
    pub to: RequestState,
    /// The administrator's reason to decline, shown to the organization.
    pub reason: Option<DeclineReason>,
    /// The new user the request names is created (connect, replace).
    pub creates_user: bool,
    /// The user the request names is blocked and their sessions end (replace, disconnect).
    pub blocks_user: bool,
}

/// Decides whether `event` may happen to a request of `kind` in `state`, for an actor with
/// `roles`; checked in that order: role, state.
pub fn transition(
    kind: RequestKind,
    state: RequestState,
    event: Event,
    roles: AccessRoles,
) -> Result<Transition, Refusal> {
    let event_kind = event.kind();
    let allowed = match event_kind {
        EventKind::Approve | EventKind::Decline => roles.administrator,
        EventKind::Withdraw => roles.requester,
    };
    if !allowed {
        return Err(Refusal::RoleRequired { event: event_kind });
    }
    if state != RequestState::Pending {
        return Err(Refusal::Decided { event: event_kind, state });
    }
    let moved =
        |to| Transition { event: event_kind, from: state, to, reason: None, creates_user: false, blocks_user: false };
    Ok(match event {
        Event::Approve => Transition {
            creates_user: kind.creates_user(),
            blocks_user: kind.blocks_user(),
            ..moved(RequestState::Approved)
        },
        Event::Decline { reason } => Transition { reason: Some(reason), ..moved(RequestState::Declined) },
        Event::Withdraw => moved(RequestState::Withdrawn),
    })
}

/// A move the workflow does not allow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The actor lacks the role the event needs on this request.
    RoleRequired { event: EventKind },
    /// The request is no longer pending: a decision is taken once.
    Decided { event: EventKind, state: RequestState },
}

impl Refusal {
    /// Stable English code for the API.
    pub fn code(&self) -> &'static str {
        match self {
            Self::RoleRequired { .. } => "access_request_role_required",
            Self::Decided { state: RequestState::Approved, .. } => "access_request_already_approved",
            Self::Decided { state: RequestState::Declined, .. } => "access_request_already_declined",
            Self::Decided { state: RequestState::Withdrawn, .. } => "access_request_withdrawn",
            Self::Decided { state: RequestState::Pending, .. } => "access_request_not_pending",
        }
    }

    pub fn kind(&self) -> RefusalKind {
        match self {
            Self::RoleRequired { .. } => RefusalKind::Role,
            Self::Decided { .. } => RefusalKind::State,
        }
    }

    /// What is wrong and what to do, in Russian.
    pub fn message(&self) -> String {
        match self {
            Self::RoleRequired { event: event @ (EventKind::Approve | EventKind::Decline) } => format!(
                "Вы не можете {} эту заявку: решение по заявкам принимает администратор сайта — пользователь \
                 с правом «{}» (п. 3.4 Положения).",
                event.verb(),
                Permission::UsersManage.label()
            ),
            Self::RoleRequired { event } => format!(
                "Вы не можете {} эту заявку: это делает организация, подавшая её, — пользователь с правом «{}».",
                event.verb(),
                Permission::AccessRequest.label()
            ),
            Self::Decided { event, state } => {
                let after = match state {
                    RequestState::Approved => " Изменения учётных записей по ней уже внесены.",
                    RequestState::Declined => " Причина отказа указана в заявке.",
                    _ => "",
                };
                format!(
                    "Заявку нельзя {}: она уже {}.{after} Решение по заявке принимается один раз; если нужно \
                     что-то изменить, организация направляет новую заявку.",
                    event.verb(),
                    state.label()
                )
            }
        }
    }

    /// The facts behind the message, for the API's `details`.
    pub fn details(&self) -> Value {
        match self {
            Self::RoleRequired { event } => json!({
                "event": event,
                "permission": match event {
                    EventKind::Approve | EventKind::Decline => Permission::UsersManage.code(),
                    EventKind::Withdraw => Permission::AccessRequest.code(),
                },
            }),
            Self::Decided { event, state } => json!({ "event": event, "state": state }),
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for Refusal {}
