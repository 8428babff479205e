//! The plugin meta-schema, generated from the [`Plugin`](crate::Plugin) types so the two cannot
//! drift; the server publishes it and a department checks its file against it before uploading.

use serde_json::Value;

/// JSON Schema 2020-12 of a plugin file, without schemars' non-standard `format`s (`uint32`,
/// `int32`, `double`, `uint8`…), which browsers' validators reject.
pub fn meta_schema() -> Value {
    let mut schema = schemars::schema_for!(crate::Plugin).to_value();
    strip_formats(&mut schema);
    if let Value::Object(root) = &mut schema {
        root.insert("$schema".into(), Value::String(crate::DIALECT.into()));
        root.insert("title".into(), Value::String("Плагин формы отчётности Cabinet".into()));
        root.insert(
            "description".into(),
            Value::String(
                "Формат файла формы отчётности: идентификатор и версия, ответственное управление, кто отчитывается, \
                 периодичность и сроки, схема данных (JSON Schema 2020-12), представление, правила, вычисляемые поля, \
                 сводные показатели. Проверьте файл по этой схеме перед загрузкой."
                    .into(),
            ),
        );
    }
    schema
}

const NON_STANDARD: [&str; 10] =
    ["uint", "uint8", "uint16", "uint32", "uint64", "int8", "int16", "int32", "int64", "double"];

fn strip_formats(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if map.get("format").and_then(Value::as_str).is_some_and(|f| NON_STANDARD.contains(&f) || f == "float") {
                map.remove("format");
            }
            map.values_mut().for_each(strip_formats);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_formats),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn formats(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(f)) = map.get("format") {
                    out.push(f.clone());
                }
                map.values().for_each(|v| formats(v, out));
            }
            Value::Array(items) => items.iter().for_each(|v| formats(v, out)),
            _ => {}
        }
    }

    #[test]
    fn meta_schema_declares_2020_12_in_russian_without_non_standard_formats() {
        let schema = meta_schema();
        assert_eq!(schema["$schema"], crate::DIALECT);
        assert!(schema["description"].as_str().is_some_and(|d| d.contains("формы отчётности")));
        let mut found = Vec::new();
        formats(&schema, &mut found);
        assert!(found.is_empty(), "formats left: {found:?}");
        assert!(schema["properties"]["version"]["minimum"].is_number(), "schemars keeps the u32 range");
    }

    #[test]
    fn meta_schema_compiles_and_refuses_an_unknown_key() {
        let validator = jsonschema::validator_for(&meta_schema()).expect("meta-schema compiles");
        let bad = serde_json::json!({"id": "x", "versio": 1});
        assert!(!validator.is_valid(&bad));
    }
}
