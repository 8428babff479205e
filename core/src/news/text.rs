//! The text of a news item as its author writes it (§5.4), parsed into known-good fields.

use time::Date;
use time::macros::format_description;

use super::counted;
use crate::Invalid;
use crate::text::{optional_line, required_line};

pub const MAX_HEADLINE_CHARS: usize = 200;
pub const MAX_LEAD_CHARS: usize = 1000;
pub const MAX_BODY_CHARS: usize = 100_000;
pub const MAX_PLACE_CHARS: usize = 300;

/// A news item's fields as a form or the API sent them, nothing checked yet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewsInput {
    pub headline: String,
    pub lead: String,
    /// Markdown source.
    pub body: String,
    /// `YYYY-MM-DD`; empty or `None` when not given.
    pub event_date: Option<String>,
    pub event_place: String,
}

/// A news item's text within every hard limit. The body may still be empty: a draft is saved
/// as the author goes, and [`super::check`] tells what it lacks before submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewsText {
    headline: String,
    lead: Option<String>,
    body: String,
    event_date: Option<Date>,
    event_place: Option<String>,
}

impl NewsText {
    /// Parses every field and reports every field's problem at once.
    ///
    /// Line breaks in the lead and body become `\n`, so that positions reported by the checks
    /// count the same characters the author's editor shows.
    pub fn parse(input: &NewsInput) -> Result<Self, Vec<Invalid>> {
        let headline = required_line(&input.headline, "headline", MAX_HEADLINE_CHARS);
        let lead = block(&input.lead, "lead", MAX_LEAD_CHARS);
        let body = block(&input.body, "body", MAX_BODY_CHARS);
        let event_date = date(input.event_date.as_deref().unwrap_or(""), "event_date");
        let event_place = optional_line(&input.event_place, "event_place", MAX_PLACE_CHARS);
        match (headline, lead, body, event_date, event_place) {
            (Ok(headline), Ok(lead), Ok(body), Ok(event_date), Ok(event_place)) => {
                Ok(Self { headline, lead, body: body.unwrap_or_default(), event_date, event_place })
            }
            (headline, lead, body, event_date, event_place) => {
                Err([headline.err(), lead.err(), body.err(), event_date.err(), event_place.err()]
                    .into_iter()
                    .flatten()
                    .collect())
            }
        }
    }

    pub fn headline(&self) -> &str {
        &self.headline
    }

    pub fn lead(&self) -> Option<&str> {
        self.lead.as_deref()
    }

    /// Markdown source, line breaks as `\n`; empty when the author has not written it yet.
    pub fn body(&self) -> &str {
        &self.body
    }

    pub fn event_date(&self) -> Option<Date> {
        self.event_date
    }

    pub fn event_place(&self) -> Option<&str> {
        self.event_place.as_deref()
    }
}

/// Multi-line text: trimmed, bounded, line breaks and tabs allowed but no other control characters.
pub(crate) fn block(input: &str, field: &str, max: usize) -> Result<Option<String>, Invalid> {
    let normalized = input.replace("\r\n", "\n").replace('\r', "\n");
    let value = normalized.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let chars = value.chars().count();
    if chars > max {
        return Err(Invalid::new(
            field,
            "too_long",
            format!(
                "Слишком длинный текст: {}, а допускается не больше {max}. Сократите его.",
                counted(chars, "символ", "символа", "символов")
            ),
        ));
    }
    if value.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(Invalid::new(
            field,
            "control_characters",
            "В тексте есть служебные (невидимые) символы. Вставьте текст заново без форматирования.",
        ));
    }
    Ok(Some(value.to_owned()))
}

/// A day as `YYYY-MM-DD`; empty means not given.
pub(crate) fn date(input: &str, field: &str) -> Result<Option<Date>, Invalid> {
    let value = input.trim();
    if value.is_empty() {
        return Ok(None);
    }
    Date::parse(value, format_description!("[year]-[month]-[day]")).map(Some).map_err(|_| {
        Invalid::new(
            field,
            "invalid_date",
            "Дата события указана неверно или такого дня нет. Укажите её в виде ГГГГ-ММ-ДД, например 2026-11-05.",
        )
    })
}
