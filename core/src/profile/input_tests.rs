//! The profile form: every problem reported at once with its path, drafts saved incomplete,
//! the responsible employee all-or-nothing.

use super::{Profile, ProfileInput, RequiredField, ResponsibleInput};

pub(super) fn full_input() -> ProfileInput {
    ProfileInput {
        full_name: "Тверская областная организация Профсоюза работников здравоохранения РФ".into(),
        chairman: "Иванова Мария Петровна".into(),
        address: "170100, г. Тверь, ул. Советская, д. 1".into(),
        phone: "8 (4822) 12-34-56".into(),
        email: "Tver@Przrf.ru".into(),
        website: "https://tver.przrf.ru".into(),
        social: vec!["https://vk.com/tver_przrf".into(), "https://t.me/tver_przrf".into()],
        responsible: ResponsibleInput {
            name: "Петров Пётр Петрович".into(),
            position: "специалист по информационной работе".into(),
            email: "petrov@przrf.ru".into(),
            phone: "+7 912 345-67-89 доб. 12".into(),
        },
    }
}

pub(super) fn profile(input: ProfileInput) -> Profile {
    input.parse().unwrap_or_else(|e| panic!("refused: {e:?}"))
}

fn refused(input: ProfileInput) -> Vec<(String, &'static str)> {
    match input.parse() {
        Ok(p) => panic!("accepted: {p:?}"),
        Err(errors) => errors.into_iter().map(|e| (e.field, e.code)).collect(),
    }
}

#[test]
fn a_full_form_parses_into_normalised_values() {
    let p = profile(full_input());
    assert_eq!(p.phone().map(|p| p.e164()), Some("+74822123456"));
    assert_eq!(p.email().map(|e| e.as_str()), Some("tver@przrf.ru"));
    assert_eq!(p.social().len(), 2);
    assert_eq!(p.responsible().and_then(|r| r.phone()).and_then(|p| p.extension()), Some("12"));
    assert!(p.completeness().is_empty());
    assert_eq!(p.require_complete(), Ok(()));
}

#[test]
fn every_problem_is_reported_at_once_with_its_path() {
    let input = ProfileInput {
        full_name: "Организация\nс переносом".into(),
        chairman: "И".repeat(201),
        phone: "+380 44 123 4567".into(),
        email: "not-an-address".into(),
        website: "javascript:alert(1)".into(),
        social: vec!["https://vk.com/a".into(), "".into(), "ftp://x.ru".into(), "https://VK.com/a".into()],
        responsible: ResponsibleInput { phone: "123".into(), ..Default::default() },
        ..full_input()
    };
    assert_eq!(
        refused(input),
        [
            ("full_name".to_owned(), "control_characters"),
            ("chairman".to_owned(), "too_long"),
            ("phone".to_owned(), "phone_foreign"),
            ("email".to_owned(), "invalid_email"),
            ("website".to_owned(), "url_scheme"),
            ("social[2]".to_owned(), "url_scheme"),
            ("social[3]".to_owned(), "duplicate"),
            ("responsible.phone".to_owned(), "phone_digit_count"),
            ("responsible.name".to_owned(), "required"),
        ]
    );
}

#[test]
fn a_draft_may_lack_required_fields_and_says_which() {
    let p =
        profile(ProfileInput { chairman: "Иванова Мария Петровна".into(), ..Default::default() });
    assert_eq!(
        p.completeness(),
        [RequiredField::FullName, RequiredField::Address, RequiredField::Phone, RequiredField::Email]
    );
    let Err(refusals) = p.require_complete() else { panic!("an incomplete profile passed") };
    let paths: Vec<&str> = refusals.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(paths, ["full_name", "address", "phone", "email"]);
    assert!(refusals[0].message.contains("полное наименование"), "{}", refusals[0].message);
    assert!(profile(ProfileInput::default()).completeness().len() == 5);
}

#[test]
fn blank_values_mean_not_given() {
    let p = profile(ProfileInput {
        website: "   ".into(),
        social: vec![" ".into(), "".into()],
        responsible: ResponsibleInput { name: " ".into(), ..Default::default() },
        ..full_input()
    });
    assert!(p.website().is_none() && p.social().is_empty() && p.responsible().is_none());
}

#[test]
fn more_than_ten_social_pages_are_refused() {
    let pages = |n: usize| (0..n).map(|i| format!("https://vk.com/page{i}")).collect::<Vec<_>>();
    assert_eq!(profile(ProfileInput { social: pages(10), ..full_input() }).social().len(), 10);
    assert_eq!(refused(ProfileInput { social: pages(11), ..full_input() }), [("social".to_owned(), "too_many")]);
}

#[test]
fn a_responsible_employee_needs_a_name_and_a_contact() {
    let only_position = ResponsibleInput { position: "пресс-секретарь".into(), ..Default::default() };
    assert_eq!(
        refused(ProfileInput { responsible: only_position, ..full_input() }),
        [("responsible.name".to_owned(), "required"), ("responsible.email".to_owned(), "responsible_contact")]
    );
    let name_only = ResponsibleInput { name: "Петров П. П.".into(), ..Default::default() };
    assert_eq!(
        refused(ProfileInput { responsible: name_only, ..full_input() }),
        [("responsible.email".to_owned(), "responsible_contact")]
    );
    for contact in [
        ResponsibleInput { name: "Петров П. П.".into(), email: "p@przrf.ru".into(), ..Default::default() },
        ResponsibleInput { name: "Петров П. П.".into(), phone: "89123456789".into(), ..Default::default() },
    ] {
        let p = profile(ProfileInput { responsible: contact, ..full_input() });
        let r = p.responsible().expect("a responsible employee");
        assert_eq!((r.name(), r.position()), ("Петров П. П.", None));
    }
}

#[test]
fn the_input_of_a_profile_parses_back_to_it() {
    let p = profile(full_input());
    assert_eq!(profile(p.to_input()), p);
    let draft = profile(ProfileInput { email: "a@b.ru".into(), ..Default::default() });
    assert_eq!(profile(draft.to_input()), draft);
}

#[test]
fn the_form_reads_from_json_with_missing_keys_as_blank() {
    let input: ProfileInput =
        serde_json::from_str(r#"{"full_name": "Организация", "responsible": {"name": "Петров"}}"#).expect("json");
    assert_eq!(input.full_name, "Организация");
    assert_eq!(input.responsible.name, "Петров");
    assert!(input.social.is_empty() && input.phone.is_empty());
}

#[test]
fn a_profile_round_trips_through_the_json_storage_keeps() {
    // Storage keeps `to_input()` as JSON and parses it back on every read.
    for p in [profile(full_input()), profile(ProfileInput::default())] {
        let json = serde_json::to_string(&p.to_input()).expect("json");
        let back: ProfileInput = serde_json::from_str(&json).expect("form");
        assert_eq!(profile(back), p);
    }
    // A row made before the first save holds `{}`: the empty profile.
    let empty: ProfileInput = serde_json::from_str("{}").expect("form");
    assert_eq!(profile(empty).completeness().len(), 5);
}
