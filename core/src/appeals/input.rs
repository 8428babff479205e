//! The appeal form as sent and its one `parse`, which reports every field's problem at once.

use serde::Deserialize;

use super::CONSENT_VERSION;
use crate::profile::Phone;
use crate::text::required_line;
use crate::{Email, Invalid};

/// Longest sender name.
pub const NAME_MAX: usize = 200;
/// Shortest and longest appeal text, in characters.
pub const TEXT_MIN: usize = 10;
pub const TEXT_MAX: usize = 5000;
/// Longest note of the staff member who answered.
pub const NOTE_MAX: usize = 2000;

/// The form as the public sends it; the phone may be left empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct AppealInput {
    pub name: String,
    pub email: String,
    pub phone: String,
    pub text: String,
    /// The consent to the processing of personal data: must be `true`.
    pub consent: bool,
    /// The version of the consent text the sender was shown.
    pub consent_version: String,
}

/// A checked appeal, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appeal {
    name: String,
    email: Email,
    phone: Option<Phone>,
    text: String,
}

impl Appeal {
    pub fn name(&self) -> &str {
        &self.name
    }
    pub fn email(&self) -> &Email {
        &self.email
    }
    pub fn phone(&self) -> Option<&Phone> {
        self.phone.as_ref()
    }
    pub fn text(&self) -> &str {
        &self.text
    }
}

impl AppealInput {
    /// The appeal, or every refusal with its field.
    pub fn parse(&self) -> Result<Appeal, Vec<Invalid>> {
        let mut errors = Vec::new();
        let name = required_line(&self.name, "name", NAME_MAX).map_err(|e| errors.push(e)).ok();
        let email = Email::parse(&self.email).map_err(|e| errors.push(e.at("email"))).ok();
        let phone = match self.phone.trim() {
            "" => Some(None),
            raw => Phone::parse(raw).map(Some).map_err(|e| errors.push(e.at("phone"))).ok(),
        };
        let text = appeal_text(&self.text).map_err(|e| errors.push(e)).ok();
        if !self.consent {
            errors.push(Invalid::new(
                "consent",
                "consent_required",
                "Без согласия на обработку персональных данных обращение не может быть принято.",
            ));
        } else if self.consent_version.trim() != CONSENT_VERSION {
            errors.push(Invalid::new(
                "consent_version",
                "consent_outdated",
                format!(
                    "Текст согласия на обработку персональных данных изменился (действующая редакция — {CONSENT_VERSION}). \
                     Обновите страницу, прочитайте согласие и отправьте обращение снова."
                ),
            ));
        }
        match (name, email, phone, text) {
            (Some(name), Some(email), Some(phone), Some(text)) if errors.is_empty() => {
                Ok(Appeal { name, email, phone, text })
            }
            _ => Err(errors),
        }
    }
}

/// The text: several lines allowed, trimmed, between [`TEXT_MIN`] and [`TEXT_MAX`] characters.
fn appeal_text(input: &str) -> Result<String, Invalid> {
    let text = input.trim();
    let count = text.chars().count();
    if count < TEXT_MIN {
        return Err(Invalid::new(
            "text",
            "too_short",
            format!("Опишите суть обращения: не меньше {TEXT_MIN} символов."),
        ));
    }
    if count > TEXT_MAX {
        return Err(Invalid::new(
            "text",
            "too_long",
            format!("Обращение слишком длинное: не больше {TEXT_MAX} символов."),
        ));
    }
    // Line breaks and tabs are part of a letter; other control characters are not.
    if text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        return Err(Invalid::new("text", "control_characters", "Текст содержит служебные символы: удалите их."));
    }
    Ok(text.to_owned())
}

/// The optional note of the staff member who marked the appeal answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note(Option<String>);

impl Note {
    pub fn parse(input: Option<&str>) -> Result<Self, Invalid> {
        let Some(text) = input.map(str::trim).filter(|t| !t.is_empty()) else { return Ok(Note(None)) };
        if text.chars().count() > NOTE_MAX {
            return Err(Invalid::new(
                "note",
                "too_long",
                format!("Заметка слишком длинная: не больше {NOTE_MAX} символов."),
            ));
        }
        if text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
            return Err(Invalid::new("note", "control_characters", "Заметка содержит служебные символы: удалите их."));
        }
        Ok(Note(Some(text.to_owned())))
    }

    pub fn as_deref(&self) -> Option<&str> {
        self.0.as_deref()
    }
}
