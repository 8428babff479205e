use serde_json::json;

use super::Reporter;
use super::build::table as build;
use crate::field::{Fact, FactValue, Field, FieldKind};
use crate::plugin::{Aggregate, Plugin};

fn plugin() -> Plugin {
    serde_json::from_value(json!({
        "id": "t", "version": 2, "title": "Т", "department": "organizational",
        "reporters": {"kind": "all"},
        "period": {"type": "annual", "opens": 1, "due": 10, "locks": 20},
        "schema": {"type": "object", "properties": {
            "rows": {"type": "array", "title": "Договоры", "items": {"type": "object", "properties": {}}}}},
        "indicators": [
            {"id": "women", "title": "Доля женщин, %", "numerator": "/women", "denominator": "/total", "scale": 100},
            {"id": "cover", "title": "Охват, %", "numerator": "/rows/*/n", "denominator": "/total", "scale": 100}
        ]
    }))
    .expect("test plugin")
}

pub(crate) fn field(pointer: &str, aggregate: Aggregate) -> Field {
    let table = pointer.split_once("/*/").map(|(t, _)| t.to_owned());
    Field {
        pointer: pointer.into(),
        title: pointer.into(),
        help: String::new(),
        kind: FieldKind::Number { integer: true, minimum: None, maximum: None },
        required: false,
        table,
        computed: false,
        aggregate,
        section: None,
    }
}

fn fields() -> Vec<Field> {
    vec![
        field("/total", Aggregate::Sum),
        field("/women", Aggregate::Average),
        field("/low", Aggregate::Min),
        field("/high", Aggregate::Max),
        field("/date", Aggregate::Count),
        field("/note", Aggregate::None),
        field("/rows/*/n", Aggregate::Sum),
        field("/rows/*/name", Aggregate::Count),
    ]
}

fn number(field: &str, n: f64) -> Fact {
    Fact { field: field.into(), row: None, value: FactValue::Number(n) }
}

fn cell(field: &str, row: u32, value: FactValue) -> Fact {
    Fact { field: field.into(), row: Some(row), value }
}

fn reporter(id: &str, region: &str, facts: Vec<Fact>) -> Reporter {
    let (name, status) = (format!("Организация {id}"), "принят".to_owned());
    Reporter { organization: id.into(), name, region: region.into(), status, version: 1, facts }
}

fn two() -> Vec<Reporter> {
    let text = |s: &str| FactValue::Text(s.into());
    vec![
        reporter(
            "a",
            "Москва",
            vec![
                number("/total", 10.0),
                number("/women", 1.0),
                number("/low", 5.0),
                number("/high", 5.0),
                Fact { field: "/date".into(), row: None, value: text("2025-01-31") },
                cell("/rows/*/name", 1, text("второй")),
                cell("/rows/*/n", 1, FactValue::Number(3.0)),
                cell("/rows/*/n", 0, FactValue::Number(2.0)),
                cell("/rows/*/name", 0, text("первый")),
            ],
        ),
        reporter(
            "b",
            "Тула",
            vec![
                number("/total", 100.0),
                number("/women", 90.0),
                number("/low", 7.0),
                number("/high", 7.0),
                number("/note", 4.0),
                number("/unknown", 1.0),
                cell("/rows/*/n", 0, FactValue::Number(50.0)),
            ],
        ),
    ]
}

#[test]
fn totals_follow_each_fields_rule() {
    let table = build(&plugin(), &fields(), two(), None);
    let pointers: Vec<&str> = table.columns.iter().map(|c| c.pointer.as_str()).collect();
    assert_eq!(pointers, ["/total", "/women", "/low", "/high", "/date", "/note"]);
    assert_eq!(table.totals, [Some(110.0), Some(45.5), Some(5.0), Some(7.0), Some(1.0), None]);
    assert_eq!(table.rows[1].values[5], Some(FactValue::Number(4.0)));
}

#[test]
fn indicators_are_ratios_of_sums_never_averages_of_ratios() {
    let table = build(&plugin(), &fields(), two(), None);
    let women = &table.indicators[0];
    assert_eq!((women.numerator, women.denominator), (91.0, 110.0));
    assert_eq!(women.value, Some(91.0 / 110.0 * 100.0), "not (10 % + 90 %) / 2");
    assert_eq!(table.rows[0].indicators[0], Some(10.0));
    assert_eq!(table.rows[1].indicators[0], Some(90.0));
    // a table column as numerator adds up every row of every organization
    assert_eq!(table.indicators[1].value, Some(55.0 / 110.0 * 100.0));
    assert_eq!(table.rows[0].indicators[1], Some(50.0));
}

#[test]
fn an_indicator_over_zero_has_no_value() {
    let zero = vec![reporter("z", "Тула", vec![number("/total", 0.0), number("/women", 0.0)])];
    let table = build(&plugin(), &fields(), zero, None);
    assert_eq!(table.indicators[0].value, None);
    assert_eq!(table.rows[0].indicators, [None, None]);
    let none = build(&plugin(), &fields(), vec![], None);
    assert_eq!(none.indicators[0].value, None);
    assert_eq!(none.totals[0], None, "a sum of nothing is no value");
    assert_eq!(none.totals[4], Some(0.0), "a count of nothing is zero");
}

#[test]
fn repeated_rows_keep_their_organization_and_order() {
    let table = build(&plugin(), &fields(), two(), None);
    let rows = &table.repeated[0];
    assert_eq!((rows.pointer.as_str(), rows.title.as_str()), ("/rows", "Договоры"));
    let seen: Vec<(usize, u32)> = rows.rows.iter().map(|r| (r.reporter, r.row)).collect();
    assert_eq!(seen, [(0, 0), (0, 1), (1, 0)]);
    assert_eq!(rows.rows[0].values, [Some(FactValue::Number(2.0)), Some(FactValue::Text("первый".into()))]);
    assert_eq!(rows.rows[2].values, [Some(FactValue::Number(50.0)), None]);
    assert_eq!(rows.totals, [Some(55.0), Some(2.0)]);
}

#[test]
fn the_values_of_a_multiple_choice_stay_together() {
    let mut fields = fields();
    fields.push(field("/topics", Aggregate::Count));
    let text = |s: &str| Fact { field: "/topics".into(), row: None, value: FactValue::Text(s.into()) };
    let one = vec![reporter("a", "Тула", vec![text("wages"), text("safety")])];
    let table = build(&plugin(), &fields, one, None);
    assert_eq!(table.rows[0].values[6], Some(FactValue::Text("wages;safety".into())));
    assert_eq!(table.totals[6], Some(1.0), "counted once per organization");
}

#[test]
fn a_region_filter_keeps_only_its_organizations() {
    let regions = ["Тула".to_owned()];
    let table = build(&plugin(), &fields(), two(), Some(&regions));
    assert_eq!(table.rows.len(), 1);
    assert_eq!(table.rows[0].organization, "b");
    assert_eq!(table.totals[0], Some(100.0));
    assert_eq!(table.repeated[0].rows.len(), 1);
    assert_eq!(table.repeated[0].rows[0].reporter, 0, "indexes point into the filtered rows");
    assert_eq!(table.indicators[0].value, Some(90.0));
}
