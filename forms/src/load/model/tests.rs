use serde_json::json;

use super::*;

#[test]
fn groups_tables_and_fields_get_their_kinds_and_titles() {
    let schema = json!({"type": "object", "required": ["a"], "properties": {
        "a": {"type": "object", "properties": {"n": {"type": "integer", "minimum": 0, "title": "Число"}}},
        "t": {"type": "array", "title": "Таблица", "items": {"type": "object", "required": ["d"], "properties": {
            "d": {"type": "string", "format": "date"},
            "c": {"type": "string", "enum": ["x", "y"]}
        }}},
        "m": {"type": "array", "items": {"oneOf": [{"const": 1, "title": "Один"}]}},
        "b": {"type": ["boolean", "null"]}
    }});
    let model = Model::read(&schema);
    assert_eq!(model.get("/a").map(|n| n.kind.clone()), Some(NodeKind::Group));
    assert!(model.get("/a").is_some_and(|n| n.required));
    assert_eq!(model.field("/a/n"), Some(&FieldKind::Number { integer: true, minimum: Some(0.0), maximum: None }));
    assert_eq!(model.get("/a/n").map(|n| n.title.as_str()), Some("Число"));
    assert!(model.is_table("/t"));
    assert_eq!(model.field("/t/*/d"), Some(&FieldKind::Date));
    let d = model.get("/t/*/d").expect("column");
    assert_eq!((d.required, d.table.as_deref(), d.title.as_str()), (true, Some("/t"), "d"));
    assert!(matches!(model.field("/t/*/c"), Some(FieldKind::Choice { options }) if options.len() == 2));
    assert!(matches!(model.field("/m"), Some(FieldKind::MultiChoice { options }) if options[0].label == "Один"));
    assert_eq!(model.field("/b"), Some(&FieldKind::Boolean));
}

#[test]
fn local_refs_are_followed_and_cycles_end() {
    let schema = json!({"type": "object", "$defs": {
        "count": {"type": "integer", "title": "Количество"},
        "loop": {"$ref": "#/$defs/loop"}
    }, "properties": {
        "n": {"$ref": "#/$defs/count"},
        "l": {"$ref": "#/$defs/loop", "title": "Петля"}
    }});
    let model = Model::read(&schema);
    assert!(matches!(model.field("/n"), Some(FieldKind::Number { integer: true, .. })));
    assert_eq!(model.get("/n").map(|n| n.title.as_str()), Some("Количество"));
    assert_eq!(model.get("/l").map(|n| n.title.as_str()), Some("Петля"));
}
