//! The form's fields in the order the ui shows them, with their sections, computed flags and
//! aggregation; fields the ui does not list follow in schema order.

use std::collections::HashSet;

use super::model::{Model, Node, NodeKind};
use crate::field::Field;
use crate::plugin::{Aggregate, Plugin};

pub fn derive(plugin: &Plugin, model: &Model) -> Vec<Field> {
    let computed: HashSet<&str> = plugin.computed.iter().map(|c| c.field.as_str()).collect();
    let indicator_parts: HashSet<&str> =
        plugin.indicators.iter().flat_map(|i| [i.numerator.as_str(), i.denominator.as_str()]).collect();
    let mut placed = HashSet::new();
    let mut out = Vec::new();
    let mut add = |node: &Node, section: Option<&str>, help: Option<&str>| {
        if !matches!(node.kind, NodeKind::Field(_)) || !placed.insert(node.pointer.clone()) {
            return;
        }
        let NodeKind::Field(kind) = &node.kind else { return };
        let aggregate = match plugin.aggregation.get(&node.pointer) {
            Some(a) => *a,
            None if indicator_parts.contains(node.pointer.as_str()) => Aggregate::Sum,
            None => Aggregate::None,
        };
        let help = match help.filter(|h| !h.is_empty()) {
            Some(h) if !node.description.is_empty() => format!("{} {h}", node.description),
            Some(h) => h.to_owned(),
            None => node.description.clone(),
        };
        out.push(Field {
            pointer: node.pointer.clone(),
            title: node.title.clone(),
            help,
            kind: kind.clone(),
            required: node.required,
            table: node.table.clone(),
            computed: computed.contains(node.pointer.as_str()),
            aggregate,
            section: section.map(str::to_owned),
        });
    };
    for section in &plugin.ui.sections {
        for f in &section.fields {
            let sid = Some(section.id.as_str());
            if f.columns.is_empty() {
                for node in model.leaves_under(&f.field) {
                    add(node, sid, (node.pointer == f.field).then_some(f.help.as_deref()).flatten());
                }
            } else {
                for col in &f.columns {
                    if let Some(node) = model.get(col) {
                        add(node, sid, None);
                    }
                }
                for node in model.leaves_under(&f.field) {
                    add(node, sid, None);
                }
            }
        }
    }
    for node in &model.nodes {
        add(node, None, None);
    }
    out
}
