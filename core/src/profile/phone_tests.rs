//! Phone numbers: the forms people write, and the ones refused with a reason.

use super::Phone;

fn e164(input: &str) -> String {
    match Phone::parse(input) {
        Ok(p) => p.e164().to_owned(),
        Err(e) => panic!("{input:?} refused: {}", e.message),
    }
}

fn refusal(input: &str) -> (&'static str, String) {
    match Phone::parse(input) {
        Ok(p) => panic!("{input:?} accepted as {p}"),
        Err(e) => {
            assert_eq!(e.field, "phone", "{input:?}");
            (e.code, e.message)
        }
    }
}

#[test]
fn the_usual_russian_forms_become_e164() {
    for (input, expected) in [
        ("+7 495 123-45-67", "+74951234567"),
        ("8 (495) 123-45-67", "+74951234567"),
        ("+7(912)3456789", "+79123456789"),
        ("8-800-100-20-30", "+78001002030"),
        ("89123456789", "+79123456789"),
        ("7 495 1234567", "+74951234567"),
        ("  +7 (3812) 12-34-56 ", "+73812123456"),
        ("8.495.123.45.67", "+74951234567"),
        ("+7\u{a0}495\u{a0}123\u{2013}45\u{2013}67", "+74951234567"),
    ] {
        assert_eq!(e164(input), expected, "{input:?}");
    }
}

#[test]
fn extensions_are_kept_apart_in_every_spelling() {
    for input in [
        "+7 495 123-45-67 доб. 123",
        "+7 495 123-45-67, доб 123",
        "8 (495) 123-45-67 ДОБ.123",
        "+7 495 123-45-67 добавочный 123",
        "+7 495 123-45-67 ext. 123",
    ] {
        let phone = Phone::parse(input).unwrap_or_else(|e| panic!("{input:?}: {}", e.message));
        assert_eq!(phone.e164(), "+74951234567", "{input:?}");
        assert_eq!(phone.extension(), Some("123"), "{input:?}");
    }
    assert_eq!(Phone::parse("+7 495 123-45-67").unwrap().extension(), None);
}

#[test]
fn display_form_is_grouped_and_reads_back_to_the_same_number() {
    let plain = Phone::parse("84951234567").unwrap();
    assert_eq!(plain.to_string(), "+7 495 123-45-67");
    assert_eq!(plain.tel_uri(), "tel:+74951234567");
    let ext = Phone::parse("8 495 123 45 67 доб. 4021").unwrap();
    assert_eq!(ext.to_string(), "+7 495 123-45-67, доб. 4021");
    assert_eq!(ext.tel_uri(), "tel:+74951234567;ext=4021");
    for phone in [plain, ext] {
        assert_eq!(Phone::parse(&phone.to_string()).unwrap(), phone);
    }
}

#[test]
fn wrong_digit_counts_are_refused_with_the_count() {
    let (code, message) = refusal("+7 495 123-45-678");
    assert_eq!(code, "phone_digit_count");
    assert!(message.contains("12 цифр"), "{message}");
    let (code, message) = refusal("+7 495 123-45-6");
    assert_eq!(code, "phone_digit_count");
    assert!(message.contains("10 цифр"), "{message}");
    let (_, message) = refusal("8 495 123-45-6");
    assert!(message.contains("10 цифр") && message.contains("+7 849 512-34-56"), "{message}");
    let (_, message) = refusal("123-45-67");
    assert!(message.contains("7 цифр") && message.contains("кодом города"), "{message}");
    let (_, message) = refusal("+7 1");
    assert!(message.contains("2 цифры"), "{message}");
    let (_, message) = refusal("+7 495 123-45-67-89-01-23-45-67");
    assert!(message.contains("21 цифра"), "{message}");
}

#[test]
fn ten_digits_without_a_country_code_get_a_suggestion() {
    let (code, message) = refusal("(495) 123-45-67");
    assert_eq!(code, "phone_digit_count");
    assert!(message.contains("+7 495 123-45-67"), "{message}");
}

#[test]
fn other_countries_are_refused() {
    for input in ["+380 44 123 4567", "+1 202 555 0143", "+44 20 7946 0958", "+375 17 123-45-67"] {
        assert_eq!(refusal(input).0, "phone_foreign", "{input:?}");
    }
    let (code, message) = refusal("+7 701 123 45 67");
    assert_eq!(code, "phone_foreign");
    assert!(message.contains("Казахстан"), "{message}");
    assert_eq!(refusal("8 727 123 45 67").0, "phone_foreign");
    let (code, message) = refusal("+8 495 123-45-67");
    assert_eq!(code, "phone_foreign");
    assert!(message.contains("без «+»"), "{message}");
}

#[test]
fn codes_russia_does_not_use_are_refused() {
    for input in ["+7 095 123-45-67", "8 (195) 123-45-67", "+7 595 123-45-67"] {
        assert_eq!(refusal(input).0, "phone_area_code", "{input:?}");
    }
    assert_eq!(refusal("94951234567").0, "phone_format");
}

#[test]
fn stray_characters_and_shapes_are_refused() {
    assert_eq!(refusal("").0, "required");
    assert_eq!(refusal("   ").0, "required");
    let (code, message) = refusal("+7 495 ABC-45-67");
    assert_eq!(code, "phone_characters");
    assert!(message.contains("«A»"), "{message}");
    let (_, message) = refusal("+7 495 123-45-67, +7 495 765-43-21");
    assert!(message.contains("один номер"), "{message}");
    assert_eq!(refusal("7+495 123-45-67").0, "phone_format");
    assert_eq!(refusal("8 (495 123-45-67").0, "phone_format");
    assert_eq!(refusal("8 )495( 123-45-67").0, "phone_format");
    assert_eq!(refusal("8 (495) (123) 45-67").0, "phone_format");
    assert_eq!(refusal("+7 495\n123-45-67").0, "phone_characters");
    assert_eq!(refusal(&format!("+7 495 123-45-67 {}", "-".repeat(30))).0, "too_long");
}

#[test]
fn extensions_must_be_one_to_six_digits() {
    for input in ["+7 495 123-45-67 доб.", "+7 495 123-45-67 доб. 1234567", "+7 495 123-45-67 доб. 12a"] {
        assert_eq!(refusal(input).0, "phone_extension", "{input:?}");
    }
}
