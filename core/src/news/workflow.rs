//! The life of a news item (§5.6–5.8) as one state machine: who may move it where, and what
//! the move stores.
//!
//! ```text
//!               edit (author)       submit (author)  publish | reject (moderator)  unpublish (either)
//! Draft         → Draft             → Submitted      —                             —
//! Submitted     → Draft, withdrawn  —                → Published | → Rejected      —
//! Published     —                   —                —                             → Unpublished
//! Rejected      → Draft             —                —                             —
//! Unpublished   → Draft             —                —                             —
//! ```
//!
//! Decisions where the regulation is silent:
//! * only an author (news.write in the item's unit) edits and submits; the moderator does not
//!   correct texts (§5.7), so a moderator without news.write cannot edit;
//! * editing a submitted item withdraws it from moderation back to a draft; the moderator can
//!   never publish a text other than the one submitted, and readiness is confirmed anew;
//! * a rejected or unpublished item goes back to a draft by an edit, then is submitted again;
//!   submitting it unchanged without that edit is refused;
//! * a published item is not edited in place: it is unpublished first (by the moderator, or by
//!   its author — the organization answers for its news, §5.9), which takes its photos off their
//!   public addresses;
//! * a blocking finding stops submission and, if the text changed since, publication too.
//!
//! Photo galleries (§5.5) live the same life: the content a move is judged on comes through
//! [`Gate`], and refusals are worded for either ([`Refusal::message_about`]).
//!
//! Who the actor is and what unit they reach is [`crate::policy`]'s job; [`NewsRoles::of`] asks it.

use serde::{Deserialize, Serialize};

use super::counted;
use super::gate::Gate;
use super::refusal::{Refusal, Subject};
use crate::Invalid;
use crate::ids::UnitId;
use crate::policy::{Actor, Global, InUnit, ModerateNews, WriteNews, authorize};

pub const MAX_REASON_CHARS: usize = 2000;

/// Where a news item is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NewsState {
    Draft,
    /// Sent to moderation, waiting for the moderator (§5.7).
    Submitted,
    Published,
    /// Refused by the moderator with a reason (§5.8); the author may fix it and submit again.
    Rejected,
    /// Taken off the site with a reason; the author may fix it and submit again.
    Unpublished,
}

impl NewsState {
    pub const ALL: [NewsState; 5] = [Self::Draft, Self::Submitted, Self::Published, Self::Rejected, Self::Unpublished];

    /// Stable code, as stored.
    pub fn code(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Submitted => "submitted",
            Self::Published => "published",
            Self::Rejected => "rejected",
            Self::Unpublished => "unpublished",
        }
    }

    /// «Новость — черновик», «новость на модерации»…: how the cabinet names the state.
    pub fn label(self) -> &'static str {
        match self {
            Self::Draft => "черновик",
            Self::Submitted => "на модерации",
            Self::Published => "опубликована",
            Self::Rejected => "отклонена",
            Self::Unpublished => "снята с публикации",
        }
    }
}

/// Why an item is rejected or unpublished: kept in its history and shown to its authors, so never empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Reason(String);

impl Reason {
    /// A news item's reason.
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        Self::parse_about(input, Subject::News)
    }

    /// A reason for `subject`, whose name the refusal of an empty one uses.
    pub fn parse_about(input: &str, subject: Subject) -> Result<Self, Invalid> {
        let value = input.trim();
        if value.is_empty() {
            return Err(Invalid::new(
                "reason",
                "required",
                match subject {
                    Subject::News => {
                        "Укажите причину: она сохранится в истории новости, и автор сможет по ней исправить текст."
                    }
                    Subject::Gallery => {
                        "Укажите причину: она сохранится в истории фотогалереи, и автор сможет по ней всё исправить."
                    }
                },
            ));
        }
        let chars = value.chars().count();
        if chars > MAX_REASON_CHARS {
            return Err(Invalid::new(
                "reason",
                "too_long",
                format!(
                    "Причина слишком длинная: {}, а допускается не больше {MAX_REASON_CHARS}. Изложите её короче.",
                    counted(chars, "символ", "символа", "символов")
                ),
            ));
        }
        Ok(Self(value.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What someone does to a news item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewsEvent {
    /// Save a changed text.
    Edit,
    /// Send to moderation, with the author's statement that the item is ready (§5.6): facts
    /// checked, quotes agreed with the speakers, no prospect of a lawsuit.
    Submit {
        readiness_confirmed: bool,
    },
    Publish,
    Reject {
        reason: Reason,
    },
    Unpublish {
        reason: Reason,
    },
}

/// An event without its data, as the audit log and refusals name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EventKind {
    Edit,
    Submit,
    Publish,
    Reject,
    Unpublish,
}

impl NewsEvent {
    pub fn kind(&self) -> EventKind {
        match self {
            Self::Edit => EventKind::Edit,
            Self::Submit { .. } => EventKind::Submit,
            Self::Publish => EventKind::Publish,
            Self::Reject { .. } => EventKind::Reject,
            Self::Unpublish { .. } => EventKind::Unpublish,
        }
    }
}

impl EventKind {
    /// Stable code, for the audit log: `news.submit`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Edit => "news.edit",
            Self::Submit => "news.submit",
            Self::Publish => "news.publish",
            Self::Reject => "news.reject",
            Self::Unpublish => "news.unpublish",
        }
    }

    /// The infinitive, for messages: «нельзя опубликовать».
    pub fn verb(self) -> &'static str {
        match self {
            Self::Edit => "изменить",
            Self::Submit => "отправить на модерацию",
            Self::Publish => "опубликовать",
            Self::Reject => "отклонить",
            Self::Unpublish => "снять с публикации",
        }
    }
}

/// What the actor is to this item, as the policy decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NewsRoles {
    /// Holds news.write in the item's unit.
    pub author: bool,
    /// Holds news.moderate (a central committee permission).
    pub moderator: bool,
}

impl NewsRoles {
    /// Asks [`crate::policy`] what `actor` may do to an item of `unit`.
    pub fn of(actor: &Actor, unit: UnitId) -> Self {
        Self {
            author: authorize::<WriteNews>(Some(actor), InUnit(unit)).is_ok(),
            moderator: authorize::<ModerateNews>(Some(actor), Global).is_ok(),
        }
    }
}

/// What becomes of the item's photos.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Photos {
    Unchanged,
    /// Published with the item: served from public addresses.
    MakePublic,
    /// Off their public addresses: the item is no longer on the site.
    Withdraw,
}

/// An allowed move, with everything the storage layer records for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    pub event: EventKind,
    pub from: NewsState,
    pub to: NewsState,
    /// The moderator's reason, stored and shown to the author (reject, unpublish).
    pub reason: Option<Reason>,
    /// Store the author's readiness statement (§5.6) with the submission, with time and actor.
    pub records_readiness: bool,
    /// The item leaves the moderation queue because its author took it back.
    pub withdrawn_from_moderation: bool,
    pub photos: Photos,
}

/// Decides whether `event` may happen to an item in `state`, for an actor with `roles`, given
/// the checks of its current content (a news item's [`super::Checks`], a gallery's checks);
/// checked in that order: role, state, content.
pub fn transition(
    state: NewsState,
    event: NewsEvent,
    roles: NewsRoles,
    checks: &impl Gate,
) -> Result<Transition, Refusal> {
    use NewsState::*;
    let kind = event.kind();
    let allowed = match kind {
        EventKind::Edit | EventKind::Submit => roles.author,
        EventKind::Publish | EventKind::Reject => roles.moderator,
        EventKind::Unpublish => roles.author || roles.moderator,
    };
    if !allowed {
        return Err(Refusal::RoleRequired { event: kind });
    }
    let moved = |to| Transition {
        event: kind,
        from: state,
        to,
        reason: None,
        records_readiness: false,
        withdrawn_from_moderation: false,
        photos: Photos::Unchanged,
    };
    match (event, state) {
        (NewsEvent::Edit, Published) => Err(Refusal::PublishedNotEditable),
        (NewsEvent::Edit, Submitted) => Ok(Transition { withdrawn_from_moderation: true, ..moved(Draft) }),
        (NewsEvent::Edit, Draft | Rejected | Unpublished) => Ok(moved(Draft)),
        (NewsEvent::Submit { readiness_confirmed }, Draft) => {
            blocking(kind, checks)?;
            if !readiness_confirmed {
                return Err(Refusal::ReadinessNotConfirmed);
            }
            Ok(Transition { records_readiness: true, ..moved(Submitted) })
        }
        (NewsEvent::Submit { .. }, Submitted) => Err(Refusal::AlreadySubmitted),
        (NewsEvent::Submit { .. }, Published) => Err(Refusal::AlreadyPublished),
        (NewsEvent::Submit { .. }, Rejected | Unpublished) => Err(Refusal::EditBeforeResubmit { state }),
        (NewsEvent::Publish, Submitted) => {
            blocking(kind, checks)?;
            Ok(Transition { photos: Photos::MakePublic, ..moved(Published) })
        }
        (NewsEvent::Reject { reason }, Submitted) => Ok(Transition { reason: Some(reason), ..moved(Rejected) }),
        (NewsEvent::Publish | NewsEvent::Reject { .. }, _) => Err(Refusal::NotSubmitted { event: kind, state }),
        (NewsEvent::Unpublish { reason }, Published) => {
            Ok(Transition { reason: Some(reason), photos: Photos::Withdraw, ..moved(Unpublished) })
        }
        (NewsEvent::Unpublish { .. }, _) => Err(Refusal::NotPublished { state }),
    }
}

fn blocking(event: EventKind, checks: &impl Gate) -> Result<(), Refusal> {
    let findings = checks.blockers();
    if findings.is_empty() { Ok(()) } else { Err(Refusal::BlockingFindings { event, findings }) }
}
