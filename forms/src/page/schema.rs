//! What the page reads of the plugin beyond the compiled fields: the ui's show-if conditions
//! evaluated on the data, and a table's row limits from its schema.

use datalogic_rs::DataValue;
use datalogic_rs::bumpalo::Bump;
use serde_json::Value;

use crate::form::Form;
use crate::logic::native::Scope;
use crate::logic::{self, Expr, convert};
use crate::pointer;

/// Rows a table takes when its schema sets no `maxItems`.
const DEFAULT_ROWS: u64 = 1_000;
/// Rows a table takes at most, whatever its schema says: a posted form is untrusted.
const MAX_ROWS: u64 = 10_000;
/// `$ref`s followed in a row while looking a table up, as the model does.
const MAX_REF_HOPS: usize = 16;

/// Which sections and ui fields are shown for some data.
pub(super) struct Shown {
    sections: Vec<bool>,
    fields: Vec<Vec<bool>>,
}

impl Shown {
    pub(super) fn section(&self, i: usize) -> bool {
        self.sections.get(i).copied().unwrap_or(true)
    }

    pub(super) fn field(&self, i: usize, j: usize) -> bool {
        self.fields.get(i).and_then(|f| f.get(j)).copied().unwrap_or(true)
    }
}

/// A table's row limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Rows {
    pub min: Option<u64>,
    pub max: Option<u64>,
}

impl Rows {
    /// How many rows a posted form or an added row may make.
    pub(super) fn cap(self) -> usize {
        usize::try_from(self.max.map_or(DEFAULT_ROWS, |m| m.min(MAX_ROWS))).unwrap_or(usize::MAX)
    }
}

impl Form {
    /// Every ui show-if evaluated on `data`. The compiled conditions are in the order load
    /// compiled them: each section's own, then its fields' (`load::refs::Checker::shows`).
    pub(super) fn shown_parts(&self, data: &Value, previous: Option<&Value>) -> Shown {
        let mut next = self.shows.iter();
        let mut holds =
            |written: bool| !written || next.next().is_none_or(|show| self.holds(&show.expr, data, previous));
        let mut shown = Shown { sections: Vec::new(), fields: Vec::new() };
        for section in &self.plugin.ui.sections {
            shown.sections.push(holds(section.show_if.is_some()));
            shown.fields.push(section.fields.iter().map(|f| holds(f.show_if.is_some())).collect());
        }
        shown
    }

    /// Whether a condition holds, as the check evaluates show-if: the fast path when it answers,
    /// else datalogic over only what the condition reads.
    fn holds(&self, expr: &Expr, data: &Value, previous: Option<&Value>) -> bool {
        if let Some(holds) = expr.native.as_ref().and_then(|n| n.holds(Scope { data, previous, row: None })) {
            return holds;
        }
        let arena = Bump::new();
        let d = convert(data, &expr.needs.data, &arena);
        let p = previous.map_or(DataValue::Null, |p| convert(p, &expr.needs.previous, &arena));
        logic::passes(&self.engine, expr, logic::context(&arena, d, p, DataValue::Null), &arena)
    }

    /// The `minItems` and `maxItems` of the table at `template` (`/agreements`).
    pub(super) fn rows_of(&self, template: &str) -> Rows {
        let root = &self.plugin.schema;
        let mut schema = follow(root, root);
        for token in pointer::tokens(template).unwrap_or_default() {
            match schema.get("properties").and_then(|p| p.get(&token)) {
                Some(next) => schema = follow(root, next),
                None => return Rows { min: None, max: None },
            }
        }
        Rows {
            min: schema.get("minItems").and_then(Value::as_u64),
            max: schema.get("maxItems").and_then(Value::as_u64),
        }
    }
}

/// Follows local `$ref` chains to the schema that says what a value is.
fn follow<'s>(root: &'s Value, mut schema: &'s Value) -> &'s Value {
    for _ in 0..MAX_REF_HOPS {
        let target = schema.get("$ref").and_then(Value::as_str).and_then(|t| t.strip_prefix('#'));
        match target.and_then(|t| root.pointer(t)) {
            Some(found) => schema = found,
            None => break,
        }
    }
    schema
}
