//! Every kind of hostile or broken plugin is refused with its pointer and a Russian message.
//! Timings are printed by `cargo run --release -p cabinet-forms --example hostile`, not asserted.

mod plugins;

use cabinet_forms::{Limits, Problem, load};
use plugins::*;
use serde_json::json;

fn refused(bytes: &[u8]) -> Vec<Problem> {
    match load(bytes, &Limits::default()) {
        Ok(_) => panic!("loaded a plugin that should be refused"),
        Err(problems) => {
            for p in &problems {
                assert!(p.message.chars().any(|c| ('а'..='я').contains(&c)), "not Russian: {p:?}");
            }
            problems
        }
    }
}

fn has(problems: &[Problem], pointer: &str, code: &str) -> bool {
    problems.iter().any(|p| p.pointer == pointer && p.code == code)
}

#[track_caller]
fn assert_has(problems: &[Problem], pointer: &str, code: &str) {
    assert!(has(problems, pointer, code), "no ({pointer}, {code}) in {problems:#?}");
}

#[test]
fn the_base_plugin_of_these_tests_loads() {
    load(&bytes(&base()), &Limits::default()).unwrap_or_else(|p| panic!("{p:#?}"));
}

#[test]
fn invalid_json_is_refused_with_line_and_column() {
    let p = refused(b"{\n  \"id\": \"x\",\n  \"version\": 1,,\n}");
    assert_has(&p, "", "invalid_json");
    assert!(p[0].message.contains("строка 3, столбец 16"), "{}", p[0].message);
}

#[test]
fn duplicate_keys_anywhere_are_refused_each_with_its_pointer() {
    let text = String::from_utf8(bytes(&base())).expect("utf-8");
    let text =
        text.replacen("\"title\":\"Проверочная форма\"", "\"title\":\"Дубль\",\"title\":\"Проверочная форма\"", 1);
    let text = text.replacen("\"minimum\":", "\"minimum\": 5, \"minimum\":", 1);
    let p = refused(text.as_bytes());
    assert_has(&p, "/title", "duplicate_key");
    assert!(p.iter().any(|p| p.code == "duplicate_key" && p.pointer.starts_with("/schema/properties/")), "{p:#?}");
    assert_eq!(p.len(), 2);
}

#[test]
fn an_oversized_file_is_refused_before_reading() {
    let mut plugin = base();
    plugin["description"] = json!("я".repeat(600_000));
    assert_has(&refused(&bytes(&plugin)), "", "too_large");
}

#[test]
fn deep_nesting_is_refused() {
    let mut deep = json!({"type": "integer"});
    for _ in 0..40 {
        deep = json!({"type": "object", "properties": {"x": deep}});
    }
    let p = refused(&bytes(&with_schema(deep)));
    assert!(p.iter().any(|p| p.code == "too_deep" && p.pointer.starts_with("/schema/properties/x")), "{p:#?}");
}

#[test]
fn too_many_properties_in_one_object_are_refused() {
    let props: serde_json::Map<String, serde_json::Value> =
        (0..2_500).map(|i| (format!("f{i}"), json!({"type": "integer"}))).collect();
    let p = refused(&bytes(&with_schema(json!({"type": "object", "properties": props}))));
    assert_has(&p, "/schema/properties", "too_many_properties");
}

#[test]
fn too_many_values_in_total_are_refused() {
    let rows: Vec<serde_json::Value> = (0..60_000).map(|i| json!([i, i])).collect();
    let mut plugin = base();
    plugin["schema"]["examples"] = json!(rows);
    let p = refused(&bytes(&plugin));
    assert!(p.iter().any(|p| p.code == "too_many_values" && p.pointer.starts_with("/schema/examples/")), "{p:#?}");
}

#[test]
fn overlong_strings_are_refused() {
    let mut plugin = base();
    plugin["title"] = json!("Очень длинное название ".repeat(1_000));
    assert_has(&refused(&bytes(&plugin)), "/title", "string_too_long");
}

#[test]
fn numbers_out_of_range_are_refused() {
    let mut plugin = base();
    plugin["schema"]["properties"]["total"]["maximum"] = json!(1e300);
    plugin["version"] = json!(4_294_967_296_u64);
    let p = refused(&bytes(&plugin));
    assert_has(&p, "/schema/properties/total/maximum", "number_out_of_range");
    let mut plugin = base();
    plugin["version"] = json!(4_294_967_296_u64);
    assert_has(&refused(&bytes(&plugin)), "/version", "invalid_value");
}

#[test]
fn unknown_keys_of_the_format_are_refused_at_the_key() {
    let mut plugin = base();
    plugin["ui"]["sections"][0]["colour"] = json!("red");
    let p = refused(&bytes(&plugin));
    assert_has(&p, "/ui/sections/0/colour", "unknown_key");
    assert!(p[0].message.contains("«colour»"));
}

#[test]
fn a_value_of_the_wrong_type_is_refused_at_its_pointer() {
    let mut plugin = base();
    plugin["rules"][0]["severity"] = json!("fatal");
    assert_has(&refused(&bytes(&plugin)), "/rules/0/severity", "unknown_value");
    let mut plugin = base();
    plugin["period"]["due"] = json!("15");
    // `period` is tagged by `type`: serde reads it whole, so the pointer stops at it.
    assert_has(&refused(&bytes(&plugin)), "/period", "invalid_type");
}

#[test]
fn identity_problems_are_all_listed() {
    let mut plugin = base();
    plugin["id"] = json!("Форма 1");
    plugin["version"] = json!(0);
    plugin["title"] = json!("  ");
    plugin["department"] = json!("Orgs--");
    let p = refused(&bytes(&plugin));
    for (at, code) in [
        ("/id", "invalid_id"),
        ("/version", "invalid_version"),
        ("/title", "empty_title"),
        ("/department", "invalid_department"),
    ] {
        assert_has(&p, at, code);
    }
}

#[test]
fn another_dialect_is_refused() {
    let mut plugin = base();
    plugin["schema"]["$schema"] = json!("http://json-schema.org/draft-07/schema#");
    assert_has(&refused(&bytes(&plugin)), "/schema/$schema", "unsupported_dialect");
}

#[test]
fn remote_file_and_relative_refs_are_refused_without_fetching() {
    for target in ["https://example.com/s.json", "file:///etc/passwd", "other.json#/x", "//host/x"] {
        let mut plugin = base();
        plugin["schema"]["properties"]["total"] = json!({"$ref": target});
        assert_has(&refused(&bytes(&plugin)), "/schema/properties/total/$ref", "remote_ref");
    }
    let mut plugin = base();
    plugin["schema"]["properties"]["total"] = json!({"$dynamicRef": "https://example.com/s.json#meta"});
    assert_has(&refused(&bytes(&plugin)), "/schema/properties/total/$dynamicRef", "remote_ref");
}

#[test]
fn an_id_that_sets_a_base_is_refused() {
    let mut plugin = base();
    plugin["schema"]["$id"] = json!("https://example.com/form.json");
    assert_has(&refused(&bytes(&plugin)), "/schema/$id", "id_refused");
}

#[test]
fn a_ref_fan_out_is_refused_before_compiling() {
    let p = refused(&bytes(&with_schema(fan_out(30))));
    assert!(p.iter().any(|p| p.code == "ref_fanout" && p.pointer.starts_with("/schema/$defs/d")), "{p:#?}");
}

#[test]
fn deeply_nested_any_of_is_refused() {
    let p = refused(&bytes(&with_schema(nested_any_of(8, 1))));
    assert!(p.iter().any(|p| p.code == "combinator_depth"), "{p:#?}");
}

#[test]
fn an_any_of_explosion_is_refused() {
    let p = refused(&bytes(&with_schema(nested_any_of(4, 8))));
    assert!(p.iter().any(|p| p.code == "combinator_product"), "{p:#?}");
}

#[test]
fn too_many_refs_are_refused() {
    let props: serde_json::Map<String, serde_json::Value> =
        (0..1_200).map(|i| (format!("f{i}"), json!({"$ref": "#/$defs/n"}))).collect();
    let schema = json!({"type": "object", "properties": props, "$defs": {"n": {"type": "integer"}}});
    assert_has(&refused(&bytes(&with_schema(schema))), "/schema", "too_many_refs");
}

#[test]
fn regexes_that_cannot_run_in_linear_time_are_refused() {
    let mut plugin = base();
    plugin["schema"]["properties"]["head"]["pattern"] = json!("^(a+)\\1$");
    plugin["schema"]["properties"]["code"] = json!({"type": "string", "pattern": "^(?=x)x$"});
    plugin["schema"]["patternProperties"] = json!({"(?<!y)z": {"type": "string"}});
    let p = refused(&bytes(&plugin));
    assert_has(&p, "/schema/properties/head/pattern", "bad_regex");
    assert_has(&p, "/schema/properties/code/pattern", "bad_regex");
    assert_has(&p, "/schema/patternProperties/(?<!y)z", "bad_regex");
    assert!(p.iter().any(|p| p.message.contains("обратную ссылку")));
    assert!(p.iter().any(|p| p.message.contains("просмотр вперёд или назад")));
}

#[test]
fn a_regex_that_compiles_to_a_huge_program_is_refused() {
    let mut plugin = base();
    plugin["schema"]["properties"]["head"]["pattern"] = json!("^(\\w{100}){100}$");
    let p = refused(&bytes(&plugin));
    assert_has(&p, "/schema/properties/head/pattern", "bad_regex");
    assert!(p[0].message.contains("слишком сложное"), "{}", p[0].message);
}

#[test]
fn a_regex_with_a_syntax_error_is_refused() {
    let mut plugin = base();
    plugin["schema"]["properties"]["head"]["pattern"] = json!("([a-z");
    assert_has(&refused(&bytes(&plugin)), "/schema/properties/head/pattern", "bad_regex");
}

#[test]
fn unknown_formats_are_refused() {
    let mut plugin = base();
    plugin["schema"]["properties"]["head"]["format"] = json!("phone");
    assert_has(&refused(&bytes(&plugin)), "/schema/properties/head/format", "unknown_format");
}

#[test]
fn a_schema_the_2020_12_meta_schema_refuses_is_refused() {
    let mut plugin = base();
    plugin["schema"]["properties"]["total"]["minLength"] = json!(-1);
    let p = refused(&bytes(&plugin));
    assert!(p.iter().any(|p| p.code == "invalid_schema" && p.pointer.starts_with("/schema")), "{p:#?}");
}

#[test]
fn every_pointer_must_name_a_field() {
    let mut plugin = base();
    plugin["ui"]["sections"][0]["fields"][0]["field"] = json!("/nope");
    plugin["ui"]["sections"][1]["fields"][0]["columns"] = json!(["/rows/*/nope"]);
    plugin["rules"][0]["fields"] = json!(["/total", "/missing"]);
    plugin["rules"][1]["each"] = json!("/total");
    plugin["computed"][0]["field"] = json!("/absent");
    plugin["aggregation"] = json!({"/ghost": "sum"});
    plugin["indicators"][0]["numerator"] = json!("/phantom");
    let p = refused(&bytes(&plugin));
    for (at, code) in [
        ("/ui/sections/0/fields/0/field", "unknown_field"),
        ("/ui/sections/1/fields/0/columns/0", "unknown_column"),
        ("/rules/0/fields/1", "unknown_field"),
        ("/rules/1/each", "not_a_table"),
        ("/computed/0/field", "unknown_field"),
        ("/aggregation/~1ghost", "unknown_field"),
        ("/indicators/0/numerator", "unknown_field"),
    ] {
        assert_has(&p, at, code);
    }
}

#[test]
fn duplicate_ids_are_refused() {
    let mut plugin = base();
    plugin["ui"]["sections"][1]["id"] = json!("main");
    plugin["rules"][1]["id"] = plugin["rules"][0]["id"].clone();
    let mut second = plugin["indicators"][0].clone();
    second["title"] = json!("Ещё раз");
    plugin["indicators"].as_array_mut().expect("array").push(second);
    let p = refused(&bytes(&plugin));
    assert_has(&p, "/ui/sections/1/id", "duplicate_id");
    assert_has(&p, "/rules/1/id", "duplicate_id");
    assert_has(&p, "/indicators/1/id", "duplicate_id");
}

#[test]
fn json_logic_must_compile_and_read_existing_fields() {
    let mut plugin = base();
    plugin["rules"][0]["check"] = json!({"frobnicate": [1, 2]});
    plugin["rules"][1]["check"] = json!({">": [{"var": "row.nope"}, 0]});
    plugin["computed"][0]["value"] = json!({"+": [{"var": "data.totl"}, 1]});
    plugin["ui"]["sections"][1]["show_if"] = json!({"var": "form.x"});
    let p = refused(&bytes(&plugin));
    assert_has(&p, "/rules/0/check", "invalid_logic");
    assert_has(&p, "/rules/1/check", "unknown_variable");
    assert_has(&p, "/computed/0/value", "unknown_variable");
    assert_has(&p, "/ui/sections/1/show_if", "unknown_variable");
}

#[test]
fn computed_fields_must_be_numbers_or_texts() {
    let mut plugin = base();
    plugin["computed"][0]["field"] = json!("/active");
    assert_has(&refused(&bytes(&plugin)), "/computed/0/field", "computed_kind");
}

#[test]
fn sums_of_non_numbers_and_indicators_of_non_sums_are_refused() {
    let mut plugin = base();
    plugin["aggregation"] = json!({"/head": "sum", "/women": "average"});
    let p = refused(&bytes(&plugin));
    assert_has(&p, "/aggregation/~1head", "aggregate_non_number");
    assert_has(&p, "/indicators/0/numerator", "indicator_not_sum");
}

#[test]
fn deadlines_out_of_order_and_bad_periods_are_refused() {
    let mut plugin = base();
    plugin["period"] = json!({"type": "quarterly", "opens": 10, "due": 5, "locks": 45, "first": "2025-01"});
    let p = refused(&bytes(&plugin));
    assert_has(&p, "/period", "deadlines_out_of_order");
    assert_has(&p, "/period/first", "invalid_first_period");
    let mut plugin = base();
    plugin["period"] = json!({"type": "once", "opens": "2026-02-30", "due": "2026-02-20", "locks": "2026-02-10"});
    assert_has(&refused(&bytes(&plugin)), "/period/opens", "invalid_date");
    let mut plugin = base();
    plugin["period"] = json!({"type": "once", "opens": "2026-03-01", "due": "2026-02-20", "locks": "2026-03-10"});
    assert_has(&refused(&bytes(&plugin)), "/period", "deadlines_out_of_order");
}

#[test]
fn every_problem_is_listed_not_only_the_first() {
    let mut plugin = base();
    plugin["id"] = json!("Bad Id");
    plugin["schema"]["properties"]["total"]["$ref"] = json!("https://evil.example/x");
    plugin["schema"]["properties"]["head"]["pattern"] = json!("(?=a)");
    plugin["period"]["due"] = json!(0);
    let p = refused(&bytes(&plugin));
    for (at, code) in [
        ("/id", "invalid_id"),
        ("/schema/properties/total/$ref", "remote_ref"),
        ("/schema/properties/head/pattern", "bad_regex"),
        ("/period", "deadlines_out_of_order"),
    ] {
        assert_has(&p, at, code);
    }
}

#[test]
fn a_duplicate_key_does_not_hide_the_other_problems_of_the_file() {
    let mut plugin = base();
    plugin["schema"]["properties"]["total"] = json!({"$ref": "https://example.com/s.json"});
    let text = String::from_utf8(bytes(&plugin)).expect("utf-8");
    let text = text.replacen("\"version\":1", "\"version\":1,\"version\":1", 1);
    let p = refused(text.as_bytes());
    assert_has(&p, "/version", "duplicate_key");
    assert_has(&p, "/schema/properties/total/$ref", "remote_ref");
}
