//! The change history's diff: only what changed, with the text people read.

use super::input_tests::{full_input, profile};
use super::{FieldChange, ProfileInput, ResponsibleInput, diff};

fn change(field: &str, old: Option<&str>, new: Option<&str>) -> FieldChange {
    FieldChange { field: field.into(), old: old.map(Into::into), new: new.map(Into::into) }
}

#[test]
fn identical_profiles_have_no_changes() {
    assert_eq!(diff(&profile(full_input()), &profile(full_input())), []);
    // Different spellings of the same values are no change either.
    let respelled = ProfileInput { phone: "+7 (4822) 123456".into(), email: "TVER@przrf.ru".into(), ..full_input() };
    assert_eq!(diff(&profile(full_input()), &profile(respelled)), []);
}

#[test]
fn changed_added_and_cleared_fields_are_listed_in_form_order() {
    let old = profile(full_input());
    let new = profile(ProfileInput {
        chairman: "Сидорова Анна Ивановна".into(),
        phone: "8 (4822) 65-43-21 доб. 5".into(),
        website: "".into(),
        responsible: ResponsibleInput { email: "".into(), ..full_input().responsible },
        ..full_input()
    });
    assert_eq!(
        diff(&old, &new),
        [
            change("chairman", Some("Иванова Мария Петровна"), Some("Сидорова Анна Ивановна")),
            change("phone", Some("+7 482 212-34-56"), Some("+7 482 265-43-21, доб. 5")),
            change("website", Some("https://tver.przrf.ru/"), None),
            change("responsible.email", Some("petrov@przrf.ru"), None),
        ]
    );
}

#[test]
fn social_pages_are_compared_as_a_set() {
    let old = profile(full_input());
    let new = profile(ProfileInput {
        social: vec!["https://ok.ru/tver".into(), "https://vk.com/tver_przrf".into()],
        ..full_input()
    });
    assert_eq!(
        diff(&old, &new),
        [change("social", Some("https://t.me/tver_przrf"), None), change("social", None, Some("https://ok.ru/tver")),]
    );
}

#[test]
fn a_reordering_of_social_pages_is_one_change() {
    let old = profile(full_input());
    let mut reordered = full_input();
    reordered.social.reverse();
    assert_eq!(
        diff(&old, &profile(reordered)),
        [change(
            "social",
            Some("https://vk.com/tver_przrf\nhttps://t.me/tver_przrf"),
            Some("https://t.me/tver_przrf\nhttps://vk.com/tver_przrf"),
        )]
    );
}

#[test]
fn removing_the_responsible_employee_lists_each_of_their_fields() {
    let old = profile(full_input());
    let new = profile(ProfileInput { responsible: ResponsibleInput::default(), ..full_input() });
    let fields: Vec<String> = diff(&old, &new).into_iter().map(|c| c.field).collect();
    assert_eq!(fields, ["responsible.name", "responsible.position", "responsible.email", "responsible.phone"]);
    assert!(diff(&new, &old).iter().all(|c| c.old.is_none() && c.new.is_some()));
}
