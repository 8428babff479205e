//! The §5.4 checks run on every save: what the author and the moderator are told about the text.

use serde::Serialize;

use super::abbreviations::{AbbreviationList, unexplained};
use super::finding::{Field, Finding, Severity};
use super::scan::paragraphs;
use super::text::NewsText;

/// Below this many letters a capitals-only headline is taken for an abbreviation or a name
/// («ВОЗ», «МРОТ-2027»), not for shouting.
pub const MIN_HEADLINE_LETTERS: usize = 6;
/// The recommended length of the text (§5.4: «3-7 абзацев»).
pub const MIN_PARAGRAPHS: usize = 3;
pub const MAX_PARAGRAPHS: usize = 7;

/// Everything [`check`] found, in the order of the form: headline, lead, body, abbreviations.
///
/// Only [`check`] makes one, so the workflow judges a text that was really checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Checks {
    findings: Vec<Finding>,
}

impl Checks {
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    pub fn blocking(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.severity() == Severity::Blocking)
    }

    /// Whether the item may not go to moderation or be published as it stands.
    pub fn blocks_submission(&self) -> bool {
        self.blocking().next().is_some()
    }

    pub fn is_clean(&self) -> bool {
        self.findings.is_empty()
    }
}

/// Checks a news text against the recommended shape of §5.4.
pub fn check(text: &NewsText, abbreviations: &AbbreviationList) -> Checks {
    let mut findings = Vec::new();
    let shouting = all_caps_letters(text.headline());
    if let Some(letters) = shouting {
        findings.push(Finding::HeadlineAllCaps { letters });
    }
    if text.lead().is_none() {
        findings.push(Finding::LeadMissing);
    }
    if text.body().is_empty() {
        findings.push(Finding::BodyEmpty);
    } else {
        let count = paragraphs(text.body());
        if !(MIN_PARAGRAPHS..=MAX_PARAGRAPHS).contains(&count) {
            findings.push(Finding::BodyParagraphs { count });
        }
    }
    // An all-capitals headline is one finding already; its every word would be another.
    let mut fields = Vec::with_capacity(3);
    if shouting.is_none() {
        fields.push((Field::Headline, text.headline()));
    }
    fields.extend(text.lead().map(|lead| (Field::Lead, lead)));
    fields.push((Field::Body, text.body()));
    findings.extend(unexplained(&fields, abbreviations).into_iter().map(Finding::AbbreviationNotSpelledOut));
    Checks { findings }
}

/// The number of letters of a headline written in capitals only, or `None` when it is not.
/// Photo galleries judge their titles by the same rule.
///
/// Digits, punctuation and letters without case are ignored. One lower-case letter is enough
/// for a headline to be ordinary: «ВОЗ одобрила…» is.
///
/// §5.4 reads «Заголовок должен быть выполнен прописными буквами. Заголовок со всеми заглавными
/// буквами — не публикуются»; «прописные» and «заглавные» are the same letters, so the first
/// sentence cannot mean what it says. The design takes the second: capitals only are not published.
pub(crate) fn all_caps_letters(headline: &str) -> Option<usize> {
    let mut capitals = 0;
    for c in headline.chars() {
        if c.is_lowercase() {
            return None;
        }
        if c.is_uppercase() {
            capitals += 1;
        }
    }
    (capitals >= MIN_HEADLINE_LETTERS).then_some(capitals)
}
