//! The §5.4 checks: the all-capitals headline, the lead, the paragraphs, and how findings read.

use super::*;

const FIVE_PARAGRAPHS: &str = "Один.\n\nДва.\n\nТри.\n\nЧетыре.\n\nПять.";

fn text(headline: &str, lead: &str, body: &str) -> NewsText {
    NewsText::parse(&NewsInput {
        headline: headline.into(),
        lead: lead.into(),
        body: body.into(),
        ..NewsInput::default()
    })
    .unwrap()
}

fn codes(headline: &str, lead: &str, body: &str) -> Vec<&'static str> {
    check(&text(headline, lead, body), &AbbreviationList::default()).findings().iter().map(Finding::code).collect()
}

fn paragraphs_of(body: &str) -> usize {
    super::scan::paragraphs(body)
}

#[test]
fn a_well_shaped_news_item_has_no_findings() {
    let checks = check(&text("Профсоюз добился индексации", "Лид.", FIVE_PARAGRAPHS), &AbbreviationList::default());
    assert!(checks.is_clean() && !checks.blocks_submission());
}

#[test]
fn a_headline_in_capitals_blocks_and_says_how_many_letters() {
    let checks = check(&text("ПРОФСОЮЗ ДОБИЛСЯ ИНДЕКСАЦИИ!", "Лид.", FIVE_PARAGRAPHS), &AbbreviationList::default());
    assert_eq!(checks.findings(), [Finding::HeadlineAllCaps { letters: 25 }]);
    assert!(checks.blocks_submission());
    let finding = &checks.findings()[0];
    assert_eq!((finding.severity(), finding.field()), (Severity::Blocking, Field::Headline));
    assert!(finding.message().contains("не публикуются"), "{}", finding.message());
}

#[test]
fn one_lower_case_letter_makes_a_headline_ordinary() {
    assert_eq!(codes("ВОЗ одобрила вакцину", "Лид.", FIVE_PARAGRAPHS), Vec::<&str>::new());
    assert_eq!(codes("ФНПР И ЦК ПРОТИВ", "Лид.", FIVE_PARAGRAPHS), ["headline_all_caps"]);
    assert_eq!(codes("COVID-19: НОВЫЕ ПРАВИЛА", "Лид.", FIVE_PARAGRAPHS), ["headline_all_caps"]);
}

#[test]
fn a_short_capitals_headline_is_taken_for_an_abbreviation() {
    // Five letters: below the threshold, so only the abbreviation rule speaks.
    assert_eq!(codes("ВОЗ — 2026", "Лид.", FIVE_PARAGRAPHS), Vec::<&str>::new());
    assert_eq!(codes("СТОП!", "Лид.", FIVE_PARAGRAPHS), ["abbreviation_not_spelled_out"]);
    assert_eq!(codes("СТОПКА", "Лид.", FIVE_PARAGRAPHS), ["headline_all_caps"]);
    assert_eq!(codes("2026 — 100 %", "Лид.", FIVE_PARAGRAPHS), Vec::<&str>::new());
}

#[test]
fn a_capitals_headline_is_not_also_reported_word_by_word() {
    assert_eq!(codes("СФР ПОВЫСИЛ ПЕНСИИ", "Лид.", FIVE_PARAGRAPHS), ["headline_all_caps"]);
}

#[test]
fn a_missing_lead_warns_and_an_empty_body_blocks() {
    let checks = check(&text("Заголовок новости", "", ""), &AbbreviationList::default());
    let found: Vec<_> = checks.findings().iter().map(|f| (f.code(), f.severity(), f.field())).collect();
    assert_eq!(
        found,
        [("lead_missing", Severity::Warning, Field::Lead), ("body_empty", Severity::Blocking, Field::Body)]
    );
    assert_eq!(checks.blocking().map(Finding::code).collect::<Vec<_>>(), ["body_empty"]);
}

#[test]
fn too_few_or_too_many_paragraphs_warn_with_the_count() {
    let two = "Один.\n\nДва.";
    let eight = ["Абзац."; 8].join("\n\n");
    let few = check(&text("Заголовок новости", "Лид.", two), &AbbreviationList::default());
    assert_eq!(few.findings(), [Finding::BodyParagraphs { count: 2 }]);
    assert_eq!(few.findings()[0].details()["paragraphs"], 2);
    assert!(few.findings()[0].message().starts_with("В тексте 2 абзаца, а рекомендуется от 3 до 7"));
    let many = check(&text("Заголовок новости", "Лид.", &eight), &AbbreviationList::default());
    assert_eq!(many.findings(), [Finding::BodyParagraphs { count: 8 }]);
    assert!(many.findings()[0].message().contains("8 абзацев") && many.findings()[0].message().contains("Сократите"));
    let seven = ["Абзац."; 7].join("\n\n");
    assert_eq!(codes("Заголовок новости", "Лид.", &seven), Vec::<&str>::new());
}

#[test]
fn paragraphs_are_blocks_between_blank_lines() {
    assert_eq!(paragraphs_of("Одна строка\nи вторая строка того же абзаца."), 1);
    assert_eq!(paragraphs_of("Один.\n\n\n   \nДва.\n \t\nТри."), 3);
    assert_eq!(paragraphs_of("Пункты:\n\n- первый\n- второй\n\n> Цитата\n> председателя."), 3);
}

#[test]
fn headings_rules_and_pictures_are_not_paragraphs() {
    let body = "# Итоги\n\nТекст.\n\n## Подробнее\n\n---\n\n![Участники](photo_1.jpg)\n\n\
                [![Зал](hall.jpg)](hall_big.jpg) ![Сцена](stage.jpg)\n\nПодзаголовок\n===\n\nЕщё текст.";
    assert_eq!(paragraphs_of(body), 2);
    // `#хэштег` is not a heading in Markdown, and a picture with a caption on its line is text.
    assert_eq!(paragraphs_of("#профсоюз\n\n![Зал](hall.jpg) Подпись к фото"), 2);
}

#[test]
fn findings_serialize_as_the_api_shows_them() {
    let checks = check(&text("Заголовок новости", "", FIVE_PARAGRAPHS), &AbbreviationList::default());
    let json = serde_json::to_value(&checks).unwrap();
    assert_eq!(json[0]["code"], "lead_missing");
    assert_eq!(json[0]["severity"], "warning");
    assert_eq!(json[0]["field"], "lead");
    assert!(json[0]["message"].as_str().unwrap().starts_with("Нет лид-абзаца"));
    assert_eq!(json[0]["details"], serde_json::json!({}));
}

#[test]
fn texts_at_the_length_limit_built_to_be_slow_are_checked() {
    let lead = "л".repeat(MAX_LEAD_CHARS);
    let hostile = [
        "АБ (".repeat(MAX_BODY_CHARS / 4),
        "@".repeat(MAX_BODY_CHARS),
        "![ё](".repeat(MAX_BODY_CHARS / 5),
        "![ё](ж)".repeat(MAX_BODY_CHARS / 7),
        "ЖЁ ".repeat(MAX_BODY_CHARS / 3),
        "https://ё ](ж ".repeat(MAX_BODY_CHARS / 14),
        "Далее (".repeat(MAX_BODY_CHARS / 7),
    ];
    for body in hostile {
        let checks = check(&text("Заголовок новости", &lead, &body), &AbbreviationList::default());
        assert!(!checks.blocks_submission());
    }
}
