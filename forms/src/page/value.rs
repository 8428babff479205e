//! One value both ways: JSON data → the text of an HTML `value` attribute, and what a person
//! typed in a field → the JSON the form takes.
//!
//! Typed text that is not what the field takes (a word in a number field) is kept as the string
//! typed: the schema check then reports it at its field in Russian («должно быть целым числом»),
//! and the page shows the person what they typed rather than an empty box.

use serde_json::{Number, Value};

use crate::field::{Choice, FieldKind};

/// The `value` attribute for `value`: empty for nothing, text as is, numbers without exponent
/// or trailing `.0`.
pub(super) fn shown(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => number(n),
        Some(Value::Bool(b)) => b.to_string(),
        Some(other) => other.to_string(),
    }
}

/// A JSON number as a person types it: `12`, `12.5`, `0.0001` (`f64`'s `Display` never uses an
/// exponent and drops a zero fraction).
pub(super) fn number(n: &Number) -> String {
    match (n.as_i64(), n.as_u64(), n.as_f64()) {
        (Some(i), _, _) => i.to_string(),
        (None, Some(u), _) => u.to_string(),
        (None, None, Some(f)) => f.to_string(),
        _ => n.to_string(),
    }
}

/// A limit (`minimum`) for an HTML attribute.
pub(super) fn limit(x: f64) -> String {
    x.to_string()
}

/// The JSON value of a field from every value posted under its name; `None` leaves the field
/// out (nothing typed, so `required` is what reports it).
pub(super) fn typed(kind: &FieldKind, posted: &[&str]) -> Option<Value> {
    match kind {
        FieldKind::Boolean => boolean(posted),
        FieldKind::MultiChoice { options } => {
            let mut chosen: Vec<Value> = Vec::new();
            for v in posted.iter().map(|v| v.trim()).filter(|v| !v.is_empty()) {
                let v = choice(options, v);
                if !chosen.contains(&v) {
                    chosen.push(v);
                }
            }
            (!chosen.is_empty()).then_some(Value::Array(chosen))
        }
        // the last of repeated names wins, as in most form readers
        _ => {
            let text = posted.last()?.trim();
            if text.is_empty() {
                return None;
            }
            Some(match kind {
                FieldKind::Number { .. } => parse_number(text).unwrap_or_else(|| Value::String(text.to_owned())),
                FieldKind::Date => Value::String(date(text)),
                FieldKind::Choice { options } => choice(options, text),
                _ => Value::String(text.to_owned()),
            })
        }
    }
}

/// A checkbox posts its hidden marker `false` and, when ticked, `true` after it; a pair of
/// radio buttons posts one of them. Anything ticked wins.
fn boolean(posted: &[&str]) -> Option<Value> {
    let said = |words: [&str; 3]| posted.iter().any(|v| words.contains(&v.trim()));
    if said(["true", "on", "1"]) {
        Some(Value::Bool(true))
    } else if said(["false", "off", "0"]) {
        Some(Value::Bool(false))
    } else {
        let other = posted.iter().rev().map(|v| v.trim()).find(|v| !v.is_empty())?;
        Some(Value::String(other.to_owned()))
    }
}

/// The option's own JSON value (a number option stays a number), or the text as posted.
fn choice(options: &[Choice], text: &str) -> Value {
    options
        .iter()
        .find(|o| shown(Some(&o.value)) == text)
        .map_or_else(|| Value::String(text.to_owned()), |o| o.value.clone())
}

/// A number as Russians type it: `1 234,5` or `1234.5`, a sign, thousands apart with spaces
/// (plain, non-breaking or thin). No exponent, no second separator: `1.234,5` is not read.
pub(super) fn parse_number(text: &str) -> Option<Value> {
    let cleaned: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}'))
        .map(|c| if c == '\u{2212}' { '-' } else { c })
        .collect();
    let (minus, digits) = match cleaned.as_bytes().first() {
        Some(b'-') => (true, &cleaned[1..]),
        Some(b'+') => (false, &cleaned[1..]),
        _ => (false, cleaned.as_str()),
    };
    let separators = digits.bytes().filter(|b| matches!(b, b',' | b'.')).count();
    let well_formed = digits.bytes().all(|b| b.is_ascii_digit() || matches!(b, b',' | b'.'))
        && digits.bytes().any(|b| b.is_ascii_digit())
        && separators <= 1;
    if !well_formed {
        return None;
    }
    let sign = if minus { "-" } else { "" };
    if separators == 0
        && let Ok(i) = format!("{sign}{digits}").parse::<i64>()
    {
        return Some(Value::from(i));
    }
    let x: f64 = format!("{sign}{}", digits.replace(',', ".")).parse().ok()?;
    json_number(x)
}

/// A whole number as a JSON integer (so `type: integer` holds), any other as a float — as the
/// spreadsheet reader does.
fn json_number(x: f64) -> Option<Value> {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        // within ±9e15 a whole f64 converts to i64 exactly
        return Some(Value::from(x as i64));
    }
    Number::from_f64(x).map(Value::Number)
}

/// `YYYY-MM-DD` as posted by a date input; `ДД.ММ.ГГГГ`, typed where the browser shows a plain
/// text box, turned into it. Whether it is a real date is the schema's to say.
fn date(text: &str) -> String {
    let short = |p: &str| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
    match text.split('.').collect::<Vec<_>>()[..] {
        [d, m, y] if short(d) && short(m) && y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) => {
            format!("{y}-{m:0>2}-{d:0>2}")
        }
        _ => text.to_owned(),
    }
}
