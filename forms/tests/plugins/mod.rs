//! Plugins for the hostile-plugin tests and the example that times them.

#![allow(dead_code)]

use serde_json::{Value, json};

/// A small valid plugin the tests break one way at a time.
pub fn base() -> Value {
    json!({
        "id": "test-form",
        "version": 1,
        "title": "Проверочная форма",
        "department": "org-work",
        "reporters": {"kind": "all"},
        "period": {"type": "quarterly", "opens": 1, "due": 15, "locks": 45},
        "schema": {
            "type": "object",
            "required": ["total"],
            "properties": {
                "total": {"type": "integer", "title": "Всего", "minimum": 0},
                "women": {"type": "integer", "title": "Женщин", "minimum": 0},
                "head": {"type": "string", "title": "Председатель"},
                "active": {"type": "boolean", "title": "Действует"},
                "rows": {"type": "array", "title": "Строки", "items": {"type": "object", "properties": {
                    "n": {"type": "integer", "title": "Число"}
                }}}
            }
        },
        "ui": {"sections": [
            {"id": "main", "title": "Основное", "fields": [{"field": "/total"}, {"field": "/women"}, {"field": "/head"}]},
            {"id": "rows", "title": "Строки", "fields": [{"field": "/rows", "columns": ["/rows/*/n"]}]}
        ]},
        "rules": [
            {"id": "women", "severity": "error", "fields": ["/women"], "message": "Женщин больше, чем всех.",
             "check": {"<=": [{"var": "data.women"}, {"var": "data.total"}]}},
            {"id": "rows", "severity": "warning", "fields": ["/rows/*/n"], "each": "/rows", "message": "Число не положительное.",
             "check": {">": [{"var": "row.n"}, 0]}}
        ],
        "computed": [{"field": "/head", "value": {"cat": ["№", {"var": "data.total"}]}}],
        "aggregation": {"/total": "sum", "/women": "sum"},
        "indicators": [{"id": "share", "title": "Доля", "numerator": "/women", "denominator": "/total", "scale": 100}]
    })
}

pub fn with_schema(schema: Value) -> Value {
    let mut plugin = base();
    plugin["schema"] = schema;
    plugin["ui"] = json!({"sections": []});
    plugin["rules"] = json!([]);
    plugin["computed"] = json!([]);
    plugin["aggregation"] = json!({});
    plugin["indicators"] = json!([]);
    plugin
}

pub fn bytes(plugin: &Value) -> Vec<u8> {
    serde_json::to_vec(plugin).expect("serializable")
}

/// `$defs` where each level refers twice to the next: 2^levels schemas once expanded.
pub fn fan_out(levels: usize) -> Value {
    let mut defs = serde_json::Map::new();
    for i in 0..levels {
        let next = format!("#/$defs/d{}", i + 1);
        defs.insert(
            format!("d{i}"),
            json!({"type": "object", "properties": {"a": {"$ref": next}, "b": {"$ref": next}}}),
        );
    }
    defs.insert(format!("d{levels}"), json!({"type": "integer"}));
    json!({"type": "object", "properties": {"x": {"$ref": "#/$defs/d0"}}, "$defs": defs})
}

/// `anyOf` nested `depth` deep, each with `branches` branches written out (`branches^depth`
/// paths), or `branches` = 1 for a plain deep chain of two-branch `anyOf`.
pub fn nested_any_of(depth: usize, branches: usize) -> Value {
    let mut node = json!({"type": "integer"});
    for _ in 0..depth {
        let mut items = vec![node.clone(); branches.max(1)];
        if branches <= 1 {
            items.push(json!({"type": "string"}));
        }
        node = json!({"anyOf": items});
    }
    json!({"type": "object", "properties": {"x": node}})
}
