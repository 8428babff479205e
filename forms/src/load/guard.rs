//! Pre-checks of a plugin's `schema` that keep compiling and validating it offline, linear and
//! bounded: the dialect, references (local only, fan-out), combinators, regexes, formats and
//! unknown keywords — each refusal with its pointer in the plugin file.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::measure::Measurer;
use crate::limits::Limits;
use crate::pointer;
use crate::problem::Problem;

/// The only dialect a form's schema may declare; its absence means the same.
pub const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// `format` values a schema may use. Any other is refused rather than ignored: a department
/// that writes `"format": "phone"` expects it checked, and it would not be.
pub const FORMATS: [&str; 5] = ["date", "date-time", "time", "email", "uri"];

/// Keywords whose value is one subschema.
const SCHEMA_KEYWORDS: [&str; 11] = [
    "items",
    "additionalProperties",
    "unevaluatedItems",
    "unevaluatedProperties",
    "contains",
    "propertyNames",
    "not",
    "if",
    "then",
    "else",
    "contentSchema",
];
/// Keywords whose value is an array of subschemas.
const ARRAY_KEYWORDS: [&str; 4] = ["allOf", "anyOf", "oneOf", "prefixItems"];
/// Keywords whose value is an object of subschemas.
const MAP_KEYWORDS: [&str; 4] = ["properties", "patternProperties", "$defs", "dependentSchemas"];
/// Keywords that hold no subschema and need no check of their own here (the 2020-12
/// meta-schema checks their shape when the validator is built).
const PLAIN_KEYWORDS: [&str; 27] = [
    "type",
    "enum",
    "const",
    "required",
    "dependentRequired",
    "uniqueItems",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minContains",
    "maxContains",
    "minProperties",
    "maxProperties",
    "title",
    "description",
    "default",
    "examples",
    "$comment",
    "readOnly",
    "writeOnly",
    "deprecated",
    "contentEncoding",
    "contentMediaType",
    "$anchor",
    "$dynamicAnchor",
    "$schema",
];
const NUMBER_KEYWORDS: [&str; 5] = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"];

/// What a subschema is, for the walk: its own keywords with the subschemas under them.
pub(super) fn subschemas(schema: &Map<String, Value>) -> impl Iterator<Item = (String, &Value)> {
    schema.iter().flat_map(|(key, value)| {
        let k = key.as_str();
        let mut out: Vec<(String, &Value)> = Vec::new();
        if SCHEMA_KEYWORDS.contains(&k) {
            out.push((pointer::escape(k), value));
        } else if ARRAY_KEYWORDS.contains(&k) {
            if let Some(items) = value.as_array() {
                out.extend(items.iter().enumerate().map(|(i, v)| (format!("{k}/{i}"), v)));
            }
        } else if MAP_KEYWORDS.contains(&k)
            && let Some(map) = value.as_object()
        {
            let k = pointer::escape(k);
            out.extend(map.iter().map(|(name, v)| (format!("{k}/{}", pointer::escape(name)), v)));
        }
        out
    })
}

/// Checks `schema` (found at `/schema` in the plugin file).
pub fn check(schema: &Value, limits: &Limits) -> Vec<Problem> {
    let mut walk =
        Walk { limits, problems: Vec::new(), refs: Vec::new(), anchors: HashMap::new(), pointers: HashMap::new() };
    match schema.as_object() {
        Some(root) => {
            if root.get("type") != Some(&Value::String("object".into())) {
                walk.problem(
                    "/schema",
                    "root_not_object",
                    "Корень схемы должен иметь «type»: «object» — отчёт заполняется как объект.".into(),
                );
            }
            match root.get("$schema") {
                None => {}
                Some(Value::String(s)) if s == DIALECT => {}
                Some(other) => walk.problem(
                    "/schema/$schema",
                    "unsupported_dialect",
                    format!("Поддерживается только JSON Schema 2020-12 («{DIALECT}»), указано: {other}."),
                ),
            }
        }
        None => {
            walk.problem("/schema", "root_not_object", "Схема данных должна быть объектом с «type»: «object».".into())
        }
    }
    walk.node(schema, "/schema", true);
    if walk.refs.len() > limits.max_refs {
        let max = limits.max_refs;
        walk.problem(
            "/schema",
            "too_many_refs",
            format!("Слишком много ссылок «$ref» в схеме: {}, допустимо не более {max}.", walk.refs.len()),
        );
    }
    let Walk { mut problems, refs, anchors, pointers, .. } = walk;
    if problems.is_empty() {
        problems.extend(Measurer::new(schema, &refs, &anchors, &pointers, limits).run());
    }
    problems
}

struct Walk<'s, 'l> {
    limits: &'l Limits,
    problems: Vec<Problem>,
    /// Every `$ref`/`$dynamicRef`: the node that holds it and its value.
    refs: Vec<(&'s Value, String)>,
    anchors: HashMap<String, &'s Value>,
    /// Pointer in the plugin file of every subschema, by address.
    pointers: HashMap<*const Value, String>,
}

impl<'s> Walk<'s, '_> {
    fn problem(&mut self, pointer: &str, code: &str, message: String) {
        self.problems.push(Problem::new(pointer, code, message));
    }

    fn node(&mut self, node: &'s Value, at: &str, root: bool) {
        self.pointers.insert(node as *const Value, at.to_owned());
        let schema = match node {
            Value::Bool(_) => return,
            Value::Object(schema) => schema,
            _ => {
                self.problem(at, "schema_not_object", "Подсхема должна быть объектом или логическим значением.".into());
                return;
            }
        };
        for (key, value) in schema {
            let here = pointer::push(at, key);
            self.keyword(node, key, value, &here, root);
        }
        for (path, sub) in subschemas(schema) {
            self.node(sub, &format!("{at}/{path}"), false);
        }
    }

    fn keyword(&mut self, node: &'s Value, key: &str, value: &'s Value, here: &str, root: bool) {
        match key {
            "$schema" if !root => self.problem(here, "nested_dialect", "Ключ «$schema» допустим только в корне схемы.".into()),
            "$id" => self.problem(here, "id_refused", "Ключ «$id» не поддерживается: схема формы не может задавать свой адрес и ссылаться на внешние документы.".into()),
            "$ref" | "$dynamicRef" => self.reference(node, value, here),
            "$anchor" | "$dynamicAnchor" => {
                if let Some(name) = value.as_str() {
                    self.anchors.insert(name.to_owned(), node);
                }
            }
            "pattern" => self.regex(value, here),
            "patternProperties" => {
                if let Some(map) = value.as_object() {
                    for name in map.keys() {
                        self.regex(&Value::String(name.clone()), &pointer::push(here, name));
                    }
                }
            }
            "format" => self.format(value, here),
            _ if NUMBER_KEYWORDS.contains(&key) => {
                let ok = value.as_f64().is_some_and(|x| x.is_finite() && (key != "multipleOf" || x > 0.0));
                if !ok {
                    self.problem(here, "bad_number", format!("Значение «{key}» должно быть конечным числом{}.", if key == "multipleOf" { " больше нуля" } else { "" }));
                }
            }
            _ if SCHEMA_KEYWORDS.contains(&key) || ARRAY_KEYWORDS.contains(&key) || MAP_KEYWORDS.contains(&key) || PLAIN_KEYWORDS.contains(&key) => {}
            _ => self.problem(here, "unknown_keyword", format!("Неизвестное ключевое слово схемы «{key}»: проверьте написание (JSON Schema 2020-12).")),
        }
    }

    fn reference(&mut self, node: &'s Value, value: &Value, here: &str) {
        let Some(target) = value.as_str() else {
            self.problem(here, "bad_ref", "Ссылка должна быть строкой.".into());
            return;
        };
        if !target.starts_with('#') {
            self.problem(here, "remote_ref", format!("Ссылка «{target}» запрещена: допустимы только ссылки внутри схемы, начинающиеся с «#» (без сети и файлов)."));
            return;
        }
        self.refs.push((node, target.to_owned()));
    }

    fn regex(&mut self, value: &Value, here: &str) {
        let Some(pattern) = value.as_str() else { return };
        if let Err(error) = regex::RegexBuilder::new(pattern).size_limit(self.limits.max_regex_bytes).build() {
            let message = match error {
                regex::Error::CompiledTooBig(_) => {
                    format!("Регулярное выражение «{pattern}» слишком сложное: упростите его.")
                }
                _ if ["(?=", "(?!", "(?<=", "(?<!"].iter().any(|s| pattern.contains(s)) => format!(
                    "Регулярное выражение «{pattern}» использует просмотр вперёд или назад: он не поддерживается, проверка должна выполняться за линейное время."
                ),
                _ if has_backreference(pattern) => format!(
                    "Регулярное выражение «{pattern}» использует обратную ссылку: она не поддерживается, проверка должна выполняться за линейное время."
                ),
                _ => format!("Регулярное выражение «{pattern}» содержит ошибку."),
            };
            self.problem(here, "bad_regex", message);
        }
    }

    fn format(&mut self, value: &Value, here: &str) {
        let known = value.as_str().is_some_and(|f| FORMATS.contains(&f));
        if !known {
            self.problem(
                here,
                "unknown_format",
                format!("Формат {value} не поддерживается; допустимы: {}.", FORMATS.join(", ")),
            );
        }
    }
}

fn has_backreference(pattern: &str) -> bool {
    let bytes = pattern.as_bytes();
    pattern.contains("\\k<") || bytes.windows(2).any(|w| w[0] == b'\\' && (b'1'..=b'9').contains(&w[1]))
}

#[cfg(test)]
mod tests;
