//! Parsing a news text: hard limits, every field's problem at once, normalized line breaks.

use time::macros::date;

use super::*;

fn input() -> NewsInput {
    NewsInput {
        headline: "  Профсоюз добился индексации зарплат  ".into(),
        lead: "Работники завода получат прибавку с 1 января.".into(),
        body: "Первый абзац.\r\n\r\nВторой абзац.\rТа же строка абзаца.".into(),
        event_date: Some("2026-11-05".into()),
        event_place: "Самара".into(),
    }
}

#[test]
fn a_good_text_parses_trimmed_with_line_breaks_as_newlines() {
    let text = NewsText::parse(&input()).unwrap();
    assert_eq!(text.headline(), "Профсоюз добился индексации зарплат");
    assert_eq!(text.lead(), Some("Работники завода получат прибавку с 1 января."));
    assert_eq!(text.body(), "Первый абзац.\n\nВторой абзац.\nТа же строка абзаца.");
    assert_eq!(text.event_date(), Some(date!(2026 - 11 - 05)));
    assert_eq!(text.event_place(), Some("Самара"));
}

#[test]
fn a_draft_needs_only_a_headline() {
    let text = NewsText::parse(&NewsInput { headline: "Заголовок".into(), ..NewsInput::default() }).unwrap();
    assert_eq!((text.lead(), text.body(), text.event_date(), text.event_place()), (None, "", None, None));
    let blank_date =
        NewsInput { headline: "Заголовок".into(), event_date: Some("  ".into()), ..NewsInput::default() };
    assert_eq!(NewsText::parse(&blank_date).unwrap().event_date(), None);
}

#[test]
fn every_field_problem_is_reported_at_once() {
    let bad = NewsInput {
        headline: " ".into(),
        lead: "л".repeat(MAX_LEAD_CHARS + 1),
        body: "б".repeat(MAX_BODY_CHARS + 1),
        event_date: Some("05.11.2026".into()),
        event_place: "Самара\nТольятти".into(),
    };
    let problems: Vec<_> = NewsText::parse(&bad).unwrap_err().into_iter().map(|i| (i.field, i.code)).collect();
    assert_eq!(
        problems,
        [
            ("headline".to_owned(), "required"),
            ("lead".to_owned(), "too_long"),
            ("body".to_owned(), "too_long"),
            ("event_date".to_owned(), "invalid_date"),
            ("event_place".to_owned(), "control_characters"),
        ]
    );
}

#[test]
fn limits_are_inclusive_and_counted_in_characters() {
    let at_limit = NewsInput {
        headline: "ж".repeat(MAX_HEADLINE_CHARS),
        lead: "л".repeat(MAX_LEAD_CHARS),
        body: "б".repeat(MAX_BODY_CHARS),
        event_place: "м".repeat(MAX_PLACE_CHARS),
        ..NewsInput::default()
    };
    assert!(NewsText::parse(&at_limit).is_ok());
    let over = NewsInput { headline: "ж".repeat(MAX_HEADLINE_CHARS + 1), ..at_limit };
    let problems = NewsText::parse(&over).unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!((problems[0].field.as_str(), problems[0].code), ("headline", "too_long"));
}

#[test]
fn the_too_long_message_gives_both_numbers() {
    let long = NewsInput { headline: "Заголовок".into(), lead: "л".repeat(1001), ..NewsInput::default() };
    let message = &NewsText::parse(&long).unwrap_err()[0].message;
    assert!(message.contains("1001 символ,") && message.contains("не больше 1000"), "{message}");
}

#[test]
fn impossible_dates_and_control_characters_in_the_body_are_refused() {
    let bad = NewsInput {
        headline: "Заголовок".into(),
        body: "Текст\u{7}".into(),
        event_date: Some("2026-02-30".into()),
        ..NewsInput::default()
    };
    let codes: Vec<_> = NewsText::parse(&bad).unwrap_err().into_iter().map(|i| i.code).collect();
    assert_eq!(codes, ["control_characters", "invalid_date"]);
    let tabs = NewsInput {
        headline: "Заголовок".into(), body: "Таблица:\tзначение".into(), ..NewsInput::default()
    };
    assert!(NewsText::parse(&tabs).is_ok());
}

#[test]
fn russian_counts_agree_with_their_nouns() {
    let forms: Vec<_> = [0, 1, 2, 5, 11, 12, 21, 22, 25, 101, 111, 1001]
        .into_iter()
        .map(|n| super::counted(n, "абзац", "абзаца", "абзацев"))
        .collect();
    assert_eq!(
        forms,
        [
            "0 абзацев",
            "1 абзац",
            "2 абзаца",
            "5 абзацев",
            "11 абзацев",
            "12 абзацев",
            "21 абзац",
            "22 абзаца",
            "25 абзацев",
            "101 абзац",
            "111 абзацев",
            "1001 абзац"
        ]
    );
}
