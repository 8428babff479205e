//! Checking a submission against a compiled form: computed fields, the schema, the rules and
//! show-if, with every problem in Russian at its field's pointer.
//!
//! Cheap when the submission is right: the schema is checked with `is_valid` and errors are
//! collected only when it fails; sums and comparisons of integer fields are evaluated straight
//! over the submission (`logic::native`), and other checks read a context built from only the
//! fields they use.

mod compute;
mod facts;
mod messages;

use datalogic_rs::DataValue;
use datalogic_rs::bumpalo::Bump;
use serde_json::Value;

use crate::form::Form;
use crate::json;
use crate::logic::native::Scope;
use crate::logic::{self, Expr, convert};
use crate::pointer;
use crate::problem::{Finding, Problem};

/// The outcome of checking a submission.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    /// The submission with computed fields filled by the server.
    pub data: Value,
    /// Problems that block submitting.
    pub errors: Vec<Finding>,
    /// Rule warnings the submitter must explain.
    pub warnings: Vec<Finding>,
}

impl Checked {
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }
}

impl Form {
    /// The whole check of a submission. `previous` is the same organization's submission for
    /// the previous period, if any.
    pub fn check(&self, data: &Value, previous: Option<&Value>) -> Checked {
        self.run(data.clone(), previous)
    }

    /// The whole check from the raw request body: read strictly (duplicate keys, limits), then
    /// [`check`](Self::check). Refuses a body that is not a readable JSON document.
    pub fn check_bytes(&self, bytes: &[u8], previous: Option<&Value>) -> Result<Checked, Vec<Problem>> {
        let data = json::read(bytes, &self.data_limits)?;
        Ok(self.run(data, previous))
    }

    /// What saving a draft needs: a JSON object within the submission limits; no required
    /// fields or rules.
    pub fn draft(&self, data: &Value) -> Result<(), Vec<Problem>> {
        if !data.is_object() {
            return Err(vec![Problem::new("", "not_an_object", "Черновик отчёта должен быть объектом JSON.")]);
        }
        let bytes = serde_json::to_vec(data)
            .map_err(|_| vec![Problem::new("", "invalid_json", "Черновик не удалось прочитать как JSON.")])?;
        json::read(&bytes, &self.data_limits).map(drop)
    }

    fn run(&self, mut data: Value, previous: Option<&Value>) -> Checked {
        if !data.is_object() {
            let f = Finding {
                pointer: String::new(),
                fields: vec![],
                code: "type".into(),
                message: "Отчёт должен быть объектом JSON с полями формы.".into(),
                rule: None,
            };
            return Checked { data, errors: vec![f], warnings: vec![] };
        }
        self.compute(&mut data, previous);
        let arena = Bump::new();
        let hidden = self.hidden(&arena, &data, previous);
        let mut errors = Vec::new();
        let mut warnings = Vec::new();
        if !self.validator.is_valid(&data) {
            for error in self.validator.iter_errors(&data) {
                messages::findings(self, &error, &mut errors);
            }
            errors.retain(|f| !is_hidden(&hidden, &self.template(&f.pointer)));
        }
        self.rules(&arena, &data, previous, &hidden, &mut errors, &mut warnings);
        Checked { data, errors, warnings }
    }

    /// Templates of the fields hidden by a show-if that is false.
    fn hidden<'a>(&'a self, arena: &'a Bump, data: &Value, previous: Option<&Value>) -> Vec<&'a str> {
        let mut hidden = Vec::new();
        for show in &self.shows {
            let scope = Scope { data, previous, row: None };
            if !self.passes(arena, &show.expr, scope, &mut None) {
                hidden.extend(show.hides.iter().map(String::as_str));
            }
        }
        hidden
    }

    /// Whether a check passes: on the fast path when it answers, else with datalogic over a
    /// context of only what the check reads; `root` keeps that context's data and previous
    /// between the rows of one table.
    fn passes<'a>(
        &'a self,
        arena: &'a Bump,
        expr: &'a Expr,
        scope: Scope<'_>,
        root: &mut Option<(DataValue<'a>, DataValue<'a>)>,
    ) -> bool {
        if let Some(holds) = expr.native.as_ref().and_then(|n| n.holds(scope)) {
            return holds;
        }
        let (d, p) = *root.get_or_insert_with(|| {
            let d = convert(scope.data, &expr.needs.data, arena);
            (d, scope.previous.map_or(DataValue::Null, |p| convert(p, &expr.needs.previous, arena)))
        });
        let r = scope.row.map_or(DataValue::Null, |r| convert(r, &expr.needs.row, arena));
        logic::passes(&self.engine, expr, logic::context(arena, d, p, r), arena)
    }

    /// The template of a concrete data pointer.
    pub(crate) fn template(&self, concrete: &str) -> String {
        pointer::template_of(concrete, |t| self.model.is_table(t))
    }

    fn rules<'a>(
        &'a self,
        arena: &'a Bump,
        data: &Value,
        previous: Option<&Value>,
        hidden: &[&str],
        errors: &mut Vec<Finding>,
        warnings: &mut Vec<Finding>,
    ) {
        for (rule, expr) in self.plugin.rules.iter().zip(&self.rules) {
            if rule.fields.iter().any(|f| is_hidden(hidden, f)) {
                continue;
            }
            let out = match rule.severity {
                crate::plugin::Severity::Error => &mut *errors,
                crate::plugin::Severity::Warning => &mut *warnings,
            };
            let mut root = None;
            let Some(table) = &rule.each else {
                if !self.passes(arena, expr, Scope { data, previous, row: None }, &mut root) {
                    out.push(rule_finding(rule, &rule.fields));
                }
                continue;
            };
            let rows = data.pointer(table).and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
            let star = format!("{table}/*");
            for (i, row) in rows.iter().enumerate() {
                if !self.passes(arena, expr, Scope { data, previous, row: Some(row) }, &mut root) {
                    let at = format!("{table}/{i}");
                    let fields: Vec<String> = rule
                        .fields
                        .iter()
                        .map(|f| f.strip_prefix(&star).map_or_else(|| f.clone(), |rest| format!("{at}{rest}")))
                        .collect();
                    out.push(rule_finding(rule, &fields));
                }
            }
        }
    }
}

fn rule_finding(rule: &crate::plugin::Rule, fields: &[String]) -> Finding {
    Finding {
        pointer: fields.first().cloned().unwrap_or_default(),
        fields: fields.to_vec(),
        code: "rule".into(),
        message: rule.message.clone(),
        rule: Some(rule.id.clone()),
    }
}

fn is_hidden(hidden: &[&str], template: &str) -> bool {
    hidden
        .iter()
        .any(|h| template == *h || (template.starts_with(h) && template.as_bytes().get(h.len()) == Some(&b'/')))
}

#[cfg(test)]
mod tests;
