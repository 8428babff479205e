use super::*;
use crate::limits::Limits;

fn limits() -> JsonLimits {
    Limits::default().plugin
}

fn codes(problems: &[Problem]) -> Vec<(&str, &str)> {
    problems.iter().map(|p| (p.pointer.as_str(), p.code.as_str())).collect()
}

#[test]
fn reads_a_plain_document_like_serde_json() {
    let text = br#"{"a": [1, 2.5, "x", null, true], "b": {"c": -3}}"#;
    let strict = read(text, &limits()).expect("valid");
    let loose: Value = serde_json::from_slice(text).expect("valid");
    assert_eq!(strict, loose);
}

#[test]
fn every_duplicate_key_is_reported_with_its_pointer() {
    let text = br#"{"a": 1, "a": 2, "b": {"c/d": 1, "c/d": 2}}"#;
    let problems = read(text, &limits()).expect_err("duplicates");
    assert_eq!(codes(&problems), vec![("/a", "duplicate_key"), ("/b/c~1d", "duplicate_key")]);
    assert!(problems[0].message.contains("повторяется"));
}

#[test]
fn invalid_json_names_line_and_column() {
    let problems = read(b"{\n  \"a\": 1,\n  oops\n}", &limits()).expect_err("syntax");
    assert_eq!(problems[0].code, "invalid_json");
    assert!(problems[0].message.contains("строка 3"), "{}", problems[0].message);
    assert!(problems[0].message.contains("столбец 3"), "{}", problems[0].message);
}

#[test]
fn trailing_garbage_is_invalid_json() {
    let problems = read(b"{} {}", &limits()).expect_err("trailing");
    assert_eq!(problems[0].code, "invalid_json");
}

#[test]
fn too_deep_nesting_stops_reading_at_the_limit() {
    let deep = format!("{}{}", "[".repeat(40), "]".repeat(40));
    let problems = read(deep.as_bytes(), &limits()).expect_err("deep");
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].code, "too_deep");
    assert_eq!(problems[0].pointer, format!("/0{}", "/0".repeat(31)));
}

#[test]
fn oversized_documents_are_refused_before_reading() {
    let small = JsonLimits { max_bytes: 10, ..limits() };
    let problems = read(b"[1, 2, 3, 4, 5, 6]", &small).expect_err("big");
    assert_eq!(codes(&problems), vec![("", "too_large")]);
}

#[test]
fn numbers_beyond_the_range_are_reported() {
    let problems =
        read(br#"{"a": 1e16, "b": -2e300, "c": 18446744073709551615, "d": 1e15}"#, &limits()).expect_err("range");
    assert_eq!(
        codes(&problems),
        vec![("/a", "number_out_of_range"), ("/b", "number_out_of_range"), ("/c", "number_out_of_range")]
    );
}

#[test]
fn numbers_beyond_f64_are_invalid_json() {
    let problems = read(br#"{"a": 1e400}"#, &limits()).expect_err("inf");
    assert_eq!(problems[0].code, "invalid_json");
    assert!(problems[0].message.contains("диапазона"));
}

#[test]
fn long_strings_and_keys_are_reported() {
    let small = JsonLimits { max_string_chars: 3, ..limits() };
    let problems = read("{\"abcd\": \"ёжик\", \"ok\": \"ёжи\"}".as_bytes(), &small).expect_err("long");
    assert_eq!(codes(&problems), vec![("/abcd", "string_too_long"), ("/abcd", "string_too_long")]);
}

#[test]
fn too_many_properties_in_one_object_are_refused() {
    let small = JsonLimits { max_object_properties: 2, ..limits() };
    let problems = read(br#"{"x": {"a": 1, "b": 2, "c": 3}}"#, &small).expect_err("wide");
    assert_eq!(codes(&problems), vec![("/x", "too_many_properties")]);
}

#[test]
fn too_many_values_in_total_are_refused() {
    let small = JsonLimits { max_total_values: 5, ..limits() };
    let problems = read(b"[[1, 2], [3, 4], [5, 6]]", &small).expect_err("many");
    assert_eq!(problems[0].code, "too_many_values");
}
