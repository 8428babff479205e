//! Access requests: the regulation's paper letters (§3.2, §3.6–3.8) as a workflow. An
//! organization asks the site administrator to connect a new user, to replace one of its users by
//! a new one, or to disconnect one; the administrator approves (and the user is created, blocked,
//! or both) or declines with a reason; the organization may withdraw a request still pending.
//!
//! Decisions where the regulation is silent:
//! * the letter's «перечень функций ЛК» is a set of permissions from the fixed list
//!   ([`FUNCTIONS`]): stable codes with Russian labels that the administrator reads and turns into
//!   roles at approval — roles are the administrator's own, renamed and reshaped at will;
//! * a replacement names the user it replaces, of the same organization and active, and its
//!   approval blocks that user and creates the new one together;
//! * only the administrator's decision changes accounts; an approved, declined or withdrawn
//!   request is final, a new letter is a new request.

mod input;
#[cfg(test)]
mod tests;
mod workflow;

pub use input::{
    AccessRequestInput, Asked, DeclineReason, FULL_NAME_MAX, NewAccessRequest, POSITION_MAX, Person, TEXT_MAX,
};
pub use workflow::{AccessRoles, Event, EventKind, Refusal, Transition, transition};

use serde::Serialize;

use crate::permission::Permission;

/// What an organization may ask for a user: what its staff do within their own organization.
/// Union-wide powers (moderation, departments' forms, users and roles) are not for an
/// organization to ask.
pub const FUNCTIONS: &[Permission] = &[
    Permission::ProfileEdit,
    Permission::NewsWrite,
    Permission::MediaUpload,
    Permission::AppealsAnswer,
    Permission::ReportsFill,
    Permission::MaterialsRead,
    Permission::AccessRequest,
];

/// Which letter of the regulation a request stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RequestKind {
    /// A new user (§3.2; one more user, §3.8).
    Connect,
    /// A new user in place of one of the organization's users (§3.7).
    Replace,
    /// Cutting a user's access (§3.6).
    Disconnect,
}

impl RequestKind {
    pub const ALL: [RequestKind; 3] = [Self::Connect, Self::Replace, Self::Disconnect];

    pub fn code(self) -> &'static str {
        match self {
            Self::Connect => "connect",
            Self::Replace => "replace",
            Self::Disconnect => "disconnect",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Whether the request names a new user to create.
    pub fn creates_user(self) -> bool {
        matches!(self, Self::Connect | Self::Replace)
    }

    /// Whether the request names an existing user whose access ends.
    pub fn blocks_user(self) -> bool {
        matches!(self, Self::Replace | Self::Disconnect)
    }

    /// «подключение», «замена», «отключение».
    pub fn label(self) -> &'static str {
        match self {
            Self::Connect => "подключение пользователя",
            Self::Replace => "замена пользователя",
            Self::Disconnect => "отключение пользователя",
        }
    }
}

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RequestState {
    /// Waiting for the administrator.
    Pending,
    Approved,
    /// Refused by the administrator, with a reason shown to the organization.
    Declined,
    /// Taken back by the organization before a decision.
    Withdrawn,
}

impl RequestState {
    pub const ALL: [RequestState; 4] = [Self::Pending, Self::Approved, Self::Declined, Self::Withdrawn];

    pub fn code(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Approved => "approved",
            Self::Declined => "declined",
            Self::Withdrawn => "withdrawn",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// «Заявка — на рассмотрении», «заявка одобрена»…
    pub fn label(self) -> &'static str {
        match self {
            Self::Pending => "на рассмотрении",
            Self::Approved => "одобрена",
            Self::Declined => "отклонена",
            Self::Withdrawn => "отозвана организацией",
        }
    }
}
