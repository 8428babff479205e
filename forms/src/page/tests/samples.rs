//! The forms the page tests use, a filled report of each, and a browser that posts a page back
//! as the template contract says it would.

use serde_json::{Value, json};

use crate::page::{Input, InputWidget, Item, Page};
use crate::{Form, Limits, load};

pub const SHIPPED: [(&str, &str); 4] = [
    ("1-sp", include_str!("../../../../plugins/forms/1-sp.json")),
    ("4-pi", include_str!("../../../../plugins/forms/4-pi.json")),
    ("19-ti", include_str!("../../../../plugins/forms/19-ti.json")),
    ("kdk-2", include_str!("../../../../plugins/forms/kdk-2.json")),
];

pub fn shipped(id: &str) -> Form {
    let (_, text) = SHIPPED.iter().find(|(i, _)| *i == id).expect("shipped");
    load(text.as_bytes(), &Limits::default()).unwrap_or_else(|p| panic!("{id}: {p:#?}"))
}

pub fn from_value(plugin: &Value) -> Form {
    load(&serde_json::to_vec(plugin).expect("json"), &Limits::default()).unwrap_or_else(|p| panic!("{p:#?}"))
}

/// A report as an organization fills it, without computed fields; optional fields left out
/// here and there, a `false` checkbox, a decimal, a row with empty optional cells.
pub fn filled(id: &str) -> Value {
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
            "inspections": {"by_inspectors": 60, "by_commissioners": 900, "violations_found": 700, "demands": 40},
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

/// What a browser posts for the page: every input as the template renders it, row markers, the
/// reserved names a real page adds, and the button pressed.
pub fn browser(page: &Page) -> Vec<(String, String)> {
    let mut pairs = vec![("_csrf".to_owned(), "token".to_owned()), ("revision".to_owned(), "3".to_owned())];
    for section in &page.sections {
        post_items(&section.items, &mut pairs);
    }
    pairs.push(("_action".to_owned(), "save".to_owned()));
    pairs
}

fn post_items(items: &[Item], out: &mut Vec<(String, String)>) {
    for item in items {
        match item {
            Item::Input(input) => post(input, out),
            Item::Group(group) => post_items(&group.items, out),
            Item::Table(table) => {
                for row in &table.rows {
                    out.push((row.name.clone(), String::new()));
                    row.cells.iter().for_each(|c| post(c, out));
                }
            }
        }
    }
}

fn post(input: &Input, out: &mut Vec<(String, String)>) {
    let name = || input.name.clone();
    let mut chosen = input.options.iter().filter(|o| o.selected).map(|o| (name(), o.value.clone()));
    match input.widget {
        InputWidget::Checkbox => {
            out.push((name(), input.marker.clone().expect("a checkbox has its marker")));
            if input.checked {
                out.push((name(), input.value.clone()));
            }
        }
        InputWidget::Checkboxes | InputWidget::Radio => out.extend(chosen),
        InputWidget::Select => out.push(chosen.next_back().unwrap_or_else(|| (name(), String::new()))),
        _ => out.push((name(), input.value.clone())),
    }
}

/// Every input of the page, tables' cells included.
pub fn inputs(page: &Page) -> Vec<&Input> {
    fn walk<'p>(items: &'p [Item], out: &mut Vec<&'p Input>) {
        for item in items {
            match item {
                Item::Input(input) => out.push(input),
                Item::Group(group) => walk(&group.items, out),
                Item::Table(table) => table.rows.iter().for_each(|r| out.extend(&r.cells)),
            }
        }
    }
    let mut out = Vec::new();
    page.sections.iter().for_each(|s| walk(&s.items, &mut out));
    out
}

pub fn input<'p>(page: &'p Page, name: &str) -> &'p Input {
    inputs(page).into_iter().find(|i| i.name == name).unwrap_or_else(|| panic!("no input {name}"))
}

/// The field templates a page shows: its inputs outside tables and its tables' columns.
pub fn shown_fields(page: &Page) -> Vec<String> {
    fn walk(items: &[Item], out: &mut Vec<String>) {
        for item in items {
            match item {
                Item::Input(input) => out.push(input.name.clone()),
                Item::Group(group) => walk(&group.items, out),
                Item::Table(table) => out.extend(table.columns.iter().map(|c| c.name.clone())),
            }
        }
    }
    let mut out = Vec::new();
    page.sections.iter().for_each(|s| walk(&s.items, &mut out));
    out
}
