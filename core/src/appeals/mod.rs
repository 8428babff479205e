//! Electronic appeals to an organization (§4.2): what the public sends, the consent to the
//! processing of personal data that must come with it (Federal Law 152-FZ), and the one step of
//! an appeal's life — from new to answered.
//!
//! Decisions where the regulation is silent: the consent's text is part of the program and has a
//! version; the sender must name the version they were shown, so that a site showing an old text
//! is refused instead of recording a consent to words the sender never read.

mod input;
#[cfg(test)]
mod tests;

pub use input::{Appeal, AppealInput, NAME_MAX, NOTE_MAX, Note, TEXT_MAX, TEXT_MIN};

/// The version of [`CONSENT_TEXT`]; change it with every change of the text.
pub const CONSENT_VERSION: &str = "2026-11-29";

/// What the sender agrees to, stored with each appeal.
pub const CONSENT_TEXT: &str = "Я даю согласие Профсоюзу и организации Профсоюза, которой адресовано обращение, \
на обработку моих персональных данных — фамилии, имени, отчества, адреса электронной почты, номера телефона и \
сведений, изложенных в тексте обращения, — в целях рассмотрения обращения и ответа на него, в соответствии с \
Федеральным законом от 27.07.2006 № 152-ФЗ «О персональных данных». Согласие действует до истечения срока \
хранения обращения и может быть отозвано письменным заявлением.";

/// Where an appeal stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AppealStatus {
    New,
    Answered,
}

impl AppealStatus {
    pub const ALL: [AppealStatus; 2] = [AppealStatus::New, AppealStatus::Answered];

    pub fn code(self) -> &'static str {
        match self {
            AppealStatus::New => "new",
            AppealStatus::Answered => "answered",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Marking the appeal answered: only a new one can be, once.
    pub fn answer(self) -> Result<AppealStatus, AlreadyAnswered> {
        match self {
            AppealStatus::New => Ok(AppealStatus::Answered),
            AppealStatus::Answered => Err(AlreadyAnswered),
        }
    }
}

/// The refusal to answer an appeal twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("обращение уже отмечено как отвеченное")]
pub struct AlreadyAnswered;
