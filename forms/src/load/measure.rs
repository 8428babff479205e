//! How big a schema becomes once its `$ref`s are expanded, and how deeply its `anyOf`/`oneOf`/
//! `allOf` nest: the costs that made a hostile schema take seconds to compile. Memoized per
//! subschema, so measuring itself is linear in the written schema.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::guard::subschemas;
use crate::limits::Limits;
use crate::problem::Problem;

#[derive(Clone, Copy, Default)]
struct Measure {
    /// Subschemas after expansion.
    size: u64,
    /// Nested combinators along the deepest path.
    depth: u64,
    /// Product of branch counts along the worst path.
    product: u64,
}

pub(super) struct Measurer<'s, 'a> {
    root: &'s Value,
    refs: HashMap<*const Value, &'a str>,
    anchors: &'a HashMap<String, &'s Value>,
    pointers: &'a HashMap<*const Value, String>,
    limits: &'a Limits,
    memo: HashMap<*const Value, Measure>,
    active: HashSet<*const Value>,
    problems: Vec<Problem>,
    reported: [bool; 3],
}

impl<'s, 'a> Measurer<'s, 'a> {
    pub(super) fn new(
        root: &'s Value,
        refs: &'a [(&'s Value, String)],
        anchors: &'a HashMap<String, &'s Value>,
        pointers: &'a HashMap<*const Value, String>,
        limits: &'a Limits,
    ) -> Self {
        let refs = refs.iter().map(|(node, target)| (*node as *const Value, target.as_str())).collect();
        Self {
            root,
            refs,
            anchors,
            pointers,
            limits,
            memo: HashMap::new(),
            active: HashSet::new(),
            problems: Vec::new(),
            reported: [false; 3],
        }
    }

    pub(super) fn run(mut self) -> Vec<Problem> {
        self.measure(self.root);
        self.problems
    }

    fn pointer_of(&self, node: &Value) -> String {
        self.pointers.get(&(node as *const Value)).cloned().unwrap_or_else(|| "/schema".into())
    }

    fn resolve(&mut self, node: &Value, target: &str) -> Option<&'s Value> {
        let fragment = percent_decode(&target[1..]);
        let found = if fragment.is_empty() || fragment.starts_with('/') {
            self.root.pointer(&fragment)
        } else {
            self.anchors.get(&fragment).copied()
        };
        if found.is_none() {
            let at = format!("{}/$ref", self.pointer_of(node));
            self.problems.push(Problem::new(
                at,
                "unresolved_ref",
                format!("Ссылка «{target}» не указывает ни на какую часть схемы."),
            ));
        }
        found
    }

    fn measure(&mut self, node: &'s Value) -> Measure {
        let key = node as *const Value;
        if let Some(m) = self.memo.get(&key) {
            return *m;
        }
        if !self.active.insert(key) {
            // A recursive reference: the validator follows it lazily, once per level of data.
            return Measure { size: 1, depth: 0, product: 1 };
        }
        let mut total = Measure { size: 1, depth: 0, product: 1 };
        if let Value::Object(schema) = node {
            for (path, sub) in subschemas(schema) {
                let m = self.measure(sub);
                let combinator = ["allOf/", "anyOf/", "oneOf/"].iter().any(|c| path.starts_with(c));
                let branches = if combinator {
                    schema.get(&path[..5]).and_then(Value::as_array).map_or(1, Vec::len) as u64
                } else {
                    1
                };
                total.size = total.size.saturating_add(m.size);
                total.depth = total.depth.max(m.depth + u64::from(combinator));
                total.product = total.product.max(m.product.saturating_mul(branches));
            }
            if let Some(target) = self.refs.get(&key).copied()
                && let Some(found) = self.resolve(node, target)
            {
                let m = self.measure(found);
                total.size = total.size.saturating_add(m.size);
                total.depth = total.depth.max(m.depth);
                total.product = total.product.max(m.product);
            }
        }
        self.active.remove(&key);
        self.memo.insert(key, total);
        self.judge(node, total);
        total
    }

    fn judge(&mut self, node: &Value, m: Measure) {
        let l = self.limits;
        let checks = [
            (
                m.size > l.max_expanded_schema as u64,
                "ref_fanout",
                format!(
                    "Схема слишком велика после раскрытия ссылок «$ref»: больше {} узлов. Уменьшите число взаимных ссылок.",
                    l.max_expanded_schema
                ),
            ),
            (
                m.depth > l.max_combinator_depth as u64,
                "combinator_depth",
                format!(
                    "Слишком глубокая вложенность «anyOf»/«oneOf»/«allOf»: допустимо не более {} уровней.",
                    l.max_combinator_depth
                ),
            ),
            (
                m.product > l.max_combinator_product as u64,
                "combinator_product",
                format!(
                    "Слишком много сочетаний вариантов во вложенных «anyOf»/«oneOf»/«allOf»: допустимо не более {}.",
                    l.max_combinator_product
                ),
            ),
        ];
        for (i, (exceeded, code, message)) in checks.into_iter().enumerate() {
            if exceeded && !self.reported[i] {
                self.reported[i] = true;
                let at = self.pointer_of(node);
                self.problems.push(Problem::new(at, code, message));
            }
        }
    }
}

/// Decodes `%XX` escapes of a URI fragment; a malformed escape is kept as written.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = s.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
