//! A fast path for the commonest JsonLogic in forms — sums, differences and comparisons of
//! integer fields (`{"+": [{"var": "data.a.b"}, …]}`, `{"<=": [{"var": "row.x"}, …]}`) —
//! evaluated straight over the submission, with no datalogic context to build.
//!
//! It answers only where the answer is certainly datalogic's: every value it reads is an integer
//! within ±2^53 (or an absent field with an integer default), and so is every intermediate sum.
//! Anything else — a string, a float, null, an array on the way, an overflow — returns `None`
//! and the caller evaluates the expression with datalogic. Tests hold the two equal.

use serde_json::Value;

/// Integers every f64 holds exactly: within them integer and float arithmetic agree.
const EXACT: i64 = 1 << 53;

/// An expression of the fast path.
#[derive(Debug, Clone, PartialEq)]
pub enum Native {
    Number(Num),
    Compare(Cmp, Num, Num),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cmp {
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Num {
    Int(i64),
    Var(Path),
    Add(Vec<Num>),
    Sub(Box<Num>, Box<Num>),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Root {
    Data,
    Previous,
    Row,
}

/// A `var` with a literal path below `data`, `previous` or `row`.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    root: Root,
    /// Keys down to the object holding the field.
    parent: Vec<String>,
    key: String,
    default: Option<i64>,
}

/// What an evaluation reads: the submission, the previous period's, and the current row.
#[derive(Clone, Copy)]
pub struct Scope<'v> {
    pub data: &'v Value,
    pub previous: Option<&'v Value>,
    pub row: Option<&'v Value>,
}

impl Native {
    /// The fast-path form of `expr`, if it has one.
    pub fn compile(expr: &Value) -> Option<Native> {
        let (op, args) = operator(expr)?;
        let cmp = match op {
            "<" => Cmp::Lt,
            "<=" => Cmp::Le,
            ">" => Cmp::Gt,
            ">=" => Cmp::Ge,
            _ => return Num::compile(expr).map(Native::Number),
        };
        match args.as_array()?.as_slice() {
            [a, b] => Some(Native::Compare(cmp, Num::compile(a)?, Num::compile(b)?)),
            _ => None,
        }
    }

    /// The integer an arithmetic expression gives, or `None` to ask datalogic.
    pub fn number(&self, scope: Scope<'_>) -> Option<i64> {
        match self {
            Native::Number(n) => n.eval(scope),
            Native::Compare(..) => None,
        }
    }

    /// Whether a comparison holds, or `None` to ask datalogic.
    pub fn holds(&self, scope: Scope<'_>) -> Option<bool> {
        let Native::Compare(cmp, a, b) = self else { return None };
        let (a, b) = (a.eval(scope)?, b.eval(scope)?);
        Some(match cmp {
            Cmp::Lt => a < b,
            Cmp::Le => a <= b,
            Cmp::Gt => a > b,
            Cmp::Ge => a >= b,
        })
    }
}

impl Num {
    fn compile(expr: &Value) -> Option<Num> {
        if let Some(i) = exact(expr) {
            return Some(Num::Int(i));
        }
        let (op, args) = operator(expr)?;
        match op {
            "var" => Path::compile(args).map(Num::Var),
            "+" => {
                let terms = args.as_array()?;
                if terms.len() < 2 {
                    return None;
                }
                terms.iter().map(Num::compile).collect::<Option<Vec<_>>>().map(Num::Add)
            }
            "-" => match args.as_array()?.as_slice() {
                [a, b] => Some(Num::Sub(Box::new(Num::compile(a)?), Box::new(Num::compile(b)?))),
                _ => None,
            },
            _ => None,
        }
    }

    fn eval(&self, scope: Scope<'_>) -> Option<i64> {
        let out = match self {
            Num::Int(i) => *i,
            Num::Var(path) => path.leaf(path.parent(scope)?)?,
            Num::Add(terms) => {
                let mut sum = 0i64;
                // Sums mostly add fields of one group: its object is looked up once.
                let mut last: Option<(&Path, Option<&Value>)> = None;
                for t in terms {
                    let n = match t {
                        Num::Var(path) => {
                            let parent = match last {
                                Some((prev, node)) if prev.root == path.root && prev.parent == path.parent => node,
                                _ => path.parent(scope)?,
                            };
                            last = Some((path, parent));
                            path.leaf(parent)?
                        }
                        other => other.eval(scope)?,
                    };
                    sum = sum.checked_add(n)?;
                }
                sum
            }
            Num::Sub(a, b) => a.eval(scope)?.checked_sub(b.eval(scope)?)?,
        };
        (out.abs() <= EXACT).then_some(out)
    }
}

impl Path {
    fn compile(args: &Value) -> Option<Path> {
        let (name, default) = match args {
            Value::String(name) => (name, None),
            Value::Array(items) => match items.as_slice() {
                [Value::String(name)] => (name, None),
                [Value::String(name), default] => (name, Some(exact(default)?)),
                _ => return None,
            },
            _ => return None,
        };
        let mut parts = name.split('.');
        let root = match parts.next()? {
            "data" => Root::Data,
            "previous" => Root::Previous,
            "row" => Root::Row,
            _ => return None,
        };
        let mut parent: Vec<String> = parts.map(str::to_owned).collect();
        let key = parent.pop()?;
        if key.is_empty() || parent.iter().any(String::is_empty) {
            return None;
        }
        Some(Path { root, parent, key, default })
    }

    /// The object holding the field: `Some(None)` when it is absent, `None` when something
    /// other than an object is on the way.
    fn parent<'v>(&self, scope: Scope<'v>) -> Option<Option<&'v Value>> {
        let mut node = match self.root {
            Root::Data => scope.data,
            Root::Previous => scope.previous?,
            Root::Row => scope.row?,
        };
        for key in &self.parent {
            let Value::Object(map) = node else { return None };
            match map.get(key) {
                Some(next) => node = next,
                None => return Some(None),
            }
        }
        Some(Some(node))
    }

    /// The field's integer in its parent object, or the default when it is absent.
    fn leaf(&self, parent: Option<&Value>) -> Option<i64> {
        match parent {
            None => self.default,
            Some(Value::Object(map)) => map.get(&self.key).map_or(self.default, exact),
            Some(_) => None,
        }
    }
}

/// An integer within ±2^53 written as a JSON integer (not `5.0`).
fn exact(value: &Value) -> Option<i64> {
    let Value::Number(n) = value else { return None };
    n.as_i64().filter(|i| i.abs() <= EXACT)
}

/// The single operator of a JsonLogic node and its arguments.
fn operator(expr: &Value) -> Option<(&str, &Value)> {
    let map = expr.as_object()?;
    if map.len() != 1 {
        return None;
    }
    map.iter().next().map(|(op, args)| (op.as_str(), args))
}

#[cfg(test)]
mod tests;
