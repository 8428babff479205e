//! Abbreviations (§5.4): which words count, what spells them out, where they are reported.

use super::*;

const BODY_TAIL: &str = "\n\nВторой абзац.\n\nТретий абзац.";

fn unexplained_in(headline: &str, lead: &str, body: &str, list: &AbbreviationList) -> Vec<Unexplained> {
    let body = format!("{body}{BODY_TAIL}");
    let input = NewsInput { headline: headline.into(), lead: lead.into(), body, ..NewsInput::default() };
    check(&NewsText::parse(&input).unwrap(), list)
        .findings()
        .iter()
        .filter_map(|f| match f {
            Finding::AbbreviationNotSpelledOut(found) => Some(found.clone()),
            _ => None,
        })
        .collect()
}

fn words_in_body(body: &str) -> Vec<String> {
    unexplained_in("Заголовок новости", "Лид.", body, &AbbreviationList::default())
        .into_iter()
        .map(|u| u.abbreviation)
        .collect()
}

#[test]
fn capital_words_of_two_letters_or_more_are_abbreviations() {
    assert_eq!(words_in_body("Решение СФР и ILO, а также ТК РФ и ОНФ-2."), ["СФР", "ILO", "ТК", "ОНФ"]);
    assert_eq!(words_in_body("Пункт А, фирма ЛУКОЙЛ-Пермь, город Москва, МРОТа."), ["ЛУКОЙЛ"]);
}

#[test]
fn allowed_abbreviations_and_roman_numerals_pass() {
    assert_eq!(words_in_body("ФНПР, ВОЗ и ООН о МРОТ в ХХ и XXI веке, IV квартал."), Vec::<String>::new());
    let custom = AbbreviationList::new(["сфр", " ", "ТК"]);
    assert_eq!(custom.iter().collect::<Vec<_>>(), ["СФР", "ТК"]);
    let found = unexplained_in("Заголовок", "Лид.", "СФР, ТК, ФНПР.", &custom);
    assert_eq!(found.iter().map(|u| u.abbreviation.as_str()).collect::<Vec<_>>(), ["ФНПР"]);
}

#[test]
fn a_full_name_in_parentheses_either_way_spells_it_out() {
    assert_eq!(
        words_in_body("Фонд пенсионного и социального страхования (СФР) ответил. СФР прав."),
        Vec::<String>::new()
    );
    assert_eq!(words_in_body("Социальный фонд России (далее — СФР) ответил."), Vec::<String>::new());
    assert_eq!(words_in_body("СФР (Социальный фонд России) ответил, СФР прав."), Vec::<String>::new());
    assert_eq!(words_in_body("Компания «Российские железные дороги» (РЖД, перевозчик)."), Vec::<String>::new());
}

#[test]
fn parentheses_without_a_full_name_do_not_spell_out() {
    assert_eq!(words_in_body("Решение (СФР) принято."), ["СФР"]);
    assert_eq!(words_in_body("ФНПР (СФР) и СФР (2026)."), ["СФР"]);
    assert_eq!(words_in_body("СФР (пенсии) ответил."), ["СФР"]);
    assert_eq!(words_in_body("НПФ (негосударственный пенсионный фонд) вырос, ТК (в 2026 году) нет."), ["ТК"]);
}

#[test]
fn a_full_name_given_too_late_is_reported_at_the_first_mention() {
    let found =
        unexplained_in("Заголовок", "Лид.", "СФР ответил.\nПозже: Социальный фонд России (СФР).", &Default::default());
    let [found] = found.as_slice() else { panic!("{found:?}") };
    assert_eq!((found.field, found.position.line, found.position.column), (Field::Body, 1, 1));
    let (field, at) = found.spelled_out_at.unwrap();
    assert_eq!((field, at.line, at.column), (Field::Body, 2, 32));
    let message = Finding::AbbreviationNotSpelledOut(found.clone()).message();
    assert!(message.contains("расшифрована только в тексте, строка 2, позиция 32"), "{message}");
    assert!(message.contains("впервые встречается раньше — в тексте, строка 1, позиция 1"), "{message}");
}

#[test]
fn the_headline_may_abbreviate_what_the_lead_spells_out() {
    let spelled =
        unexplained_in("СФР повысил пенсии", "Социальный фонд России (СФР) объявил.", "СФР.", &Default::default());
    assert_eq!(spelled, []);
    let unspelled = unexplained_in("СФР повысил пенсии", "Фонд объявил.", "Текст.", &Default::default());
    let [found] = unspelled.as_slice() else { panic!("{unspelled:?}") };
    assert_eq!((found.field, found.position.offset), (Field::Headline, 0));
    let in_lead = unexplained_in("Новости СФР", "Вчера СФР объявил.", "Текст.", &Default::default());
    assert_eq!((in_lead[0].field, in_lead[0].position.offset), (Field::Lead, 6));
}

#[test]
fn each_abbreviation_is_reported_once_with_its_first_position() {
    let found = unexplained_in("Заголовок", "Лид.", "Абзац про НПФ.\n\nСнова НПФ и ТК, опять ТК.", &Default::default());
    let places: Vec<_> = found.iter().map(|u| (u.abbreviation.as_str(), u.position.line, u.position.column)).collect();
    assert_eq!(places, [("НПФ", 1, 11), ("ТК", 3, 13)]);
    let finding = Finding::AbbreviationNotSpelledOut(found[0].clone());
    assert_eq!((finding.code(), finding.severity()), ("abbreviation_not_spelled_out", Severity::Warning));
    assert_eq!(finding.details()["first"]["offset"], 10);
    assert!(
        finding.message().contains("«НПФ» (в тексте, строка 1, позиция 11) не расшифрована"),
        "{}",
        finding.message()
    );
}

#[test]
fn addresses_and_link_targets_are_not_prose() {
    let body = "Подробнее: https://union.example/NEWS/ABC, [на сайте](https://x.example/PDF) и INFO@UNION.RU.";
    assert_eq!(words_in_body(body), Vec::<String>::new());
    assert_eq!(words_in_body("Смотрите [отчёт НПФ](report.pdf)."), ["НПФ"]);
}
