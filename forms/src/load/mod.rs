//! Turning an untrusted plugin file into a compiled [`Form`], or every problem found in it, each
//! by its JSON pointer in the file and in Russian.
//!
//! Order matters for safety: the file is read strictly within size limits, then typed, then the
//! schema is pre-checked (offline, local references, bounded expansion, linear regexes) and only
//! a schema that passed is handed to the validator compiler.

mod deserialize;
mod fields;
mod guard;
mod identity;
mod measure;
pub(crate) mod model;
mod refs;

use datalogic_rs::Engine;
use serde_json::Value;

use crate::form::{Form, Show};
use crate::json;
use crate::limits::Limits;
use crate::plugin::Plugin;
use crate::problem::Problem;

pub use guard::{DIALECT, FORMATS};

/// Reads, checks and compiles a plugin file. Refuses with every problem found.
pub fn load(bytes: &[u8], limits: &Limits) -> Result<Form, Vec<Problem>> {
    // A file read whole despite duplicate keys or overlong values is checked on: every problem
    // of the file is listed at once, not only the reader's.
    let (value, mut problems) = json::read_readable(bytes, &limits.plugin)?;
    let found = deserialize::plugin(value).and_then(|plugin| compile(plugin, limits));
    match found {
        Ok(form) if problems.is_empty() => Ok(form),
        Ok(_) => Err(problems),
        Err(more) => {
            problems.extend(more);
            Err(problems)
        }
    }
}

/// Checks and compiles an already typed plugin (one read from a trusted store, say).
pub fn compile(plugin: Plugin, limits: &Limits) -> Result<Form, Vec<Problem>> {
    let mut problems = identity::check(&plugin);
    let schema_problems = guard::check(&plugin.schema, limits);
    if !schema_problems.is_empty() {
        // Pointers are checked against the schema's fields only once the schema is known safe
        // to walk: a `$ref` fan-out would make even reading its fields explode.
        problems.extend(schema_problems);
        return Err(problems);
    }
    let model = model::Model::read(&plugin.schema);
    let engine = Engine::new();
    let mut checker = refs::Checker { plugin: &plugin, model: &model, engine: &engine, limits, problems: Vec::new() };
    checker.ui();
    let rules = checker.rules();
    let computed = checker.computed();
    checker.aggregation();
    checker.indicators();
    let shows = checker.shows();
    problems.extend(checker.problems);
    let validator = match validator(&plugin.schema) {
        Ok(v) => Some(v),
        Err(p) => {
            problems.push(p);
            None
        }
    };
    let Some(validator) = validator.filter(|_| problems.is_empty()) else {
        return Err(problems);
    };
    let fields = fields::derive(&plugin, &model);
    let shows = shows.into_iter().map(|(expr, hides)| Show { expr, hides }).collect();
    Ok(Form { plugin, fields, model, validator, engine, rules, computed, shows, data_limits: limits.data.clone() })
}

/// A retriever that never fetches: a form's schema is self-contained, and compiling it must
/// never touch the network or the disk.
struct NoRetrieval;

impl jsonschema::Retrieve for NoRetrieval {
    fn retrieve(&self, uri: &jsonschema::Uri<String>) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        Err(format!("retrieval refused: {uri}").into())
    }
}

fn validator(schema: &Value) -> Result<jsonschema::Validator, Problem> {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .with_retriever(NoRetrieval)
        .with_pattern_options(jsonschema::PatternOptions::regex().size_limit(1 << 20))
        .should_validate_formats(true)
        .should_ignore_unknown_formats(false)
        .build(schema)
        .map_err(|e| {
            let at = format!("/schema{}", e.instance_path().as_str());
            Problem::new(
                at,
                "invalid_schema",
                format!("Схема данных не соответствует JSON Schema 2020-12 (ключевое слово «{}»).", e.kind().keyword()),
            )
        })
}

#[cfg(test)]
pub(crate) mod tests;
