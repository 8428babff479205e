use super::*;

fn valid() -> AppealInput {
    AppealInput {
        name: "  Петров Пётр Петрович ".into(),
        email: "Petrov@Example.RU".into(),
        phone: "8 (4822) 12-34-56".into(),
        text: "Прошу разъяснить порядок вступления в Профсоюз.\nС уважением, П. П. Петров".into(),
        consent: true,
        consent_version: CONSENT_VERSION.into(),
    }
}

fn fields(input: &AppealInput) -> Vec<String> {
    input.parse().unwrap_err().into_iter().map(|e| e.field).collect()
}

#[test]
fn a_valid_appeal_is_trimmed_and_normalised() {
    let appeal = valid().parse().unwrap();
    assert_eq!(appeal.name(), "Петров Пётр Петрович");
    assert_eq!(appeal.email().as_str(), "petrov@example.ru");
    assert_eq!(appeal.phone().map(|p| p.e164()), Some("+74822123456"));
    assert!(appeal.text().starts_with("Прошу") && appeal.text().contains('\n'));
}

#[test]
fn the_phone_may_be_left_empty() {
    let appeal = AppealInput { phone: "  ".into(), ..valid() }.parse().unwrap();
    assert_eq!(appeal.phone(), None);
}

#[test]
fn without_consent_nothing_is_accepted() {
    let input = AppealInput { consent: false, ..valid() };
    let errors = input.parse().unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!((errors[0].field.as_str(), errors[0].code), ("consent", "consent_required"));
    assert!(errors[0].message.contains("персональных данных"));
}

#[test]
fn a_consent_to_another_version_of_the_text_is_refused() {
    for version in ["", "2020-01-01"] {
        let input = AppealInput { consent_version: version.into(), ..valid() };
        let errors = input.parse().unwrap_err();
        assert_eq!(errors[0].code, "consent_outdated", "{version:?}");
        assert!(errors[0].message.contains(CONSENT_VERSION));
    }
}

#[test]
fn every_bad_field_is_named_at_once() {
    let input = AppealInput {
        name: "Пётр\nПетров".into(),
        email: "не адрес".into(),
        phone: "123".into(),
        text: "Коротко".into(),
        consent: false,
        consent_version: String::new(),
    };
    assert_eq!(fields(&input), ["name", "email", "phone", "text", "consent"]);
}

#[test]
fn the_text_has_bounds_in_characters_not_bytes() {
    let at = |n: usize| AppealInput { text: "ж".repeat(n), ..valid() };
    assert!(at(TEXT_MIN).parse().is_ok());
    assert!(at(TEXT_MAX).parse().is_ok());
    assert_eq!(fields(&at(TEXT_MIN - 1)), ["text"]);
    assert_eq!(fields(&at(TEXT_MAX + 1)), ["text"]);
    let control = AppealInput { text: "Текст обращения\u{0}скрытый".into(), ..valid() };
    assert_eq!(control.parse().unwrap_err()[0].code, "control_characters");
}

#[test]
fn the_name_is_one_bounded_line() {
    assert!(AppealInput { name: "ж".repeat(NAME_MAX), ..valid() }.parse().is_ok());
    assert_eq!(fields(&AppealInput { name: "ж".repeat(NAME_MAX + 1), ..valid() }), ["name"]);
    assert_eq!(fields(&AppealInput { name: " ".into(), ..valid() }), ["name"]);
}

#[test]
fn an_appeal_is_answered_once() {
    assert_eq!(AppealStatus::New.answer(), Ok(AppealStatus::Answered));
    assert_eq!(AppealStatus::Answered.answer(), Err(AlreadyAnswered));
    for s in AppealStatus::ALL {
        assert_eq!(AppealStatus::from_code(s.code()), Some(s));
    }
}

#[test]
fn a_note_is_optional_and_bounded() {
    assert_eq!(Note::parse(None).unwrap().as_deref(), None);
    assert_eq!(Note::parse(Some("  ")).unwrap().as_deref(), None);
    assert_eq!(Note::parse(Some(" Ответили по телефону ")).unwrap().as_deref(), Some("Ответили по телефону"));
    assert_eq!(Note::parse(Some(&"ж".repeat(NOTE_MAX + 1))).unwrap_err().code, "too_long");
}

#[test]
fn the_consent_text_names_the_law() {
    assert!(CONSENT_TEXT.contains("152-ФЗ"));
    assert!(!CONSENT_VERSION.is_empty());
}
