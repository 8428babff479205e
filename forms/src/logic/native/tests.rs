//! The fast path against datalogic: on the shipped forms' expressions, the benchmark's and a
//! few edge shapes, over random data, whenever the fast path answers, datalogic answers the same.

use datalogic_rs::bumpalo::Bump;
use datalogic_rs::{DataValue, Engine};
use serde_json::{Map, Value, json};

use super::*;
use crate::logic::{Expr, Var, context, convert, passes, vars};

const SHIPPED: [&str; 5] = [
    include_str!("../../../../plugins/forms/1-sp.json"),
    include_str!("../../../../plugins/forms/4-pi.json"),
    include_str!("../../../../plugins/forms/19-ti.json"),
    include_str!("../../../../plugins/forms/kdk-2.json"),
    include_str!("../../../testdata/membership.json"),
];

/// A small deterministic generator (xorshift), enough to vary the data.
struct Random(u64);

impl Random {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }

    /// A leaf a submitter could send where a number is expected: in a clean case an integer
    /// (rarely nothing), otherwise anything.
    fn leaf(&mut self, clean: bool) -> Option<Value> {
        if clean {
            return match self.below(40) {
                0 => None,
                1 => Some(json!(-(self.below(1000) as i64))),
                _ => Some(json!(self.below(100_000))),
            };
        }
        Some(match self.below(16) {
            0 => return None,
            1 => Value::Null,
            2 => json!(2.5),
            3 => json!(3.0),
            4 => json!("7"),
            5 => json!(true),
            6 => json!([1]),
            7 => json!(9_007_199_254_740_992_i64),
            8 => json!(9_007_199_254_740_993_i64),
            9 => json!(u64::MAX),
            10 => json!(-(self.below(1000) as i64)),
            11 => json!(4_503_599_627_370_496_i64 + self.below(3) as i64),
            _ => json!(self.below(1000)),
        })
    }
}

/// Puts a random leaf at `keys` (sometimes a non-object on the way, or nothing).
fn plant(random: &mut Random, clean: bool, node: &mut Value, keys: &[&str]) {
    let Some((first, rest)) = keys.split_first() else { return };
    if !node.is_object() {
        return;
    }
    let map = node.as_object_mut().expect("object");
    if rest.is_empty() {
        if let Some(leaf) = random.leaf(clean) {
            map.insert((*first).to_owned(), leaf);
        }
        return;
    }
    let child = map.entry((*first).to_owned()).or_insert_with(|| match random.below(if clean { 100 } else { 12 }) {
        0 => json!(5),
        1 => Value::Null,
        2 => json!([]),
        _ => Value::Object(Map::new()),
    });
    plant(random, clean, child, rest);
}

struct Case {
    data: Value,
    previous: Option<Value>,
    row: Option<Value>,
}

fn case(random: &mut Random, expr: &Value) -> Case {
    let mut data = json!({});
    let mut previous = json!({});
    let mut row = json!({});
    let clean = random.below(2) == 0;
    for var in vars(expr) {
        let Var::Path(path) = var else { continue };
        let parts: Vec<&str> = path.split('.').collect();
        match parts.split_first() {
            Some((&"data", rest)) => plant(random, clean, &mut data, rest),
            Some((&"previous", rest)) => plant(random, clean, &mut previous, rest),
            Some((&"row", rest)) => plant(random, clean, &mut row, rest),
            _ => {}
        }
    }
    let previous = (random.below(5) != 0).then_some(previous);
    let row = (random.below(5) != 0).then_some(row);
    Case { data, previous, row }
}

/// What datalogic makes of `expr` in this case, as the engine's general path does it.
fn datalogic(engine: &Engine, expr: &Expr, c: &Case) -> (Option<Value>, bool) {
    let arena = Bump::new();
    let d = convert(&c.data, &expr.needs.data, &arena);
    let p = c.previous.as_ref().map_or(DataValue::Null, |p| convert(p, &expr.needs.previous, &arena));
    let r = c.row.as_ref().map_or(DataValue::Null, |r| convert(r, &expr.needs.row, &arena));
    let ctx = context(&arena, d, p, r);
    let value = engine.evaluate(&expr.logic, ctx, &arena).ok().map(|v| v.to_serde_value());
    (value, passes(engine, expr, ctx, &arena))
}

/// Compares both paths on `cases` random cases; returns how often the fast path answered.
fn agree(engine: &Engine, expr: &Value, cases: usize) -> usize {
    let compiled = Expr::compile(engine, expr).expect("compiles");
    let Some(native) = &compiled.native else { return 0 };
    let mut random = Random(0x9E37_79B9_7F4A_7C15 ^ cases as u64);
    let mut answered = 0;
    for _ in 0..cases {
        let c = case(&mut random, expr);
        let scope = Scope { data: &c.data, previous: c.previous.as_ref(), row: c.row.as_ref() };
        let (value, pass) = datalogic(engine, &compiled, &c);
        if let Some(n) = native.number(scope) {
            answered += 1;
            assert_eq!(value, Some(Value::from(n)), "{expr} on {:?} {:?} {:?}", c.data, c.previous, c.row);
        }
        if let Some(holds) = native.holds(scope) {
            answered += 1;
            assert_eq!(pass, holds, "{expr} on {:?} {:?} {:?}", c.data, c.previous, c.row);
        }
    }
    answered
}

fn expressions(plugin: &Value) -> Vec<Value> {
    let rules = plugin["rules"].as_array().into_iter().flatten().map(|r| r["check"].clone());
    let computed = plugin["computed"].as_array().into_iter().flatten().map(|c| c["value"].clone());
    rules.chain(computed).collect()
}

#[test]
fn the_fast_path_agrees_with_datalogic_on_the_shipped_forms() {
    let engine = Engine::new();
    let mut native = 0;
    let mut answered = 0;
    for text in SHIPPED {
        let plugin: Value = serde_json::from_str(text).expect("json");
        for expr in expressions(&plugin) {
            let n = agree(&engine, &expr, 400);
            native += usize::from(n > 0);
            answered += n;
        }
    }
    assert!(native >= 12, "only {native} shipped expressions took the fast path");
    assert!(answered > 2_000, "the fast path answered only {answered} times");
}

#[test]
fn the_fast_path_agrees_with_datalogic_on_sums_differences_and_comparisons() {
    let engine = Engine::new();
    let sum: Vec<Value> = (0..19).map(|f| json!({"var": format!("data.g.f{f}")})).collect();
    let shapes = [
        json!({"+": sum}),
        json!({"+": [{"var": "data.a"}, {"var": ["data.b", 5]}, 3, {"-": [{"var": "row.x"}, -2]}]}),
        json!({"-": [{"var": "data.a.b"}, {"var": ["previous.a.b", 0]}]}),
        json!({"<=": [{"var": "row.c2"}, {"var": "row.c1"}]}),
        json!({"<": [{"+": [{"var": "data.x"}, {"var": "data.y"}]}, {"var": ["data.z", 0]}]}),
        json!({">": [{"var": "previous.a"}, 10]}),
        json!({">=": [{"var": ["data.deep.er.still", 1]}, {"var": "data.a"}]}),
    ];
    for expr in shapes {
        assert!(agree(&engine, &expr, 3_000) > 300, "{expr} rarely took the fast path");
    }
}

#[test]
fn other_shapes_stay_with_datalogic() {
    for expr in [
        json!({"+": [{"var": "data.a"}]}),
        json!({"-": [{"var": "data.a"}]}),
        json!({"<=": [1, {"var": "data.a"}, 3]}),
        json!({"*": [2, {"var": "data.a"}]}),
        json!({"+": [{"var": "data.a"}, 0.5]}),
        json!({"==": [{"var": "data.a"}, 1]}),
        json!({"+": [{"var": "data"}, 1]}),
        json!({"+": [{"var": "data..a"}, 1]}),
        json!({"+": [{"var": "current.a"}, 1]}),
        json!({"+": [{"var": ["data.a", "0"]}, 1]}),
        json!({"+": [{"var": {"cat": ["data.", "a"]}}, 1]}),
        json!({"<=": [{"var": "data.a"}, 1], "and": []}),
    ] {
        assert_eq!(Native::compile(&expr), None, "{expr}");
    }
}
