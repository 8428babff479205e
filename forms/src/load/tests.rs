use super::*;

pub(crate) const MEMBERSHIP: &str = include_str!("../../testdata/membership.json");

pub(crate) fn membership() -> Form {
    load(MEMBERSHIP.as_bytes(), &Limits::default()).unwrap_or_else(|p| panic!("{p:#?}"))
}

#[test]
fn the_example_plugin_loads() {
    let form = membership();
    assert_eq!(form.plugin().id, "1-sp");
}

#[test]
fn fields_come_in_ui_order_with_sections_and_roles() {
    let form = membership();
    let order: Vec<&str> = form.fields().iter().map(|f| f.pointer.as_str()).collect();
    assert_eq!(
        order,
        vec![
            "/head",
            "/kind",
            "/reported_on",
            "/members/total",
            "/members/women",
            "/members/youth",
            "/members/share_women",
            "/has_agreements",
            "/agreements/*/name",
            "/agreements/*/workers",
            "/agreements/*/covered",
        ]
    );
    let total = form.field("/members/total").expect("field");
    assert_eq!(
        (total.section.as_deref(), total.required, total.aggregate),
        (Some("main"), true, crate::plugin::Aggregate::Sum)
    );
    assert_eq!(total.title, "Численность членов профсоюза");
    let share = form.field("/members/share_women").expect("field");
    assert!(share.computed);
    let youth = form.field("/members/youth").expect("field");
    assert_eq!(youth.help, "Члены профсоюза не старше 35 лет.");
    let workers = form.field("/agreements/*/workers").expect("column");
    assert_eq!((workers.table.as_deref(), workers.section.as_deref()), (Some("/agreements"), Some("agreements")));
    assert!(
        matches!(&form.field("/kind").expect("field").kind, crate::FieldKind::Choice { options } if options[1].label == "Межрегиональная")
    );
}

#[test]
fn an_indicator_part_without_aggregation_is_summed() {
    let mut plugin: serde_json::Value = serde_json::from_str(MEMBERSHIP).expect("json");
    plugin["aggregation"] = serde_json::json!({});
    let form = load(&serde_json::to_vec(&plugin).expect("json"), &Limits::default()).expect("loads");
    assert_eq!(form.field("/members/women").map(|f| f.aggregate), Some(crate::plugin::Aggregate::Sum));
}

#[test]
fn the_validator_never_fetches_a_reference() {
    let schema = serde_json::json!({"type": "object", "properties": {"a": {"$ref": "http://127.0.0.1:9/s.json"}}});
    assert!(validator(&schema).is_err());
    let file = serde_json::json!({"$ref": "file:///etc/hostname"});
    assert!(validator(&file).is_err());
}

#[test]
fn problems_read_well_when_printed() {
    let problems = load(b"{\"id\": 1}", &Limits::default()).expect_err("refused");
    assert_eq!(problems[0].to_string(), format!("{}: {}", problems[0].pointer, problems[0].message));
}
