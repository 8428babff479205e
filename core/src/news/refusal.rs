//! Why a news item or a photo gallery cannot move as asked, told three ways: a stable code, a
//! Russian message, the numbers. The same refusal is worded for either ([`Subject`]).

use std::fmt;

use serde_json::{Value, json};

use super::gate::Blocker;
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
    /// The blocking findings of the checks on the item's present content.
    BlockingFindings {
        event: EventKind,
        findings: Vec<Blocker>,
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

/// What a refusal is about, for its code and its words. Both nouns are feminine, so the
/// states' labels («отклонена», «снята с публикации») agree with either.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    News,
    Gallery,
}

impl Subject {
    /// «новость», «фотогалерея».
    fn nominative(self) -> &'static str {
        match self {
            Self::News => "новость",
            Self::Gallery => "фотогалерея",
        }
    }

    /// «новость», «фотогалерею».
    fn accusative(self) -> &'static str {
        match self {
            Self::News => "новость",
            Self::Gallery => "фотогалерею",
        }
    }

    /// «новости», «фотогалереи».
    fn genitive(self) -> &'static str {
        match self {
            Self::News => "новости",
            Self::Gallery => "фотогалереи",
        }
    }
}

impl Refusal {
    /// Stable English code for the API, about a news item.
    pub fn code(&self) -> &'static str {
        self.code_about(Subject::News)
    }

    /// Stable English code for the API: `news_…` or `gallery_…`.
    pub fn code_about(&self, subject: Subject) -> &'static str {
        let (news, gallery) = match self {
            Self::RoleRequired { .. } => ("news_role_required", "gallery_role_required"),
            Self::PublishedNotEditable => ("news_published_not_editable", "gallery_published_not_editable"),
            Self::AlreadySubmitted => ("news_already_submitted", "gallery_already_submitted"),
            Self::AlreadyPublished => ("news_already_published", "gallery_already_published"),
            Self::EditBeforeResubmit { .. } => ("news_edit_before_resubmit", "gallery_edit_before_resubmit"),
            Self::NotSubmitted { .. } => ("news_not_submitted", "gallery_not_submitted"),
            Self::NotPublished { .. } => ("news_not_published", "gallery_not_published"),
            Self::ReadinessNotConfirmed => ("news_readiness_not_confirmed", "gallery_readiness_not_confirmed"),
            Self::BlockingFindings { .. } => ("news_blocking_findings", "gallery_blocking_findings"),
        };
        match subject {
            Subject::News => news,
            Subject::Gallery => gallery,
        }
    }

    pub fn kind(&self) -> RefusalKind {
        match self {
            Self::RoleRequired { .. } => RefusalKind::Role,
            Self::ReadinessNotConfirmed | Self::BlockingFindings { .. } => RefusalKind::Content,
            _ => RefusalKind::State,
        }
    }

    /// What is wrong and what to do, in Russian, about a news item.
    pub fn message(&self) -> String {
        self.message_about(Subject::News)
    }

    /// What is wrong and what to do, in Russian, about a news item or a gallery.
    pub fn message_about(&self, subject: Subject) -> String {
        let (it, this) = (subject.accusative(), subject.nominative());
        let head = capitalized(subject.nominative());
        match self {
            Self::RoleRequired { event } => {
                format!("Вы не можете {}: {}", with_object(*event, subject), role_words(*event, subject))
            }
            Self::PublishedNotEditable => format!(
                "Опубликованную {it} нельзя изменить. Снимите её с публикации, \
                 исправьте и снова отправьте на модерацию."
            ),
            Self::AlreadySubmitted => format!(
                "{head} уже на модерации. Дождитесь решения модератора; \
                 если нужно что-то исправить, измените {it} — она вернётся в черновики."
            ),
            Self::AlreadyPublished => format!("{head} уже опубликована."),
            Self::EditBeforeResubmit { state } => format!(
                "{head} {}. Исправьте её с учётом указанной причины, сохраните и только потом \
                 отправьте на модерацию снова.",
                state.label()
            ),
            Self::NotSubmitted { event, state } => format!(
                "{} можно только {it}, отправленную на модерацию, а эта {this} — {}.",
                capitalized(event.verb()),
                state.label()
            ),
            Self::NotPublished { state } => {
                format!("Снять с публикации можно только опубликованную {it}, а эта {this} — {}.", state.label())
            }
            Self::ReadinessNotConfirmed => match subject {
                Subject::News => "Подтвердите, что новость полностью готова к размещению: факты проверены, \
                     цитаты согласованы со спикерами, текст проверен на перспективу судебных разбирательств \
                     (п. 5.6 Положения)."
                    .to_owned(),
                Subject::Gallery => "Подтвердите, что фотогалерея полностью готова к размещению: снимки \
                     хорошего качества, на них не стоят дата и время съёмки, подписи, дата и место мероприятия \
                     проверены (п. 5.5 Положения)."
                    .to_owned(),
            },
            Self::BlockingFindings { event, findings } => format!(
                "{} Пока это не исправлено, {it} нельзя {}.",
                findings.iter().map(|f| f.message.as_str()).collect::<Vec<_>>().join(" "),
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
                json!({ "event": event, "findings": findings.iter().map(|f| f.code).collect::<Vec<_>>() })
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

fn role_words(event: EventKind, subject: Subject) -> String {
    match (event, subject) {
        (EventKind::Edit | EventKind::Submit, Subject::News) => format!(
            "это делает автор — пользователь организации с правом «{}». Модератор текст не исправляет (п. 5.7 Положения).",
            Permission::NewsWrite.label()
        ),
        (EventKind::Edit | EventKind::Submit, Subject::Gallery) => format!(
            "это делает автор — пользователь организации с правом «{}». Модератор фотогалерею не исправляет, \
             а публикует или отклоняет.",
            Permission::NewsWrite.label()
        ),
        (EventKind::Publish | EventKind::Reject, _) => {
            format!("это делает модератор — пользователь с правом «{}».", Permission::NewsModerate.label())
        }
        (EventKind::Unpublish, _) => format!(
            "это делает модератор или автор {} — пользователь организации с правом «{}».",
            subject.genitive(),
            Permission::NewsWrite.label()
        ),
    }
}

/// «отправить эту новость на модерацию».
fn with_object(event: EventKind, subject: Subject) -> String {
    let this = match subject {
        Subject::News => "эту новость",
        Subject::Gallery => "эту фотогалерею",
    };
    match event {
        EventKind::Edit => format!("изменить {this}"),
        EventKind::Submit => format!("отправить {this} на модерацию"),
        EventKind::Publish => format!("опубликовать {this}"),
        EventKind::Reject => format!("отклонить {this}"),
        EventKind::Unpublish => format!("снять {this} с публикации"),
    }
}

fn capitalized(words: &str) -> String {
    let mut chars = words.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}
