//! Why a news item cannot move as asked, told three ways: a stable code, a Russian message, the numbers.

use std::fmt;

use serde_json::{Value, json};

use super::finding::Finding;
use super::workflow::{EventKind, NewsState};
use crate::permission::Permission;

/// A move the workflow does not allow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The actor lacks the role the event needs on this item.
    RoleRequired {
        event: EventKind,
    },
    PublishedNotEditable,
    AlreadySubmitted,
    AlreadyPublished,
    /// A rejected or unpublished item goes back to a draft by an edit before it is submitted.
    EditBeforeResubmit {
        state: NewsState,
    },
    /// Publishing and rejecting are for an item waiting in moderation.
    NotSubmitted {
        event: EventKind,
        state: NewsState,
    },
    NotPublished {
        state: NewsState,
    },
    /// §5.6: the author did not confirm the item is ready.
    ReadinessNotConfirmed,
    /// The blocking findings of [`super::check`] on the item's present text.
    BlockingFindings {
        event: EventKind,
        findings: Vec<Finding>,
    },
}

/// What kind of obstacle a refusal is, for the API's status: who, when, or what.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefusalKind {
    /// The actor may not do this at all (forbidden).
    Role,
    /// Not in the item's present state (a conflict).
    State,
    /// The item's text or the request is not acceptable yet (unprocessable).
    Content,
}

impl Refusal {
    /// Stable English code for the API.
    pub fn code(&self) -> &'static str {
        match self {
            Self::RoleRequired { .. } => "news_role_required",
            Self::PublishedNotEditable => "news_published_not_editable",
            Self::AlreadySubmitted => "news_already_submitted",
            Self::AlreadyPublished => "news_already_published",
            Self::EditBeforeResubmit { .. } => "news_edit_before_resubmit",
            Self::NotSubmitted { .. } => "news_not_submitted",
            Self::NotPublished { .. } => "news_not_published",
            Self::ReadinessNotConfirmed => "news_readiness_not_confirmed",
            Self::BlockingFindings { .. } => "news_blocking_findings",
        }
    }

    pub fn kind(&self) -> RefusalKind {
        match self {
            Self::RoleRequired { .. } => RefusalKind::Role,
            Self::ReadinessNotConfirmed | Self::BlockingFindings { .. } => RefusalKind::Content,
            _ => RefusalKind::State,
        }
    }

    /// What is wrong and what to do, in Russian.
    pub fn message(&self) -> String {
        match self {
            Self::RoleRequired { event } => {
                format!("Вы не можете {}: {}", with_object(*event), role_words(*event))
            }
            Self::PublishedNotEditable => "Опубликованную новость нельзя изменить. Снимите её с публикации, \
                 исправьте и снова отправьте на модерацию."
                .to_owned(),
            Self::AlreadySubmitted => "Новость уже на модерации. Дождитесь решения модератора; \
                 если нужно что-то исправить, измените новость — она вернётся в черновики."
                .to_owned(),
            Self::AlreadyPublished => "Новость уже опубликована.".to_owned(),
            Self::EditBeforeResubmit { state } => format!(
                "Новость {}. Исправьте её с учётом указанной причины, сохраните и только потом \
                 отправьте на модерацию снова.",
                state.label()
            ),
            Self::NotSubmitted { event, state } => format!(
                "{} можно только новость, отправленную на модерацию, а эта новость — {}.",
                capitalized(event.verb()),
                state.label()
            ),
            Self::NotPublished { state } => {
                format!("Снять с публикации можно только опубликованную новость, а эта новость — {}.", state.label())
            }
            Self::ReadinessNotConfirmed => "Подтвердите, что новость полностью готова к размещению: факты проверены, \
                 цитаты согласованы со спикерами, текст проверен на перспективу судебных разбирательств \
                 (п. 5.6 Положения)."
                .to_owned(),
            Self::BlockingFindings { event, findings } => format!(
                "{} Пока это не исправлено, новость нельзя {}.",
                findings.iter().map(Finding::message).collect::<Vec<_>>().join(" "),
                event.verb()
            ),
        }
    }

    /// The facts behind the message, for the API's `details`.
    pub fn details(&self) -> Value {
        match self {
            Self::RoleRequired { event } => json!({
                "event": event,
                "any_of_permissions": needed(*event).iter().map(|p| p.code()).collect::<Vec<_>>(),
            }),
            Self::EditBeforeResubmit { state } | Self::NotPublished { state } => json!({ "state": state }),
            Self::NotSubmitted { event, state } => json!({ "event": event, "state": state }),
            Self::BlockingFindings { event, findings } => {
                json!({ "event": event, "findings": findings.iter().map(Finding::code).collect::<Vec<_>>() })
            }
            Self::PublishedNotEditable
            | Self::AlreadySubmitted
            | Self::AlreadyPublished
            | Self::ReadinessNotConfirmed => {
                json!({})
            }
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for Refusal {}

/// The permissions of which an actor needs one for `event`.
fn needed(event: EventKind) -> &'static [Permission] {
    match event {
        EventKind::Edit | EventKind::Submit => &[Permission::NewsWrite],
        EventKind::Publish | EventKind::Reject => &[Permission::NewsModerate],
        EventKind::Unpublish => &[Permission::NewsWrite, Permission::NewsModerate],
    }
}

fn role_words(event: EventKind) -> String {
    match event {
        EventKind::Edit | EventKind::Submit => format!(
            "это делает автор — пользователь организации с правом «{}». Модератор текст не исправляет (п. 5.7 Положения).",
            Permission::NewsWrite.label()
        ),
        EventKind::Publish | EventKind::Reject => {
            format!("это делает модератор — пользователь с правом «{}».", Permission::NewsModerate.label())
        }
        EventKind::Unpublish => format!(
            "это делает модератор или автор новости — пользователь организации с правом «{}».",
            Permission::NewsWrite.label()
        ),
    }
}

/// «отправить новость на модерацию».
fn with_object(event: EventKind) -> &'static str {
    match event {
        EventKind::Edit => "изменить эту новость",
        EventKind::Submit => "отправить эту новость на модерацию",
        EventKind::Publish => "опубликовать эту новость",
        EventKind::Reject => "отклонить эту новость",
        EventKind::Unpublish => "снять эту новость с публикации",
    }
}

fn capitalized(words: &str) -> String {
    let mut chars = words.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}
