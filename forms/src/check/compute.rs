//! Computed fields: evaluated in the plugin's order, each seeing the values computed before it,
//! written into the submission over whatever the submitter sent.

use datalogic_rs::DataValue;
use datalogic_rs::bumpalo::Bump;
use serde_json::{Map, Value};

use crate::field::FieldKind;
use crate::form::Form;
use crate::logic::native::Scope;
use crate::logic::{self, Expr, convert};

impl Form {
    pub(super) fn compute(&self, data: &mut Value, previous: Option<&Value>) {
        // One arena for every evaluation, emptied after each: allocating one per field costs.
        let mut arena = Bump::new();
        for (c, expr) in self.plugin.computed.iter().zip(&self.computed) {
            let integer = matches!(self.model.field(&c.field), Some(FieldKind::Number { integer: true, .. }));
            match &c.each {
                None => {
                    let value = self.value(&arena, expr, data, previous, None, integer);
                    arena.reset();
                    set(data, &c.field, value);
                }
                Some(table) => {
                    let rows = data.pointer(table).and_then(Value::as_array).map_or(0, Vec::len);
                    let column = c.field.strip_prefix(&format!("{table}/*")).unwrap_or_default().to_owned();
                    for i in 0..rows {
                        let at = format!("{table}/{i}");
                        let row = data.pointer(&at).unwrap_or(&Value::Null);
                        let value = self.value(&arena, expr, data, previous, Some(row), integer);
                        arena.reset();
                        set(data, &format!("{at}{column}"), value);
                    }
                }
            }
        }
    }

    /// The value of a computed field: on the fast path when it answers, else from datalogic.
    fn value(
        &self,
        arena: &Bump,
        expr: &Expr,
        data: &Value,
        previous: Option<&Value>,
        row: Option<&Value>,
        integer: bool,
    ) -> Option<Value> {
        let scope = Scope { data, previous, row };
        match expr.native.as_ref().and_then(|n| n.number(scope)) {
            Some(n) => Some(Value::from(n)),
            None => self.evaluate(arena, expr, data, previous, row, integer),
        }
    }

    /// The value of a computed field from datalogic.
    fn evaluate(
        &self,
        arena: &Bump,
        expr: &Expr,
        data: &Value,
        previous: Option<&Value>,
        row: Option<&Value>,
        integer: bool,
    ) -> Option<Value> {
        let d = convert(data, &expr.needs.data, arena);
        let p = previous.map_or(DataValue::Null, |p| convert(p, &expr.needs.previous, arena));
        let r = row.map_or(DataValue::Null, |r| convert(r, &expr.needs.row, arena));
        let ctx = logic::context(arena, d, p, r);
        let value = self.engine.evaluate(&expr.logic, ctx, arena).ok()?.to_serde_value();
        match value {
            Value::Null => None,
            Value::Number(n) if integer => match n.as_f64() {
                Some(x) if x.fract() == 0.0 && x.abs() < 9e15 => Some(Value::from(x as i64)),
                _ => Some(Value::Number(n)),
            },
            other => Some(other),
        }
    }
}

/// Writes `value` at `pointer`, creating missing objects on the way; `None` removes the field
/// (a computation without its inputs leaves the field empty rather than wrong).
fn set(data: &mut Value, pointer: &str, value: Option<Value>) {
    let Some(tokens) = crate::pointer::tokens(pointer) else { return };
    let Some((last, parents)) = tokens.split_last() else { return };
    let mut node = data;
    for t in parents {
        node = match node {
            Value::Object(map) => map.entry(t.clone()).or_insert_with(|| Value::Object(Map::new())),
            Value::Array(items) => match t.parse::<usize>().ok().and_then(|i| items.get_mut(i)) {
                Some(item) => item,
                None => return,
            },
            _ => return,
        };
        if node.is_null() && value.is_some() {
            *node = Value::Object(Map::new());
        }
    }
    if let Value::Object(map) = node {
        match value {
            Some(v) => {
                map.insert(last.clone(), v);
            }
            None => {
                map.remove(last);
            }
        }
    }
}
