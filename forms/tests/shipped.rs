//! The forms shipped in `plugins/forms/` load, check sample reports as the department means them,
//! and go through the spreadsheet round trip, aggregation and export.

use std::io::Cursor;

use cabinet_forms::sheet::{self, CellProblem};
use cabinet_forms::table::{self, Reporter};
use cabinet_forms::{Form, Limits, export, load};
use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use serde_json::{Value, json};

const SHIPPED: [(&str, &str); 4] = [
    ("1-sp", include_str!("../../plugins/forms/1-sp.json")),
    ("4-pi", include_str!("../../plugins/forms/4-pi.json")),
    ("19-ti", include_str!("../../plugins/forms/19-ti.json")),
    ("kdk-2", include_str!("../../plugins/forms/kdk-2.json")),
];

fn form(id: &str) -> Form {
    let (_, text) = SHIPPED.iter().find(|(i, _)| *i == id).expect("shipped");
    load(text.as_bytes(), &Limits::default()).unwrap_or_else(|p| panic!("{id}: {p:#?}"))
}

/// A correct report of each form, without its computed fields.
fn sample(id: &str) -> Value {
    match id {
        "1-sp" => json!({
            "members": {"total": 1000, "women": 600, "youth": 250, "pensioners": 100, "students": 50},
            "coverage": {"employers": 12, "workers": 1500, "working_members": 850},
            "organizations": {"primary": 12, "created": 1, "closed": 0, "largest": 400},
            "movement": {"joined": 80, "left": 60},
            "report": {"date": "2026-01-20", "executor": "Петрова Анна Сергеевна", "phone": "+7 4872 00-00-00"}
        }),
        "4-pi" => json!({
            "staff": {"inspectors": 2, "lawyers": 1, "volunteers": 5},
            "inspections": {"total": 30, "joint": 4, "violations_found": 120, "violations_eliminated": 100, "demands": 12},
            "money": {"courts": 250000.5, "pretrial": 100000},
            "appeals": {"consultations": 400, "complaints": 40, "complaints_resolved": 30},
            "cases": [
                {"court": "general", "subject": "Взыскание задолженности по заработной плате", "outcome": "won",
                 "amount": 250000.5, "decided": "2026-03-15"},
                {"court": "magistrate", "subject": "Восстановление на работе", "outcome": "pending"}
            ]
        }),
        "19-ti" => json!({
            "staff": {"inspectors": 3, "commissioners": 150, "commissioners_trained": 120, "committees": 20},
            "inspections": {"by_inspectors": 60, "by_commissioners": 900, "violations_found": 700, "demands": 40,
                            "work_suspended": 2},
            "accidents": {"investigated": 2, "fatal": 0},
            "funds": {"spent": 15000.25, "per_worker": 3200},
            "incidents": [
                {"date": "2025-06-02", "employer": "АО «Завод»", "severity": "group", "victims": 2, "inspector": true},
                {"date": "2025-11-20", "employer": "ООО «Стройка»", "severity": "light", "victims": 1, "inspector": false}
            ]
        }),
        "kdk-2" => json!({
            "totals": {"employers": 3, "workers": 2000, "members": 1200, "min_wage_rate": 22440, "average_wage": 61000.5},
            "agreements": [
                {"employer": "ГБУЗ «Областная больница»", "sector": "health", "workers": 900, "members": 700,
                 "valid_from": "2024-01-01", "valid_to": "2026-12-31", "status": "in_force"},
                {"employer": "МБОУ «Школа № 5»", "sector": "education", "workers": 100, "members": 90,
                 "valid_from": "2023-01-01", "valid_to": "2025-12-31", "status": "negotiating"}
            ]
        }),
        _ => unreachable!(),
    }
}

#[test]
fn shipped_plugins_load() {
    for (id, _) in SHIPPED {
        assert_eq!(form(id).plugin().id, id);
    }
}

#[test]
fn every_plugin_file_is_listed() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../plugins/forms");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .expect("plugins/forms")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|name| name.strip_suffix(".json").map(str::to_owned))
        .collect();
    files.sort();
    let mut listed: Vec<&str> = SHIPPED.iter().map(|(id, _)| *id).collect();
    listed.sort();
    assert_eq!(files, listed);
}

#[test]
fn each_sample_report_passes_and_its_template_gives_the_same_report() {
    for (id, _) in SHIPPED {
        let form = form(id);
        let checked = form.check(&sample(id), None);
        assert!(checked.is_ok() && checked.warnings.is_empty(), "{id}: {:#?}", checked.errors);
        let bytes = sheet::template(&form, Some(&checked.data)).expect("template");
        let read = sheet::read(&form, &bytes).unwrap_or_else(|p| panic!("{id}: {p:#?}"));
        assert_eq!(read, sample(id), "{id}: computed fields are left to the server");
        assert_eq!(form.check(&read, None).data, checked.data, "{id}");
    }
}

#[test]
fn the_rules_catch_what_they_are_for() {
    let membership = form("1-sp");
    let mut data = sample("1-sp");
    data["members"]["women"] = json!(1001);
    let checked = membership.check(&data, Some(&json!({"members": {"total": 2000}})));
    let rules: Vec<_> = checked.errors.iter().chain(&checked.warnings).filter_map(|f| f.rule.as_deref()).collect();
    assert!(rules.contains(&"women-within-total"), "{rules:?}");
    assert!(rules.contains(&"members-drop"), "a drop from 2000 to 1000 is a warning: {rules:?}");
    assert_eq!(checked.data["movement"]["net"], json!(20), "joined minus left");
    let agreements = form("kdk-2");
    let mut data = sample("kdk-2");
    data["agreements"][1]["members"] = json!(101);
    data["totals"]["workers"] = json!(999);
    let checked = agreements.check(&data, None);
    let rules: Vec<_> = checked.errors.iter().filter_map(|f| f.rule.as_deref()).collect();
    assert!(rules.contains(&"agreement-members-within-workers"), "{rules:?}");
    assert!(rules.contains(&"agreements-within-workers"), "{rules:?}");
    assert!(rules.contains(&"members-within-workers"), "{rules:?}");
}

#[test]
fn an_upload_is_answered_with_the_apis_problems_named_by_cells() {
    let form = form("1-sp");
    let mut typed = sample("1-sp");
    typed["members"]["total"] = json!("тысяча");
    let bytes = sheet::template(&form, Some(&typed)).expect("template");
    let problems = sheet::read(&form, &bytes).expect_err("text in a number cell");
    let named: Vec<_> = problems.iter().map(|p| (p.cell.as_deref(), p.finding.pointer.as_str())).collect();
    assert_eq!(named, [(Some("'Раздел 1. Численность членов'!B4"), "/members/total")]);

    let mut wrong = sample("1-sp");
    wrong["members"]["women"] = json!(1001);
    let bytes = sheet::template(&form, Some(&wrong)).expect("template");
    let data = sheet::read(&form, &bytes).expect("cells are fine");
    let checked = form.check(&data, None);
    let located: Vec<CellProblem> = sheet::locate(&form, checked.errors.clone());
    assert_eq!(located.len(), checked.errors.len());
    let women = located.iter().find(|p| p.finding.pointer == "/members/women").expect("the rule's problem");
    assert_eq!(women.cell.as_deref(), Some("'Раздел 1. Численность членов'!B5"));
    assert_eq!(women.finding.rule.as_deref(), Some("women-within-total"));

    let other = sheet::template(&self::form("kdk-2"), None).expect("template");
    assert_eq!(sheet::read(&form, &other).expect_err("another form")[0].finding.code, "wrong_form");
}

#[test]
fn facts_aggregate_into_the_table_and_the_export_shows_the_same_numbers() {
    let form = form("kdk-2");
    let mut second = sample("kdk-2");
    second["totals"]["workers"] = json!(3000);
    second["agreements"] = json!([{"employer": "ПАО «Порт»", "sector": "transport", "workers": 2500, "members": 100,
        "valid_from": "2025-01-01", "valid_to": "2027-12-31", "status": "in_force"}]);
    let reporters: Vec<Reporter> = [("a", "Тульская область", sample("kdk-2")), ("b", "Орловская область", second)]
        .into_iter()
        .map(|(id, region, data)| Reporter {
            organization: id.into(),
            name: format!("Организация {id}"),
            region: region.into(),
            status: "принят".into(),
            version: 1,
            facts: form.facts(&form.check(&data, None).data),
        })
        .collect();
    let table = table::build(&form, reporters, None);
    let coverage = table.indicators.iter().find(|i| i.id == "workers-coverage").expect("indicator");
    assert_eq!((coverage.numerator, coverage.denominator), (3500.0, 5000.0));
    assert_eq!(coverage.value, Some(70.0), "(900 + 100 + 2500) / (2000 + 3000), not an average of 50 % and 83 %");
    assert_eq!(table.repeated[0].rows.len(), 3);

    let bytes = export::xlsx(&table).expect("xlsx");
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("opens");
    let main = book.worksheet_range("Организации").expect("main sheet");
    let header: Vec<String> = main.rows().next().expect("header").iter().map(|c| c.to_string()).collect();
    let workers = header.iter().position(|h| h.starts_with("Численность работающих")).expect("workers column");
    let share = header.iter().position(|h| h.starts_with("Охват работников")).expect("indicator column");
    assert_eq!(main.get((3, workers)), Some(&Data::Float(5000.0)), "the totals row");
    assert_eq!(main.get((3, share)), Some(&Data::Float(70.0)));
    assert_eq!(book.sheet_names()[1], "Коллективные договоры");
}

#[test]
fn every_shipped_plugin_passes_the_meta_schema_the_server_serves() {
    let validator = jsonschema::validator_for(&cabinet_forms::meta_schema()).expect("the meta-schema compiles");
    for (id, text) in SHIPPED {
        let plugin: Value = serde_json::from_str(text).expect("JSON");
        let errors: Vec<String> =
            validator.iter_errors(&plugin).map(|e| format!("{}: {e}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{id}: {errors:#?}");
    }
}
