use serde_json::json;

use super::*;

#[test]
fn reads_literal_paths_and_skips_scoped_ones() {
    let expr = json!({"and": [
        {"<=": [{"var": "data.members.women"}, {"var": ["data.members.total", 0]}]},
        {"all": [{"var": "data.agreements"}, {">": [{"var": "workers"}, 0]}]}
    ]});
    assert_eq!(
        vars(&expr),
        vec![
            Var::Path("data.members.women".into()),
            Var::Path("data.members.total".into()),
            Var::Path("data.agreements".into())
        ]
    );
}

#[test]
fn computed_names_and_missing_make_the_whole_context_needed() {
    let expr = json!({"var": {"cat": ["data.", "x"]}});
    assert_eq!(vars(&expr), vec![Var::Dynamic]);
    let needs = Needs::of(&vars(&json!({"missing": ["data.a"]})));
    assert_eq!(needs.data, Need::All);
}

#[test]
fn the_context_holds_only_what_is_read() {
    let needs = Needs::of(&[Var::Path("data.a.b".into()), Var::Path("data.t.1.x".into())]);
    let data = json!({"a": {"b": 1, "c": 2}, "z": 3, "t": [{"x": 1}, {"x": 2, "y": 3}]});
    let arena = Bump::new();
    let converted = convert(&data, &needs.data, &arena);
    assert_eq!(converted.to_serde_value(), json!({"a": {"b": 1}, "t": [null, {"x": 2}]}));
}

#[test]
fn a_check_sees_data_previous_and_row() {
    let engine = Engine::new();
    let check = json!({"and": [
        {"==": [{"var": "data.a"}, 1]},
        {"==": [{"var": "previous.a"}, 2]},
        {"==": [{"var": "row.x"}, 3]}
    ]});
    let expr = Expr::compile(&engine, &check).expect("compiles");
    let arena = Bump::new();
    let d = convert(&json!({"a": 1}), &expr.needs.data, &arena);
    let p = convert(&json!({"a": 2}), &expr.needs.previous, &arena);
    let r = convert(&json!({"x": 3}), &expr.needs.row, &arena);
    assert!(passes(&engine, &expr, context(&arena, d, p, r), &arena));
    let r = convert(&json!({"x": 4}), &expr.needs.row, &arena);
    assert!(!passes(&engine, &expr, context(&arena, d, p, r), &arena));
}
