//! JsonLogic of rules, computed fields and show-if, compiled once at load with datalogic-rs: the
//! variables each expression reads, and the small evaluation context built for it from only the
//! parts of the data it reads (converting a whole 300-field submission per rule would cost more
//! than validating it).

use std::collections::BTreeMap;

use datalogic_rs::bumpalo::Bump;
use datalogic_rs::{DataValue, Engine, Logic};
use serde_json::Value;

pub mod native;

/// Operators whose arguments after the first are evaluated with the current item as context,
/// not the root: their variables are not paths into the data.
const SCOPED: [&str; 7] = ["map", "filter", "reduce", "all", "some", "none", "sort"];
/// Operators that name variables in ways the paths cannot be read from.
const DYNAMIC: [&str; 4] = ["missing", "missing_some", "val", "exists"];

/// A variable an expression reads at the root of its context.
#[derive(Debug, Clone, PartialEq)]
pub enum Var {
    /// A literal path (`data.members.total`).
    Path(String),
    /// A name computed at run time, or an operator that reads variables by name.
    Dynamic,
}

/// Which part of a value an expression reads.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Need {
    #[default]
    Nothing,
    All,
    Keys(BTreeMap<String, Need>),
}

impl Need {
    fn add(&mut self, path: &[&str]) {
        if *self == Need::All {
            return;
        }
        let Some((first, rest)) = path.split_first() else {
            *self = Need::All;
            return;
        };
        if *self == Need::Nothing {
            *self = Need::Keys(BTreeMap::new());
        }
        if let Need::Keys(keys) = self {
            keys.entry((*first).to_owned()).or_default().add(rest);
        }
    }
}

/// What an expression reads of each part of its context.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Needs {
    pub data: Need,
    pub previous: Need,
    pub row: Need,
}

impl Needs {
    pub fn of(vars: &[Var]) -> Self {
        let mut needs = Needs::default();
        for var in vars {
            match var {
                Var::Dynamic => {
                    return Needs { data: Need::All, previous: Need::All, row: Need::All };
                }
                Var::Path(path) => {
                    let parts: Vec<&str> = path.split('.').collect();
                    match parts.split_first() {
                        Some((&"data", rest)) => needs.data.add(rest),
                        Some((&"previous", rest)) => needs.previous.add(rest),
                        Some((&"row", rest)) => needs.row.add(rest),
                        _ => return Needs { data: Need::All, previous: Need::All, row: Need::All },
                    }
                }
            }
        }
        needs
    }
}

/// One compiled expression.
pub struct Expr {
    pub logic: Logic,
    pub needs: Needs,
    /// The same expression on the fast path, when it has that shape.
    pub native: Option<native::Native>,
}

impl Expr {
    /// Compiles `expr` with `engine`.
    pub fn compile(engine: &Engine, expr: &Value) -> Result<Expr, datalogic_rs::Error> {
        Ok(Expr { logic: engine.compile(expr)?, needs: Needs::of(&vars(expr)), native: native::Native::compile(expr) })
    }
}

/// Every root-scope variable of `expr`.
pub fn vars(expr: &Value) -> Vec<Var> {
    let mut out = Vec::new();
    walk(expr, &mut out);
    out
}

fn walk(expr: &Value, out: &mut Vec<Var>) {
    match expr {
        Value::Array(items) => items.iter().for_each(|i| walk(i, out)),
        Value::Object(map) => {
            for (op, args) in map {
                match op.as_str() {
                    "var" => var(args, out),
                    o if DYNAMIC.contains(&o) => out.push(Var::Dynamic),
                    o if SCOPED.contains(&o) => match args {
                        Value::Array(items) => items.iter().take(1).for_each(|i| walk(i, out)),
                        other => walk(other, out),
                    },
                    _ => walk(args, out),
                }
            }
        }
        _ => {}
    }
}

fn var(args: &Value, out: &mut Vec<Var>) {
    let name = match args {
        Value::Array(items) => {
            items.iter().skip(1).for_each(|i| walk(i, out));
            items.first().unwrap_or(&Value::Null)
        }
        other => other,
    };
    match name {
        Value::String(s) => out.push(Var::Path(s.clone())),
        Value::Number(n) => out.push(Var::Path(n.to_string())),
        Value::Null => out.push(Var::Path(String::new())),
        _ => out.push(Var::Dynamic),
    }
}

/// Nodes of an expression, to bound its size.
pub fn size(expr: &Value) -> usize {
    1 + match expr {
        Value::Array(items) => items.iter().map(size).sum(),
        Value::Object(map) => map.values().map(size).sum(),
        _ => 0,
    }
}

/// Copies the parts of `value` that `need` names into the arena.
pub fn convert<'a>(value: &Value, need: &Need, arena: &'a Bump) -> DataValue<'a> {
    match (need, value) {
        (Need::Nothing, _) => DataValue::Null,
        (Need::All, v) => DataValue::from_serde_value_in(v, arena),
        (Need::Keys(keys), Value::Object(map)) => {
            let entries: Vec<(&'a str, DataValue<'a>)> = keys
                .iter()
                .filter_map(|(k, n)| map.get(k).map(|v| (&*arena.alloc_str(k), convert(v, n, arena))))
                .collect();
            DataValue::Object(arena.alloc_slice_fill_iter(entries))
        }
        (Need::Keys(keys), Value::Array(items)) => {
            let every = keys.get("*");
            let entries: Vec<DataValue<'a>> = items
                .iter()
                .enumerate()
                .map(|(i, v)| match every.or_else(|| keys.get(&i.to_string())) {
                    Some(n) => convert(v, n, arena),
                    None => DataValue::Null,
                })
                .collect();
            DataValue::Array(arena.alloc_slice_fill_iter(entries))
        }
        (Need::Keys(_), v) => DataValue::from_serde_value_in(v, arena),
    }
}

/// The context `{"data": …, "previous": …, "row": …}` of one evaluation.
pub fn context<'a>(
    arena: &'a Bump,
    data: DataValue<'a>,
    previous: DataValue<'a>,
    row: DataValue<'a>,
) -> &'a DataValue<'a> {
    let entries = arena.alloc_slice_fill_iter([("data", data), ("previous", previous), ("row", row)]);
    arena.alloc(DataValue::Object(entries))
}

/// Evaluates a check: true passes. An expression that fails to evaluate does not pass.
pub fn passes<'a>(engine: &Engine, expr: &'a Expr, ctx: &'a DataValue<'a>, arena: &'a Bump) -> bool {
    engine.evaluate(&expr.logic, ctx, arena).is_ok_and(|v| engine.truthy(v))
}

#[cfg(test)]
mod tests;
