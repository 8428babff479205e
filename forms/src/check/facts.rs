//! The typed values of a submission for aggregation, so that aggregating never re-reads
//! submissions.

use serde_json::Value;

use crate::field::{Fact, FactValue, FieldKind};
use crate::form::Form;

impl Form {
    /// Every filled field of `data` as a typed fact: numbers as numbers, choices, dates and
    /// texts as text, booleans as booleans; one fact per chosen value of a multiple choice;
    /// table cells with their row.
    pub fn facts(&self, data: &Value) -> Vec<Fact> {
        let mut out = Vec::new();
        for field in &self.fields {
            match &field.table {
                None => push(&mut out, &field.pointer, &field.kind, None, data.pointer(&field.pointer)),
                Some(table) => {
                    let column = field.pointer.strip_prefix(&format!("{table}/*")).unwrap_or_default();
                    let rows = data.pointer(table).and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
                    for (i, row) in rows.iter().enumerate() {
                        let row_no = u32::try_from(i).ok();
                        push(&mut out, &field.pointer, &field.kind, row_no, row.pointer(column));
                    }
                }
            }
        }
        out
    }
}

fn push(out: &mut Vec<Fact>, field: &str, kind: &FieldKind, row: Option<u32>, value: Option<&Value>) {
    let Some(value) = value else { return };
    let mut fact = |value| out.push(Fact { field: field.to_owned(), row, value });
    match (kind, value) {
        (_, Value::Null) => {}
        (FieldKind::MultiChoice { .. }, Value::Array(items)) => {
            items.iter().filter_map(text).for_each(|t| fact(FactValue::Text(t)))
        }
        (FieldKind::Number { .. }, Value::Number(n)) => {
            if let Some(x) = n.as_f64() {
                fact(FactValue::Number(x));
            }
        }
        (_, Value::Bool(b)) => fact(FactValue::Bool(*b)),
        (_, v) => {
            if let Some(t) = text(v) {
                fact(FactValue::Text(t));
            }
        }
    }
}

fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}
