//! The 300-field form the http crate benches its page rendering with, and a filled report of
//! it: generated here, committed as `forms/tests/plugins/large-300.json` and
//! `large-300-data.json`. `CABINET_WRITE_FIXTURES=1 cargo test -p cabinet-forms large` writes
//! them again after a change here.

use serde_json::{Map, Value, json};

const SECTIONS: usize = 6;
const PER_SECTION: usize = 48;
const DATA_ROWS: usize = 50;

/// Six sections of 48 fields of every kind, and a table of 12 columns: 300 fields.
pub fn plugin() -> Value {
    let mut properties = Map::new();
    let mut ui = Vec::new();
    for s in 1..=SECTIONS {
        let mut fields = Map::new();
        let mut listed = Vec::new();
        for k in 1..=PER_SECTION {
            let name = format!("f{k:02}");
            let title = format!("Показатель {s}.{k:02}");
            fields.insert(name.clone(), field(k, &title));
            let mut entry = json!({"field": format!("/s{s}/{name}")});
            if k % 12 == 11 {
                entry["widget"] = json!("textarea");
            }
            listed.push(entry);
        }
        properties.insert(
            format!("s{s}"),
            json!({"type": "object", "title": format!("Раздел {s}"), "additionalProperties": false,
                   "required": ["f01", "f02"], "properties": fields}),
        );
        let mut section = json!({"id": format!("s{s}"), "title": format!("Раздел {s}. Показатели"), "fields": listed});
        if s == SECTIONS {
            section["show_if"] = json!({">": [{"var": ["data.s1.f01", 0]}, 0]});
        }
        ui.push(section);
    }
    properties.insert("rows".into(), table());
    let columns: Vec<String> = (1..=12).map(|c| format!("/rows/*/c{c:02}")).collect();
    ui.push(json!({"id": "rows", "title": "Раздел 7. Строки", "fields": [
        {"field": "/rows", "widget": "table", "columns": columns}
    ]}));
    json!({
        "id": "large-300",
        "version": 1,
        "title": "Большая форма (300 полей) для замеров",
        "description": "Форма для замера времени построения и показа страницы отчёта.",
        "department": "organizational",
        "reporters": {"kind": "all"},
        "period": {"type": "annual", "opens": 1, "due": 45, "locks": 75},
        "schema": {"type": "object", "additionalProperties": false, "required": ["s1"], "properties": properties},
        "ui": {"sections": ui},
        "rules": (1..=SECTIONS).map(|s| json!({
            "id": format!("s{s}-part-within-total"), "severity": "error",
            "fields": [format!("/s{s}/f02"), format!("/s{s}/f01")],
            "message": format!("Показатель {s}.02 не может быть больше показателя {s}.01."),
            "check": {"<=": [{"var": [format!("data.s{s}.f02"), 0]}, {"var": [format!("data.s{s}.f01"), 0]}]}
        })).collect::<Vec<_>>(),
        "computed": [{"field": "/s1/f03", "value": {"-": [{"var": ["data.s1.f01", 0]}, {"var": ["data.s1.f02", 0]}]}}],
        "aggregation": {"/s1/f01": "sum", "/s1/f02": "sum", "/rows/*/c03": "sum"}
    })
}

/// Field `k` of a section: integers, a decimal, texts, a date, a choice and a yes/no.
fn field(k: usize, title: &str) -> Value {
    match k % 12 {
        1..=6 => json!({"type": "integer", "minimum": 0, "maximum": 10_000_000, "title": title}),
        7 => json!({"type": "number", "minimum": 0, "title": title, "description": "В рублях, с копейками."}),
        8 => json!({"type": "string", "maxLength": 300, "title": title}),
        9 => json!({"type": "string", "format": "date", "title": title}),
        10 => json!({"type": "string", "title": title, "oneOf": [
            {"const": "yes", "title": "Да, полностью"}, {"const": "partly", "title": "Частично"}, {"const": "no", "title": "Нет"}
        ]}),
        11 => json!({"type": "string", "maxLength": 2000, "title": title}),
        _ => json!({"type": "boolean", "title": title}),
    }
}

fn table() -> Value {
    let mut columns = Map::new();
    for c in 1..=12 {
        let title = format!("Столбец {c}");
        let column = match c {
            1 => json!({"type": "string", "minLength": 1, "maxLength": 300, "title": "Организация"}),
            2 => json!({"type": "string", "title": "Вид", "oneOf": [
                {"const": "a", "title": "Первый"}, {"const": "b", "title": "Второй"}, {"const": "c", "title": "Третий"}
            ]}),
            4 => json!({"type": "number", "minimum": 0, "title": "Сумма, руб."}),
            5 => json!({"type": "string", "format": "date", "title": "Дата"}),
            6 => json!({"type": "boolean", "title": "Отметка"}),
            _ => json!({"type": "integer", "minimum": 0, "title": title}),
        };
        columns.insert(format!("c{c:02}"), column);
    }
    json!({"type": "array", "title": "Строки отчёта", "maxItems": 500, "items": {
        "type": "object", "additionalProperties": false, "required": ["c01", "c02", "c03"], "properties": columns
    }})
}

/// Every field filled, and 50 rows.
pub fn data() -> Value {
    let mut root = Map::new();
    for s in 1..=SECTIONS {
        let mut section = Map::new();
        for k in 1..=PER_SECTION {
            let value = match k % 12 {
                1..=6 => json!(1000 - k),
                7 => json!(1234.5 + k as f64),
                8 => json!(format!("Текст {s}.{k}")),
                9 => json!(format!("2026-01-{:02}", k % 28 + 1)),
                10 => Value::from(["yes", "partly", "no"][k % 3]),
                11 => json!(format!("Пояснение к разделу {s}: {}", "подробно ".repeat(5).trim_end())),
                _ => json!(k % 24 == 0),
            };
            section.insert(format!("f{k:02}"), value);
        }
        if s == 1 {
            section.remove("f03");
        }
        root.insert(format!("s{s}"), Value::Object(section));
    }
    let rows: Vec<Value> = (0..DATA_ROWS)
        .map(|r| {
            let kind = ["a", "b", "c"][r % 3];
            let mut row = json!({"c01": format!("Организация № {}", r + 1), "c02": kind,
                                 "c04": 100.25 + r as f64, "c05": "2025-12-31", "c06": r % 2 == 0});
            for c in [3, 7, 8, 9, 10, 11, 12] {
                row[format!("c{c:02}")] = json!(r * c);
            }
            row
        })
        .collect();
    root.insert("rows".into(), Value::Array(rows));
    Value::Object(root)
}
