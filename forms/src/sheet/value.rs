//! One cell's value both ways: JSON data → what the template shows, and what a person typed →
//! the JSON the API takes (labels back to values, numbers as numbers, dates as `YYYY-MM-DD`).

use serde_json::{Number, Value};

use crate::field::{Choice, Field, FieldKind};
use crate::workbook;

/// A cell as read, owned and independent of the reader.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Raw {
    Number(f64),
    Text(String),
    Bool(bool),
    /// A date cell: year, month, day.
    Date(u16, u8, u8),
    /// An Excel error (`#ЗНАЧ!`) or anything else that is no value.
    Error,
}

/// What the template writes in a cell.
pub(super) enum Shown {
    Number(f64),
    Date(rust_xlsxwriter::ExcelDateTime),
    Text(String),
}

/// How the template shows `value` of `field`; nothing for a value it cannot show.
pub(super) fn shown(field: &Field, value: &Value) -> Option<Shown> {
    match (&field.kind, value) {
        (_, Value::Null) => None,
        (FieldKind::Number { .. }, Value::Number(n)) => n.as_f64().map(Shown::Number),
        (FieldKind::Date, Value::String(s)) => {
            Some(workbook::date(s).map_or_else(|| Shown::Text(s.clone()), Shown::Date))
        }
        (FieldKind::Boolean, Value::Bool(b)) => Some(Shown::Text(yes_no(*b).to_owned())),
        (FieldKind::Choice { options }, v) => Some(Shown::Text(label(options, v))),
        (FieldKind::MultiChoice { options }, Value::Array(items)) => {
            Some(Shown::Text(items.iter().map(|v| label(options, v)).collect::<Vec<_>>().join("; ")))
        }
        (_, Value::String(s)) => Some(Shown::Text(s.clone())),
        (_, other) => Some(Shown::Text(other.to_string())),
    }
}

fn yes_no(b: bool) -> &'static str {
    if b { "да" } else { "нет" }
}

fn label(options: &[Choice], value: &Value) -> String {
    match options.iter().find(|o| o.value == *value) {
        Some(o) => o.label.clone(),
        None => value.as_str().map_or_else(|| value.to_string(), str::to_owned),
    }
}

/// Why a typed value is not one the field takes: a stable code and a Russian message.
pub(super) type Refusal = (&'static str, String);

/// The JSON value of a typed cell.
pub(super) fn parse(field: &Field, raw: Raw) -> Result<Value, Refusal> {
    match &field.kind {
        FieldKind::Number { .. } => number(raw),
        FieldKind::Date => date(raw),
        FieldKind::Boolean => boolean(raw),
        FieldKind::Choice { options } => choice(options, raw),
        FieldKind::MultiChoice { options } => {
            let text = text(raw)?;
            let parts = text.as_str().unwrap_or_default().split(';').map(str::trim).filter(|p| !p.is_empty());
            parts.map(|p| choice(options, Raw::Text(p.to_owned()))).collect::<Result<Vec<_>, _>>().map(Value::Array)
        }
        FieldKind::Text { .. } => text(raw),
    }
}

fn number(raw: Raw) -> Result<Value, Refusal> {
    let refusal = || ("not_a_number", "В ячейке должно быть число.".to_owned());
    let n = match raw {
        Raw::Number(n) => n,
        // Russian Excel users type «1 234,5»; a cell formatted as text keeps it as text.
        Raw::Text(t) => t.replace([' ', '\u{a0}', '\u{202f}'], "").replace(',', ".").parse().map_err(|_| refusal())?,
        Raw::Bool(_) | Raw::Date(..) | Raw::Error => return Err(refusal()),
    };
    json_number(n).ok_or_else(refusal)
}

/// A whole number as a JSON integer (so `type: integer` holds), any other as a float.
pub(super) fn json_number(n: f64) -> Option<Value> {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        return Some(Value::Number(Number::from(n as i64)));
    }
    Number::from_f64(n).map(Value::Number)
}

fn date(raw: Raw) -> Result<Value, Refusal> {
    let refusal = || ("not_a_date", "В ячейке должна быть дата в виде ДД.ММ.ГГГГ.".to_owned());
    let iso = match raw {
        Raw::Date(y, m, d) => format!("{y:04}-{m:02}-{d:02}"),
        Raw::Text(t) => {
            let t = t.trim();
            let short = |p: &str| (1..=2).contains(&p.len());
            match t.split('.').collect::<Vec<_>>()[..] {
                [d, m, y] if short(d) && short(m) && y.len() == 4 => format!("{y}-{m:0>2}-{d:0>2}"),
                _ => t.to_owned(),
            }
        }
        _ => return Err(refusal()),
    };
    workbook::date(&iso).map(|_| Value::String(iso)).ok_or_else(refusal)
}

fn boolean(raw: Raw) -> Result<Value, Refusal> {
    match raw {
        Raw::Bool(b) => Ok(Value::Bool(b)),
        Raw::Text(t) if t.trim().to_lowercase() == "да" => Ok(Value::Bool(true)),
        Raw::Text(t) if t.trim().to_lowercase() == "нет" => Ok(Value::Bool(false)),
        _ => Err(("not_yes_no", "Выберите «да» или «нет».".to_owned())),
    }
}

fn choice(options: &[Choice], raw: Raw) -> Result<Value, Refusal> {
    let typed = match raw {
        Raw::Text(t) => t.trim().to_owned(),
        Raw::Number(n) => json_number(n).map(|v| v.to_string()).unwrap_or_default(),
        _ => String::new(),
    };
    let by_label = options.iter().find(|o| o.label.trim().to_lowercase() == typed.to_lowercase());
    // the value itself is taken too: `health`, or `2` for a numeric choice
    let as_json: Option<Value> = serde_json::from_str(&typed).ok();
    let by_value = || {
        options.iter().find(|o| match &o.value {
            Value::String(v) => *v == typed,
            other => as_json.as_ref() == Some(other),
        })
    };
    match by_label.or_else(by_value) {
        Some(o) => Ok(o.value.clone()),
        None => {
            let labels: Vec<&str> = options.iter().map(|o| o.label.as_str()).collect();
            Err(("not_a_choice", format!("Выберите одно из значений списка: {}.", labels.join("; "))))
        }
    }
}

fn text(raw: Raw) -> Result<Value, Refusal> {
    match raw {
        Raw::Text(t) => Ok(Value::String(t)),
        // a phone or a number typed in a text cell: written as Excel shows it
        Raw::Number(n) => Ok(Value::String(json_number(n).map_or_else(|| n.to_string(), |v| v.to_string()))),
        Raw::Bool(b) => Ok(Value::String(yes_no(b).to_owned())),
        Raw::Date(y, m, d) => Ok(Value::String(format!("{d:02}.{m:02}.{y:04}"))),
        Raw::Error => Err(("cell_error", "В ячейке ошибка Excel, а не значение.".to_owned())),
    }
}
