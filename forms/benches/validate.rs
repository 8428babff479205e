//! Validation throughput of a 300-field form with three repeated tables of 50 rows: the whole
//! check (strict parse, computed fields, schema, rules, Russian messages) side by side with the
//! bare `serde_json` parse plus `jsonschema` `is_valid` of the same submission.
//!
//! `cargo bench -p cabinet-forms --bench validate`

use std::hint::black_box;
use std::time::{Duration, Instant};

use cabinet_forms::{Limits, load};
use serde_json::{Map, Value, json};

const GROUPS: usize = 14;
const PER_GROUP: usize = 20;
const TABLES: usize = 3;
const COLUMNS: usize = 6;
const ROWS: usize = 50;

fn plugin() -> Value {
    let mut props = Map::new();
    let mut sections = Vec::new();
    let mut rules = Vec::new();
    let mut computed = Vec::new();
    for g in 0..GROUPS {
        let mut fields = Map::new();
        for f in 0..PER_GROUP - 1 {
            fields.insert(
                format!("f{f}"),
                json!({"type": "integer", "title": format!("Показатель {g}.{f}"), "minimum": 0, "maximum": 1_000_000}),
            );
        }
        fields
            .insert("total".into(), json!({"type": "integer", "title": format!("Итого по группе {g}"), "minimum": 0}));
        let required: Vec<String> = (0..PER_GROUP - 1).map(|f| format!("f{f}")).collect();
        props.insert(format!("g{g}"), json!({"type": "object", "title": format!("Группа {g}"), "required": required, "additionalProperties": false, "properties": fields}));
        sections.push(
            json!({"id": format!("g{g}"), "title": format!("Раздел {g}"), "fields": [{"field": format!("/g{g}")}]}),
        );
        let sum: Vec<Value> = (0..PER_GROUP - 1).map(|f| json!({"var": format!("data.g{g}.f{f}")})).collect();
        computed.push(json!({"field": format!("/g{g}/total"), "value": {"+": sum}}));
        rules.push(json!({"id": format!("g{g}-order"), "severity": "error", "fields": [format!("/g{g}/f1"), format!("/g{g}/f0")],
            "message": "Часть не может быть больше целого.", "check": {"<=": [{"var": format!("data.g{g}.f1")}, {"var": format!("data.g{g}.f0")}]}}));
    }
    for t in 0..TABLES {
        let mut cols = Map::new();
        cols.insert("name".into(), json!({"type": "string", "title": "Организация", "minLength": 1, "maxLength": 200}));
        for c in 1..COLUMNS {
            cols.insert(format!("c{c}"), json!({"type": "integer", "title": format!("Столбец {c}"), "minimum": 0}));
        }
        props.insert(format!("t{t}"), json!({"type": "array", "title": format!("Таблица {t}"), "maxItems": 500,
            "items": {"type": "object", "required": ["name", "c1"], "additionalProperties": false, "properties": cols}}));
        sections.push(
            json!({"id": format!("t{t}"), "title": format!("Таблица {t}"), "fields": [{"field": format!("/t{t}")}]}),
        );
        rules.push(json!({"id": format!("t{t}-order"), "severity": "error", "each": format!("/t{t}"), "fields": [format!("/t{t}/*/c2")],
            "message": "Охвачено не может быть больше числа работников.", "check": {"<=": [{"var": "row.c2"}, {"var": "row.c1"}]}}));
    }
    rules.push(json!({"id": "drop", "severity": "warning", "fields": ["/g0/f0"], "message": "Численность упала больше чем на 20 %.",
        "check": {"or": [{"!": {"var": "previous.g0.f0"}}, {">=": [{"var": "data.g0.f0"}, {"*": [0.8, {"var": "previous.g0.f0"}]}]}]}}));
    json!({
        "id": "bench", "version": 1, "title": "Форма для замера", "department": "org-work",
        "reporters": {"kind": "all"}, "period": {"type": "annual", "opens": 1, "due": 60, "locks": 90},
        "schema": {"type": "object", "required": ["g0"], "properties": props},
        "ui": {"sections": sections}, "rules": rules, "computed": computed,
    })
}

fn submission() -> Value {
    let mut data = Map::new();
    for g in 0..GROUPS {
        let mut group = Map::new();
        for f in 0..PER_GROUP - 1 {
            group.insert(format!("f{f}"), json!(1000 - f * 10 - g));
        }
        data.insert(format!("g{g}"), Value::Object(group));
    }
    for t in 0..TABLES {
        let rows: Vec<Value> = (0..ROWS)
            .map(|r| {
                let mut row = Map::new();
                row.insert("name".into(), json!(format!("Первичная профсоюзная организация № {r}")));
                for c in 1..COLUMNS {
                    row.insert(format!("c{c}"), json!(500 - c * 10 + r));
                }
                Value::Object(row)
            })
            .collect();
        data.insert(format!("t{t}"), Value::Array(rows));
    }
    Value::Object(data)
}

/// One measured case: a name and the work of one iteration.
type Case<'a> = (String, Box<dyn FnMut() + 'a>);

/// Runs every case in turn, round after round, so that each sees the same machine load (two
/// shared cores here), and prints each one's median rate over the rounds.
fn measure(cases: &mut [Case<'_>]) -> Vec<f64> {
    const ROUNDS: usize = 15;
    const SLICE: Duration = Duration::from_millis(200);
    for (_, f) in cases.iter_mut() {
        for _ in 0..200 {
            f();
        }
    }
    let mut rates = vec![Vec::with_capacity(ROUNDS); cases.len()];
    for _ in 0..ROUNDS {
        for ((_, f), rates) in cases.iter_mut().zip(&mut rates) {
            let start = Instant::now();
            let mut n = 0u64;
            while start.elapsed() < SLICE {
                for _ in 0..20 {
                    f();
                }
                n += 20;
            }
            rates.push(n as f64 / start.elapsed().as_secs_f64());
        }
    }
    cases
        .iter()
        .zip(rates)
        .map(|((name, _), mut rates)| {
            rates.sort_by(f64::total_cmp);
            let per_second = rates[ROUNDS / 2];
            println!("{name:<58} {per_second:>9.0} /s  {:>7.1} µs", 1e6 / per_second);
            per_second
        })
        .collect()
}

fn main() {
    let plugin = plugin();
    let form =
        load(&serde_json::to_vec(&plugin).expect("json"), &Limits::default()).unwrap_or_else(|p| panic!("{p:#?}"));
    let bytes = serde_json::to_vec(&submission()).expect("json");
    let checked = form.check_bytes(&bytes, None).expect("readable");
    assert!(checked.errors.is_empty(), "{:#?}", checked.errors);
    let bare = jsonschema::validator_for(&plugin["schema"]).expect("schema");
    assert!(bare.is_valid(&serde_json::from_slice::<Value>(&bytes).expect("json")));
    println!(
        "form: {} fields ({} in {TABLES} tables of {ROWS} rows), {} rules, {} computed; submission {} bytes",
        form.fields().len(),
        form.fields().iter().filter(|f| f.table.is_some()).count(),
        form.plugin().rules.len(),
        form.plugin().computed.len(),
        bytes.len()
    );
    let previous: Value = serde_json::from_slice(&bytes).expect("json");
    let mut wrong = submission();
    wrong["g3"]["f2"] = json!(-5);
    wrong["t1"][7]["c2"] = json!(10_000);
    wrong["g5"].as_object_mut().expect("group").remove("f4");
    let wrong = serde_json::to_vec(&wrong).expect("json");
    let errors = form.check_bytes(&wrong, None).expect("readable").errors.len();
    assert_eq!(errors, 3);
    let parts = std::env::var_os("BENCH_PARTS").is_some();
    let value: Value = serde_json::from_slice(&bytes).expect("json");
    let mut p = plugin.clone();
    p["rules"] = json!([]);
    let no_rules = load(&serde_json::to_vec(&p).expect("json"), &Limits::default()).expect("loads");
    p["computed"] = json!([]);
    let bare_form = load(&serde_json::to_vec(&p).expect("json"), &Limits::default()).expect("loads");
    let mut cases: Vec<Case> = vec![
        (
            "bare: serde_json::from_slice + jsonschema is_valid".into(),
            Box::new(|| {
                let v: Value = serde_json::from_slice(black_box(&bytes)).expect("json");
                black_box(bare.is_valid(&v));
            }),
        ),
        (
            "bare: serde_json::from_slice alone".into(),
            Box::new(|| {
                black_box(serde_json::from_slice::<Value>(black_box(&bytes)).expect("json"));
            }),
        ),
        (
            "Cabinet: Form::check_bytes (whole check)".into(),
            Box::new(|| {
                black_box(form.check_bytes(black_box(&bytes), None).expect("readable"));
            }),
        ),
        (
            "Cabinet: Form::check_bytes with the previous period".into(),
            Box::new(|| {
                black_box(form.check_bytes(black_box(&bytes), Some(&previous)).expect("readable"));
            }),
        ),
        (
            format!("Cabinet: Form::check_bytes, {errors} errors in Russian"),
            Box::new(|| {
                black_box(form.check_bytes(black_box(&wrong), None).expect("readable"));
            }),
        ),
    ];
    if parts {
        cases.push((
            "parts: Form::check on a parsed value (clone + check)".into(),
            Box::new(|| {
                black_box(form.check(black_box(&value), None));
            }),
        ));
        cases.push((
            "parts: check_bytes without rules".into(),
            Box::new(|| {
                black_box(no_rules.check_bytes(black_box(&bytes), None).expect("readable"));
            }),
        ));
        cases.push((
            "parts: check_bytes without rules and computed fields".into(),
            Box::new(|| {
                black_box(bare_form.check_bytes(black_box(&bytes), None).expect("readable"));
            }),
        ));
    }
    if let Some(only) = std::env::var_os("BENCH_ONLY") {
        // For a profiler: one case, no ratio.
        let only = only.to_string_lossy().into_owned();
        cases.retain(|(name, _)| name.contains(&only));
        measure(&mut cases);
        return;
    }
    let rates = measure(&mut cases);
    println!("whole check / bare baseline: {:.2}×", rates[2] / rates[0]);
    println!("3 errors / bare baseline: {:.2}×", rates[4] / rates[0]);
}
