//! Hostile form plugins uploaded through the API: each refused with a clear Russian message
//! naming where in the file the problem is — within the server's one-second limit for checking
//! a plugin (past it the answer would be `form_too_complex`, not the refusal checked here) — while
//! a request about another form, sent at the same moment, is answered normally.

use std::time::Instant;

use cabinet_tests::{TestApp, on_both_backends};
use rocket::http::Status;
use serde_json::{Map, Value, json};

use super::{current_period, plugin, report_path, union, upload, upload_text};

/// `$defs` where each level refers twice to the next: 2^levels schemas once expanded.
fn fan_out(levels: usize) -> Value {
    let mut defs = Map::new();
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

/// `anyOf` nested `depth` deep with `branches` branches each.
fn any_of(depth: usize, branches: usize) -> Value {
    let mut node = json!({"type": "integer"});
    for _ in 0..depth {
        node = json!({ "anyOf": vec![node; branches] });
    }
    json!({"type": "object", "properties": {"x": node}})
}

/// The test form with only `schema` replaced, and nothing that points into it.
fn with_schema(dept: &str, schema: Value) -> Value {
    let mut p = plugin("hostile-form", dept, 1);
    p["schema"] = schema;
    for (key, empty) in [
        ("ui", json!({"sections": []})),
        ("rules", json!([])),
        ("computed", json!([])),
        ("aggregation", json!({})),
        ("indicators", json!([])),
    ] {
        p[key] = empty;
    }
    p
}

/// Each hostile file, with where the refusal must point and its code.
fn hostile(dept: &str) -> Vec<(&'static str, String, &'static str, &'static str)> {
    let base = || plugin("hostile-form", dept, 1);
    let text = |v: &Value| v.to_string();
    let mut cases = Vec::new();
    cases.push(("invalid JSON", "{\n  \"id\": \"x\",\n  \"version\": 1,,\n}".to_owned(), "", "invalid_json"));
    let dup = text(&base()).replacen("\"version\":1", "\"version\":1,\"version\":2", 1);
    cases.push(("duplicate keys", dup, "/version", "duplicate_key"));
    let mut p = base();
    p["schema"]["$schema"] = json!("http://json-schema.org/draft-07/schema#");
    cases.push(("another dialect", text(&p), "/schema/$schema", "unsupported_dialect"));
    for (name, target) in [("remote $ref", "https://evil.example/s.json"), ("file $ref", "file:///etc/passwd")] {
        let mut p = base();
        p["schema"]["properties"]["members"]["properties"]["total"] = json!({ "$ref": target });
        cases.push((name, text(&p), "/schema/properties/members/properties/total/$ref", "remote_ref"));
    }
    cases.push(("$ref fan-out", text(&with_schema(dept, fan_out(40))), "/schema/$defs/d", "ref_fanout"));
    cases.push(("anyOf nesting", text(&with_schema(dept, any_of(12, 1))), "/schema", "combinator_depth"));
    cases.push(("anyOf explosion", text(&with_schema(dept, any_of(4, 9))), "/schema", "combinator_product"));
    let props: Map<String, Value> = (0..1_200).map(|i| (format!("f{i}"), json!({"$ref": "#/$defs/n"}))).collect();
    let refs = json!({"type": "object", "properties": props, "$defs": {"n": {"type": "integer"}}});
    cases.push(("too many references", text(&with_schema(dept, refs)), "/schema", "too_many_refs"));
    let mut p = base();
    p["schema"]["properties"]["branches"]["items"]["properties"]["name"]["pattern"] = json!("^(a+)\\1$");
    cases.push((
        "backtracking regex",
        text(&p),
        "/schema/properties/branches/items/properties/name/pattern",
        "bad_regex",
    ));
    let mut p = base();
    p["schema"]["properties"]["branches"]["items"]["properties"]["name"]["pattern"] = json!("^(\\w{100}){100}$");
    cases.push(("huge regex", text(&p), "/schema/properties/branches/items/properties/name/pattern", "bad_regex"));
    let mut p = base();
    p["schema"]["properties"]["members"]["properties"]["total"]["maximum"] = json!(1e300);
    cases.push((
        "number out of range",
        text(&p),
        "/schema/properties/members/properties/total/maximum",
        "number_out_of_range",
    ));
    let mut p = base();
    p["description"] = json!("я".repeat(300_000));
    cases.push(("oversized file", text(&p), "", "too_large"));
    let mut deep = json!({"type": "integer"});
    for _ in 0..40 {
        deep = json!({"type": "object", "properties": {"x": deep}});
    }
    cases.push(("deep nesting", text(&with_schema(dept, deep)), "/schema/properties/x", "too_deep"));
    let wide: Map<String, Value> = (0..2_500).map(|i| (format!("f{i}"), json!({"type": "integer"}))).collect();
    let wide = json!({"type": "object", "properties": wide});
    cases.push(("too many properties", text(&with_schema(dept, wide)), "/schema/properties", "too_many_properties"));
    let mut p = base();
    p["ui"]["sections"][0]["fields"][0]["field"] = json!("/members/nobody");
    cases.push(("ui names no field", text(&p), "/ui/sections/0/fields/0/field", "unknown_field"));
    let mut p = base();
    p["rules"][0]["fields"] = json!(["/members/ghosts"]);
    cases.push(("rule names no field", text(&p), "/rules/0/fields/0", "unknown_field"));
    let mut p = base();
    p["aggregation"] = json!({ "/members/phantom": "sum" });
    cases.push(("aggregation names no field", text(&p), "/aggregation/~1members~1phantom", "unknown_field"));
    cases
}

async fn every_hostile_plugin_is_refused_by_pointer_while_other_forms_are_served(app: TestApp) {
    let u = union(&app, "hostile", 1).await;
    upload(&app, &plugin("served-form", &u.dept_slug, 1), &u.reviewer).await.expect(Status::Created);
    let (org, filler) = (&u.orgs[0].0, &u.orgs[0].1);
    let period = current_period(&app, "served-form", filler).await;
    let other = report_path(org, "served-form", &period);
    for (name, text, pointer, code) in hostile(&u.dept_slug) {
        let started = Instant::now();
        let (refused, served) = tokio::join!(upload_text(&app, &text, &u.reviewer), app.get(&other, Some(filler)));
        println!("{name}: refused in {:?}", started.elapsed());
        served.expect(Status::Ok);
        let refused = refused.expect(Status::UnprocessableEntity);
        assert_eq!(refused.code(), "form_refused", "{name}: {}", refused.text);
        let problems = refused.body["error"]["details"]["problems"].as_array().unwrap();
        let found = problems.iter().find(|p| p["code"] == code && p["pointer"].as_str().unwrap().starts_with(pointer));
        let found = found.unwrap_or_else(|| panic!("{name}: no {code} at {pointer} in {}", refused.text));
        let message = found["message"].as_str().unwrap();
        assert!(message.chars().any(|c| matches!(c, 'а'..='я' | 'А'..='Я')), "{name}: {message}");
    }
    // None of them became a form.
    let forms = app.get("/api/v1/forms", Some(filler)).await.expect(Status::Ok);
    assert!(forms.body.as_array().unwrap().iter().all(|f| f["id"] != "hostile-form"));
}

on_both_backends!(every_hostile_plugin_is_refused_by_pointer_while_other_forms_are_served);
