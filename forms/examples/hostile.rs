//! Prints how long `load` takes to refuse each kind of hostile plugin (and to load a good one).
//!
//! `cargo run --release -p cabinet-forms --example hostile`

#[path = "../tests/plugins/mod.rs"]
mod plugins;

use std::time::Instant;

use cabinet_forms::{Limits, load};
use plugins::*;
use serde_json::{Value, json};

fn main() {
    let mut cases: Vec<(&str, Vec<u8>)> = vec![("a valid plugin (loads)", bytes(&base()))];
    cases.push(("$ref fan-out 2^40", bytes(&with_schema(fan_out(40)))));
    cases.push(("anyOf nested 12 deep", bytes(&with_schema(nested_any_of(12, 1)))));
    cases.push(("anyOf 6 deep × 8 branches written out", bytes(&with_schema(nested_any_of(6, 8)))));
    let mut deep = json!({"type": "integer"});
    for _ in 0..100 {
        deep = json!({"type": "object", "properties": {"x": deep}});
    }
    cases.push(("nesting 200 deep", bytes(&with_schema(deep))));
    let mut regex = base();
    regex["schema"]["properties"]["head"]["pattern"] = json!("^(\\w{500}){500}$");
    cases.push(("regex compiling to a huge program", bytes(&regex)));
    let mut remote = base();
    remote["schema"]["properties"]["total"] = json!({"$ref": "https://10.255.255.1/s.json"});
    cases.push(("remote $ref to an unroutable host", bytes(&remote)));
    let wide: serde_json::Map<String, Value> = (0..60_000).map(|i| (format!("k{i}"), json!(i))).collect();
    let mut big = base();
    big["schema"]["examples"] = json!([wide]);
    cases.push(("60 000 keys in one object (~1 MB)", bytes(&big)));
    let text = String::from_utf8(bytes(&base())).expect("utf-8").replace("\"title\":", "\"title\":\"x\",\"title\":");
    cases.push(("duplicate keys", text.into_bytes()));
    for (name, file) in cases {
        let start = Instant::now();
        let outcome = load(&file, &Limits::default());
        let took = start.elapsed();
        let verdict = match outcome {
            Ok(_) => "loaded".to_owned(),
            Err(p) => format!("refused: {} problem(s), first {} {}", p.len(), p[0].pointer, p[0].code),
        };
        println!("{name:<42} {:>9.3} ms  {verdict}", took.as_secs_f64() * 1e3);
    }
}
