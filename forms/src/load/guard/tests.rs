use serde_json::json;

use super::*;

fn codes(schema: Value) -> Vec<(String, String)> {
    check(&schema, &Limits::default()).into_iter().map(|p| (p.pointer, p.code)).collect()
}

fn pair(pointer: &str, code: &str) -> (String, String) {
    (pointer.to_owned(), code.to_owned())
}

#[test]
fn a_plain_object_schema_passes() {
    let schema = json!({"$schema": DIALECT, "type": "object", "properties": {
        "a": {"type": "string", "pattern": "^[0-9]{3}$", "format": "date"},
        "b": {"$ref": "#/$defs/n"}
    }, "$defs": {"n": {"type": "number", "minimum": 0, "multipleOf": 0.5}}});
    assert_eq!(codes(schema), vec![]);
}

#[test]
fn the_root_must_be_an_object() {
    assert_eq!(codes(json!({"type": "array"})), vec![pair("/schema", "root_not_object")]);
}

#[test]
fn unknown_keywords_are_refused_with_their_pointer() {
    let schema = json!({"type": "object", "properties": {"a": {"type": "integer", "minimun": 0}}});
    assert_eq!(codes(schema), vec![pair("/schema/properties/a/minimun", "unknown_keyword")]);
}

#[test]
fn multiple_of_must_be_positive() {
    let schema = json!({"type": "object", "properties": {"a": {"multipleOf": 0}}});
    assert_eq!(codes(schema), vec![pair("/schema/properties/a/multipleOf", "bad_number")]);
}

#[test]
fn anchors_resolve_and_missing_targets_are_named() {
    let ok = json!({"type": "object", "properties": {"a": {"$ref": "#num"}}, "$defs": {"n": {"$anchor": "num", "type": "number"}}});
    assert_eq!(codes(ok), vec![]);
    let bad = json!({"type": "object", "properties": {"a": {"$ref": "#/$defs/none"}}});
    assert_eq!(codes(bad), vec![pair("/schema/properties/a/$ref", "unresolved_ref")]);
}

#[test]
fn a_recursive_reference_is_measured_once() {
    let schema = json!({"type": "object", "properties": {"tree": {"$ref": "#/$defs/node"}},
        "$defs": {"node": {"type": "object", "properties": {"children": {"type": "array", "items": {"$ref": "#/$defs/node"}}}}}});
    assert_eq!(codes(schema), vec![]);
}
