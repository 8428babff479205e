//! Parsing a document entry: every problem at once, categories by code.

use super::*;
use crate::ids::MediaId;

fn input() -> DocumentEntryInput {
    DocumentEntryInput {
        title: "  Устав организации  ".into(),
        date: Some("2026-03-15".into()),
        category: "charter".into(),
        media_id: MediaId::new().to_string(),
        position: Some(2),
    }
}

fn codes(errors: &[crate::Invalid]) -> Vec<(&str, &str)> {
    errors.iter().map(|e| (e.field.as_str(), e.code)).collect()
}

#[test]
fn a_good_entry_is_trimmed_and_kept() {
    let entry = input().parse(MediaFit::Document).unwrap();
    assert_eq!(entry.title(), "Устав организации");
    assert_eq!(entry.date().map(|d| d.to_string()).as_deref(), Some("2026-03-15"));
    assert_eq!(entry.category(), Category::Charter);
    assert_eq!(entry.position(), Some(2));
    let undated = DocumentEntryInput { date: Some(" ".into()), position: None, ..input() };
    assert_eq!(undated.parse(MediaFit::Document).unwrap().date(), None);
}

#[test]
fn every_problem_is_reported_at_once() {
    let bad = DocumentEntryInput {
        title: " ".into(),
        date: Some("2026-02-30".into()),
        category: "minutes".into(),
        media_id: MediaId::new().to_string(),
        position: Some(-1),
    };
    let errors = bad.parse(MediaFit::NotDocument).unwrap_err();
    assert_eq!(
        codes(&errors),
        [
            ("title", "required"),
            ("date", "invalid_date"),
            ("category", "unknown_category"),
            ("media_id", "not_a_document"),
            ("position", "invalid_position"),
        ]
    );
    assert!(errors[2].message.contains("«Устав»"), "the refusal lists the categories: {}", errors[2].message);
}

#[test]
fn the_media_must_be_a_known_document() {
    assert_eq!(codes(&input().parse(MediaFit::Unknown).unwrap_err()), [("media_id", "unknown_media")]);
    let garbled = DocumentEntryInput { media_id: "42".into(), ..input() };
    assert_eq!(garbled.media_id(), None);
    assert_eq!(codes(&garbled.parse(MediaFit::Document).unwrap_err()), [("media_id", "invalid_id")]);
    let missing = DocumentEntryInput { media_id: String::new(), ..input() };
    assert_eq!(codes(&missing.parse(MediaFit::Document).unwrap_err()), [("media_id", "required")]);
}

#[test]
fn titles_are_one_bounded_line() {
    let long = DocumentEntryInput { title: "я".repeat(MAX_TITLE_CHARS + 1), ..input() };
    assert_eq!(codes(&long.parse(MediaFit::Document).unwrap_err()), [("title", "too_long")]);
    let two_lines = DocumentEntryInput { title: "Устав\nорганизации".into(), ..input() };
    assert_eq!(codes(&two_lines.parse(MediaFit::Document).unwrap_err()), [("title", "control_characters")]);
    let exact = DocumentEntryInput { title: "я".repeat(MAX_TITLE_CHARS), ..input() };
    assert!(exact.parse(MediaFit::Document).is_ok());
}

#[test]
fn categories_round_trip_with_russian_labels() {
    for c in Category::ALL {
        assert_eq!(Category::parse(c.code(), "category").unwrap(), c);
        assert!(c.label().chars().next().is_some_and(|ch| ('А'..='Я').contains(&ch)));
    }
    assert_eq!(Category::parse(" report ", "category").unwrap(), Category::Report);
    assert!(Category::parse("Charter", "category").is_err());
}
