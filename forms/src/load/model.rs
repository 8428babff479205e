//! What the schema says about the data: every object, repeated table and field by its pointer
//! template, with Russian titles, kinds and whether the parent requires it.

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::field::{Choice, FieldKind};
use crate::pointer;

/// How many `$ref`s in a row are followed while reading titles and kinds (cycles end here).
const MAX_REF_HOPS: usize = 16;

#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    /// An object with properties (a group of fields).
    Group,
    /// An array of objects: each row has the columns below `pointer/*`.
    Table,
    Field(FieldKind),
}

#[derive(Debug, Clone)]
pub struct Node {
    /// Template pointer (`/agreements/*/workers`).
    pub pointer: String,
    pub title: String,
    pub description: String,
    pub kind: NodeKind,
    pub required: bool,
    /// The table this node is inside of, if any.
    pub table: Option<String>,
}

/// Every node of the data, in schema order (keys alphabetical within an object).
#[derive(Debug, Default)]
pub struct Model {
    pub nodes: Vec<Node>,
    index: HashMap<String, usize>,
}

impl Model {
    pub fn read(schema: &Value) -> Self {
        let mut model = Model::default();
        model.object(schema, schema, "", None, 0);
        model
    }

    pub fn get(&self, template: &str) -> Option<&Node> {
        self.index.get(template).map(|&i| &self.nodes[i])
    }

    pub fn field(&self, template: &str) -> Option<&FieldKind> {
        match self.get(template).map(|n| &n.kind) {
            Some(NodeKind::Field(kind)) => Some(kind),
            _ => None,
        }
    }

    pub fn is_table(&self, template: &str) -> bool {
        self.get(template).is_some_and(|n| n.kind == NodeKind::Table)
    }

    /// Leaf fields under `template` (itself if it is a field), in order.
    pub fn leaves_under<'m>(&'m self, template: &'m str) -> impl Iterator<Item = &'m Node> + 'm {
        let prefix = format!("{template}/");
        self.nodes.iter().filter(move |n| {
            matches!(n.kind, NodeKind::Field(_)) && (n.pointer == template || n.pointer.starts_with(&prefix))
        })
    }

    fn push(&mut self, node: Node) {
        self.index.insert(node.pointer.clone(), self.nodes.len());
        self.nodes.push(node);
    }

    /// Walks the properties of an object schema at `at`.
    fn object(&mut self, root: &Value, schema: &Value, at: &str, table: Option<&str>, hops: usize) {
        let schema = follow(root, schema, hops);
        let Some(props) = schema.get("properties").and_then(Value::as_object) else { return };
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        for (name, sub) in props {
            let here = pointer::push(at, name);
            let written = sub;
            let sub = follow(root, sub, 0);
            let title = text(written, sub, "title").unwrap_or_else(|| name.clone());
            let description = text(written, sub, "description").unwrap_or_default();
            let node = |kind| Node {
                pointer: here.clone(),
                title: title.clone(),
                description: description.clone(),
                kind,
                required: required.contains(&name.as_str()),
                table: table.map(str::to_owned),
            };
            match types(sub).as_deref() {
                Some("object") => {
                    self.push(node(NodeKind::Group));
                    self.object(root, sub, &here, table, hops + 1);
                }
                Some("array") => {
                    let items = sub.get("items").map(|i| follow(root, i, 0));
                    match items {
                        Some(items) if items.get("properties").is_some() && table.is_none() => {
                            self.push(node(NodeKind::Table));
                            self.object(root, items, &format!("{here}/*"), Some(&here), hops + 1);
                        }
                        Some(items) if !options(items).is_empty() => {
                            self.push(node(NodeKind::Field(FieldKind::MultiChoice { options: options(items) })))
                        }
                        _ => self.push(node(NodeKind::Field(FieldKind::Text { max_length: None }))),
                    }
                }
                other => self.push(node(NodeKind::Field(kind(sub, other)))),
            }
        }
    }
}

/// Follows `$ref` chains to the schema that says what a value is.
fn follow<'s>(root: &'s Value, mut schema: &'s Value, hops: usize) -> &'s Value {
    for _ in hops..MAX_REF_HOPS {
        let Some(target) = schema.get("$ref").and_then(Value::as_str).and_then(|t| t.strip_prefix('#')) else { break };
        match root.pointer(target) {
            Some(found) => schema = found,
            None => break,
        }
    }
    schema
}

fn text(written: &Value, resolved: &Value, key: &str) -> Option<String> {
    written.get(key).or_else(|| resolved.get(key)).and_then(Value::as_str).map(str::to_owned)
}

/// The schema's type, ignoring `null`; guessed from its keywords when `type` is absent.
fn types(schema: &Value) -> Option<String> {
    match schema.get("type") {
        Some(Value::String(t)) => Some(t.clone()),
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).find(|t| *t != "null").map(str::to_owned),
        _ if schema.get("properties").is_some() => Some("object".into()),
        _ if schema.get("items").is_some() => Some("array".into()),
        _ => None,
    }
}

fn kind(schema: &Value, ty: Option<&str>) -> FieldKind {
    let choices = options(schema);
    if !choices.is_empty() {
        return FieldKind::Choice { options: choices };
    }
    let number = |key: &str, exclusive: &str| schema.get(key).or_else(|| schema.get(exclusive)).and_then(Value::as_f64);
    match ty {
        Some("integer") | Some("number") => FieldKind::Number {
            integer: ty == Some("integer"),
            minimum: number("minimum", "exclusiveMinimum"),
            maximum: number("maximum", "exclusiveMaximum"),
        },
        Some("boolean") => FieldKind::Boolean,
        Some("string") if schema.get("format").and_then(Value::as_str) == Some("date") => FieldKind::Date,
        _ => FieldKind::Text { max_length: schema.get("maxLength").and_then(Value::as_u64) },
    }
}

/// Fixed values of a choice: `enum` (labelled by the value), or `oneOf`/`anyOf` of `const` with
/// `title`.
fn options(schema: &Value) -> Vec<Choice> {
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        return values.iter().map(|v| Choice { value: v.clone(), label: label(v) }).collect();
    }
    let branches = schema.get("oneOf").or_else(|| schema.get("anyOf")).and_then(Value::as_array);
    let Some(branches) = branches else { return Vec::new() };
    let consts: Option<Vec<Choice>> = branches
        .iter()
        .map(|b| {
            let b: &Map<String, Value> = b.as_object()?;
            let value = b.get("const")?;
            let label = b.get("title").and_then(Value::as_str).map_or_else(|| label(value), str::to_owned);
            Some(Choice { value: value.clone(), label })
        })
        .collect();
    consts.unwrap_or_default()
}

fn label(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests;
