//! The public view: filled sections only, never the responsible employee.

use serde_json::{Value, json};

use super::input_tests::{full_input, profile};
use super::{ProfileInput, ResponsibleInput};

fn public_json(input: ProfileInput) -> Value {
    serde_json::to_value(profile(input).public_view()).expect("serializable")
}

#[test]
fn a_full_profile_shows_every_public_section() {
    assert_eq!(
        public_json(full_input()),
        json!({
            "full_name": "Тверская областная организация Профсоюза работников здравоохранения РФ",
            "chairman": "Иванова Мария Петровна",
            "contacts": {
                "address": "170100, г. Тверь, ул. Советская, д. 1",
                "phone": {"e164": "+74822123456", "display": "+7 482 212-34-56", "href": "tel:+74822123456"},
                "email": "tver@przrf.ru"
            },
            "website": {"url": "https://tver.przrf.ru/", "display": "https://tver.przrf.ru"},
            "social": [
                {"url": "https://vk.com/tver_przrf", "display": "https://vk.com/tver_przrf", "network": "vk", "label": "ВКонтакте"},
                {"url": "https://t.me/tver_przrf", "display": "https://t.me/tver_przrf", "network": "telegram", "label": "Telegram"}
            ]
        })
    );
}

#[test]
fn the_responsible_employee_is_never_public() {
    let text = public_json(full_input()).to_string();
    for private in ["Петров Пётр", "petrov@przrf.ru", "+79123456789", "специалист", "responsible"] {
        assert!(!text.contains(private), "{private} leaked: {text}");
    }
}

#[test]
fn empty_sections_are_absent_not_null() {
    let only_email = public_json(ProfileInput {
        email: "tver@przrf.ru".into(),
        responsible: ResponsibleInput {
            name: "Петров".into(), phone: "89123456789".into(), ..Default::default()
        },
        ..Default::default()
    });
    assert_eq!(only_email, json!({"contacts": {"email": "tver@przrf.ru"}}));
    let only_site = public_json(ProfileInput { website: "https://профсоюз.рф".into(), ..Default::default() });
    assert_eq!(
        only_site,
        json!({"website": {"url": "https://xn--g1anacfhu6f.xn--p1ai/", "display": "https://профсоюз.рф"}})
    );
    let nothing = profile(ProfileInput::default()).public_view();
    assert!(nothing.is_empty());
    assert_eq!(serde_json::to_value(nothing).expect("json"), json!({}));
    assert!(!profile(full_input()).public_view().is_empty());
}

#[test]
fn unrecognised_social_pages_carry_no_label() {
    let view = public_json(ProfileInput { social: vec!["https://club.example.ru/tver".into()], ..Default::default() });
    assert_eq!(
        view,
        json!({"social": [{"url": "https://club.example.ru/tver", "display": "https://club.example.ru/tver"}]})
    );
}

#[test]
fn a_phone_extension_is_published_with_the_number() {
    let view = public_json(ProfileInput { phone: "8 495 123-45-67 доб. 7".into(), ..Default::default() });
    assert_eq!(
        view["contacts"]["phone"],
        json!({"e164": "+74951234567", "extension": "7", "display": "+7 495 123-45-67, доб. 7", "href": "tel:+74951234567;ext=7"})
    );
}
