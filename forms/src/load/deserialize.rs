//! Typing the plugin file: a key of the wrong type, a missing key or an unknown key becomes a
//! Russian problem at its pointer instead of serde's English.

use serde_json::Value;

use crate::plugin::Plugin;
use crate::pointer;
use crate::problem::Problem;

pub fn plugin(value: Value) -> Result<Plugin, Vec<Problem>> {
    serde_path_to_error::deserialize::<_, Plugin>(value).map_err(|e| {
        let mut at = String::new();
        for segment in e.path().iter() {
            match segment {
                serde_path_to_error::Segment::Seq { index } => at = pointer::push(&at, &index.to_string()),
                serde_path_to_error::Segment::Map { key } => at = pointer::push(&at, key),
                serde_path_to_error::Segment::Enum { .. } | serde_path_to_error::Segment::Unknown => {}
            }
        }
        vec![problem(at, &e.into_inner().to_string())]
    })
}

/// Restates serde's message (stable English) in Russian.
fn problem(at: String, english: &str) -> Problem {
    let quoted = english.split('`').nth(1).unwrap_or_default();
    if english.starts_with("unknown field") {
        return Problem::new(
            at,
            "unknown_key",
            format!("Неизвестный ключ «{quoted}»: проверьте написание (допустимые ключи — в мета-схеме)."),
        );
    }
    if english.starts_with("missing field") {
        return Problem::new(at, "missing_key", format!("Не хватает обязательного ключа «{quoted}»."));
    }
    if english.starts_with("unknown variant") {
        let expected: Vec<&str> = english.split('`').skip(3).step_by(2).collect();
        return Problem::new(
            at,
            "unknown_value",
            format!("Недопустимое значение «{quoted}»; допустимы: {}.", expected.join(", ")),
        );
    }
    if english.starts_with("invalid type") {
        let expected = english.rsplit("expected ").next().unwrap_or_default();
        return Problem::new(
            at,
            "invalid_type",
            format!("Неверный тип значения: ожидается {}.", expected_ru(expected)),
        );
    }
    if english.starts_with("invalid value") || english.contains("out of range") {
        return Problem::new(
            at,
            "invalid_value",
            "Недопустимое значение: число вне допустимого диапазона или неверного вида.".to_owned(),
        );
    }
    Problem::new(at, "invalid_plugin", "Файл не соответствует формату формы (см. мета-схему).".to_owned())
}

fn expected_ru(expected: &str) -> &'static str {
    match expected {
        e if e.contains("u32") || e.contains("i32") || e.contains("u8") || e.contains("integer") => "целое число",
        e if e.contains("f64") || e.contains("number") => "число",
        e if e.contains("string") => "строка",
        e if e.contains("sequence") => "массив",
        e if e.contains("bool") => "логическое значение (true или false)",
        _ => "объект или значение другого вида (см. мета-схему)",
    }
}
