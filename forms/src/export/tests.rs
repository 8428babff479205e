use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use serde_json::json;

use super::{csv, csv_repeated, xlsx};
use crate::field::{Choice, Fact, FactValue, Field, FieldKind};
use crate::plugin::{Aggregate, Plugin};
use crate::table::{self, Reporter, Table};

fn field(pointer: &str, title: &str, kind: FieldKind, aggregate: Aggregate) -> Field {
    let table = pointer.split_once("/*/").map(|(t, _)| t.to_owned());
    let (help, required, computed, section) = (String::new(), false, false, None);
    Field { pointer: pointer.into(), title: title.into(), help, kind, required, table, computed, aggregate, section }
}

fn number(integer: bool) -> FieldKind {
    FieldKind::Number { integer, minimum: None, maximum: None }
}

fn table() -> Table {
    let plugin: Plugin = serde_json::from_value(json!({
        "id": "t", "version": 1, "title": "Т", "department": "legal", "reporters": {"kind": "all"},
        "period": {"type": "annual", "opens": 1, "due": 10, "locks": 20},
        "schema": {"properties": {"cases": {"title": "Судебные дела"}}},
        "indicators": [{"id": "w", "title": "Доля женщин, %", "numerator": "/women", "denominator": "/total", "scale": 100}]
    }))
    .expect("plugin");
    let outcome = FieldKind::Choice {
        options: vec![Choice { value: json!("won"), label: "Иск удовлетворён".into() }]
    };
    let fields = vec![
        field("/total", "Всего, чел.", number(true), Aggregate::Sum),
        field("/women", "Женщин, чел.", number(true), Aggregate::Sum),
        field("/money", "Взыскано, руб.", number(false), Aggregate::Average),
        field("/date", "Дата отчёта", FieldKind::Date, Aggregate::Count),
        field("/cases/*/outcome", "Результат", outcome, Aggregate::None),
        field("/cases/*/amount", "Сумма, руб.", number(false), Aggregate::Sum),
    ];
    let fact = |field: &str, row, value| Fact { field: field.into(), row, value };
    let reporter = |id: &str, name: &str, facts| Reporter {
        organization: id.into(),
        name: name.into(),
        region: "Тульская область".into(),
        status: "принят".into(),
        version: 1,
        facts,
    };
    let reporters = vec![
        reporter(
            "a",
            "Тульская организация; «Профсоюз»",
            vec![
                fact("/total", None, FactValue::Number(30.0)),
                fact("/women", None, FactValue::Number(10.0)),
                fact("/money", None, FactValue::Number(1500.5)),
                fact("/date", None, FactValue::Text("2026-01-31".into())),
                fact("/cases/*/outcome", Some(0), FactValue::Text("won".into())),
                fact("/cases/*/amount", Some(0), FactValue::Number(1500.5)),
            ],
        ),
        reporter("b", "=HYPERLINK(\"x\")", vec![fact("/total", None, FactValue::Number(0.0))]),
    ];
    table::build::table(&plugin, &fields, reporters, None)
}

#[test]
fn csv_opens_in_russian_excel() {
    let bytes = csv(&table());
    let text = String::from_utf8(bytes).expect("UTF-8");
    let text = text.strip_prefix('\u{feff}').expect("a BOM first");
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "Организация;Регион;Статус;Версия формы;Всего, чел.;Женщин, чел.;Взыскано, руб.;Дата отчёта;Доля женщин, %"
    );
    assert_eq!(lines[1], "\"Тульская организация; «Профсоюз»\";Тульская область;принят;1;30;10;1500,5;31.01.2026;33,3");
    assert_eq!(lines[2], "\"'=HYPERLINK(\"\"x\"\")\";Тульская область;принят;1;0;;;;", "a formula stays text");
    assert_eq!(lines[3], "Итого;;;;30;10;1500,50;1;33,3");
    assert_eq!(lines[4], "Как посчитан итог;;;;сумма;сумма;среднее;число значений;отношение сумм");
    assert_eq!(lines[5], "", "the file ends with CRLF");
    assert!(!text.replace("\r\n", "").contains('\n'), "no bare LF");
}

#[test]
fn csv_of_a_repeated_table_names_each_rows_organization() {
    let bytes = csv_repeated(&table(), 0).expect("the cases table");
    let text = String::from_utf8(bytes).expect("UTF-8");
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').split("\r\n").collect();
    assert_eq!(lines[0], "Организация;Регион;№ строки;Результат;Сумма, руб.");
    assert_eq!(lines[1], "\"Тульская организация; «Профсоюз»\";Тульская область;1;Иск удовлетворён;1500,5");
    assert_eq!(lines[2], "Итого;;;;1500,5");
    assert!(csv_repeated(&table(), 1).is_none());
}

#[test]
fn xlsx_has_numbers_dates_totals_and_a_sheet_per_repeated_table() {
    let bytes = xlsx(&table()).expect("xlsx");
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("opens");
    assert_eq!(book.sheet_names(), ["Организации", "Судебные дела"]);
    let main = book.worksheet_range("Организации").expect("main sheet");
    assert_eq!(main.get((0, 8)), Some(&Data::String("Доля женщин, %".into())));
    assert_eq!(main.get((1, 3)), Some(&Data::Float(1.0)), "the form version is a number");
    assert_eq!(main.get((1, 4)), Some(&Data::Float(30.0)));
    assert_eq!(main.get((1, 6)), Some(&Data::Float(1500.5)));
    let Some(Data::DateTime(date)) = main.get((1, 7)) else { panic!("a date: {:?}", main.get((1, 7))) };
    let (y, m, d, ..) = date.to_ymd_hms_milli();
    assert_eq!((y, m, d), (2026, 1, 31));
    assert_eq!(main.get((2, 0)), Some(&Data::String("=HYPERLINK(\"x\")".into())), "text, not a formula");
    assert_eq!(main.get((3, 0)), Some(&Data::String("Итого".into())));
    assert_eq!(main.get((3, 4)), Some(&Data::Float(30.0)));
    let Some(Data::Float(share)) = main.get((3, 8)) else { panic!("an indicator") };
    assert!((share - 100.0 / 3.0).abs() < 1e-9);
    let cases = book.worksheet_range("Судебные дела").expect("cases sheet");
    assert_eq!(cases.get((1, 3)), Some(&Data::String("Иск удовлетворён".into())));
    assert_eq!(cases.get((1, 4)), Some(&Data::Float(1500.5)));
}
