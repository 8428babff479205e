use serde_json::{Value, json};

use crate::field::{Fact, FactValue};
use crate::load::tests::membership;

fn good() -> Value {
    json!({
        "head": "Иванов И. И.",
        "kind": "regional",
        "reported_on": "2026-01-15",
        "members": {"total": 200, "women": 80, "youth": 30},
        "has_agreements": true,
        "agreements": [
            {"name": "Завод", "workers": 100, "covered": 90},
            {"name": "Фабрика", "workers": 50, "covered": 50}
        ]
    })
}

fn messages(findings: &[crate::Finding]) -> Vec<(String, String)> {
    findings.iter().map(|f| (f.pointer.clone(), f.message.clone())).collect()
}

#[test]
fn a_right_submission_passes_with_computed_fields_filled() {
    let checked = membership().check(&good(), None);
    assert_eq!(messages(&checked.errors), vec![]);
    assert!(checked.warnings.is_empty());
    assert_eq!(checked.data["members"]["share_women"].as_f64(), Some(40.0));
}

#[test]
fn what_a_submitter_sends_for_a_computed_field_is_replaced() {
    let mut data = good();
    data["members"]["share_women"] = json!(99);
    let checked = membership().check(&data, None);
    assert_eq!(checked.data["members"]["share_women"].as_f64(), Some(40.0));
}

#[test]
fn three_mistakes_are_all_named_in_russian_with_their_paths() {
    let mut data = good();
    data.as_object_mut().expect("object").remove("head");
    data["members"]["women"] = json!(250);
    data["agreements"][1]["covered"] = json!(60);
    let checked = membership().check(&data, None);
    assert_eq!(
        messages(&checked.errors),
        vec![
            ("/head".into(), "Не заполнено обязательное поле «Председатель».".into()),
            ("/members/women".into(), "Женщин не может быть больше, чем всех членов профсоюза.".into()),
            ("/agreements/1/covered".into(), "Охвачено не может быть больше числа работников.".into()),
        ]
    );
    assert_eq!(checked.errors[1].fields, vec!["/members/women", "/members/total"]);
    assert_eq!(checked.errors[2].rule.as_deref(), Some("covered-le-workers"));
}

#[test]
fn schema_errors_name_the_field_by_title_and_the_limit() {
    let mut data = good();
    data["members"]["total"] = json!(-1);
    data["members"]["women"] = json!(0);
    data["agreements"][0]["workers"] = json!("сто");
    data["reported_on"] = json!("15.01.2026");
    data["kind"] = json!("local");
    let checked = membership().check(&data, None);
    let got = messages(&checked.errors);
    for expected in [
        ("/members/total", "Поле «Численность членов профсоюза» должно быть не меньше 0."),
        (
            "/agreements/0/workers",
            "Поле «Работников» (таблица «Коллективные договоры», строка 1) должно быть целым числом.",
        ),
        ("/reported_on", "Поле «Дата отчёта» должно быть датой в виде ГГГГ-ММ-ДД."),
        ("/kind", "Поле «Тип организации»: выберите одно из значений: «Региональная», «Межрегиональная»."),
    ] {
        assert!(got.contains(&(expected.0.into(), expected.1.into())), "{expected:?} not in {got:#?}");
    }
}

#[test]
fn no_validator_english_reaches_a_person() {
    let data = json!({
        "head": "", "kind": 5, "reported_on": "вчера", "members": {"total": 1.5, "women": -2, "extra": 1},
        "has_agreements": "да", "agreements": [{"workers": -1, "unknown": 1}]
    });
    let checked = membership().check(&data, None);
    assert!(checked.errors.len() >= 6, "{:#?}", checked.errors);
    for f in &checked.errors {
        let outside_quotes: String =
            f.message.split('«').map(|part| part.split_once('»').map_or(part, |(_, rest)| rest)).collect();
        let latin_words = outside_quotes.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| w.len() > 2).count();
        assert_eq!(latin_words, 0, "English in {:?}", f.message);
    }
}

#[test]
fn a_required_column_is_named_at_its_own_pointer_in_its_row() {
    let mut data = good();
    data["agreements"][1].as_object_mut().expect("row").remove("name");
    let checked = membership().check(&data, None);
    assert_eq!(
        messages(&checked.errors),
        vec![(
            "/agreements/1/name".into(),
            "Не заполнено обязательное поле «Организация» (таблица «Коллективные договоры», строка 2).".into()
        )]
    );
}

#[test]
fn fields_hidden_by_show_if_do_not_block() {
    let mut data = good();
    data["has_agreements"] = json!(false);
    data["agreements"][0]["covered"] = json!(500);
    data["agreements"][1].as_object_mut().expect("row").remove("name");
    let checked = membership().check(&data, None);
    assert_eq!(messages(&checked.errors), vec![]);
    data["has_agreements"] = json!(true);
    assert_eq!(membership().check(&data, None).errors.len(), 2);
}

#[test]
fn a_drop_from_the_previous_period_is_a_warning() {
    let previous = json!({"members": {"total": 300, "women": 100}});
    let checked = membership().check(&good(), Some(&previous));
    assert!(checked.errors.is_empty());
    assert_eq!(checked.warnings.len(), 1);
    assert_eq!(checked.warnings[0].rule.as_deref(), Some("drop-20"));
    assert_eq!(checked.warnings[0].pointer, "/members/total");
    let steady = json!({"members": {"total": 210, "women": 100}});
    assert!(membership().check(&good(), Some(&steady)).warnings.is_empty());
}

#[test]
fn check_bytes_refuses_duplicate_keys_and_checks_the_rest() {
    let form = membership();
    let problems = form.check_bytes(br#"{"head": "A", "head": "B"}"#, None).expect_err("duplicate");
    assert_eq!(problems[0].pointer, "/head");
    assert_eq!(problems[0].code, "duplicate_key");
    let bytes = serde_json::to_vec(&good()).expect("json");
    let checked = form.check_bytes(&bytes, None).expect("readable");
    assert!(checked.is_ok());
}

#[test]
fn a_submission_that_is_not_an_object_is_one_error() {
    let checked = membership().check(&json!([1, 2]), None);
    assert_eq!(checked.errors.len(), 1);
    assert!(checked.errors[0].message.contains("объектом"));
}

#[test]
fn a_draft_may_be_partial_but_must_be_an_object_within_limits() {
    let form = membership();
    assert_eq!(form.draft(&json!({"members": {"total": -5}})), Ok(()));
    assert!(form.draft(&json!("text")).is_err());
    let mut deep = json!(1);
    for _ in 0..20 {
        deep = json!({"a": deep});
    }
    let problems = form.draft(&deep).expect_err("deep");
    assert_eq!(problems[0].code, "too_deep");
}

#[test]
fn facts_are_typed_with_table_rows() {
    let form = membership();
    let checked = form.check(&good(), None);
    let facts = form.facts(&checked.data);
    let find = |field: &str, row: Option<u32>| {
        facts.iter().find(|f| f.field == field && f.row == row).map(|f| f.value.clone())
    };
    assert_eq!(find("/members/total", None), Some(FactValue::Number(200.0)));
    assert_eq!(find("/members/share_women", None), Some(FactValue::Number(40.0)));
    assert_eq!(find("/kind", None), Some(FactValue::Text("regional".into())));
    assert_eq!(find("/has_agreements", None), Some(FactValue::Bool(true)));
    assert_eq!(find("/agreements/*/workers", Some(1)), Some(FactValue::Number(50.0)));
    assert_eq!(find("/reported_on", None), Some(FactValue::Text("2026-01-15".into())));
    assert!(!facts.contains(&Fact {
        field: "/agreements/*/workers".into(),
        row: Some(2),
        value: FactValue::Number(0.0)
    }));
}

#[test]
fn a_form_is_shared_between_threads() {
    fn shared<T: Send + Sync>() {}
    shared::<crate::Form>();
    let form = std::sync::Arc::new(membership());
    let other = std::sync::Arc::clone(&form);
    let handle = std::thread::spawn(move || other.check(&good(), None).is_ok());
    assert!(handle.join().expect("thread"));
}
