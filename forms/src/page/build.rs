//! Building the sections of a page: the ui's sections in order, then whatever the ui does not
//! list, so that every field of the form is on the page exactly once.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::ids;
use super::inputs::input;
use super::model::{Column, Group, Item, PageSection, Row, Table};
use super::notes::{Anchors, Pending};
use super::schema::Shown;
use crate::field::Field;
use crate::form::Form;
use crate::load::model::{Node, NodeKind};
use crate::plugin::Widget;

/// One page being built: each field goes where the ui first puts it, and every element's HTML
/// id is kept for the summaries.
pub(super) struct Builder<'f> {
    pub form: &'f Form,
    pub data: &'f Value,
    pub readonly: bool,
    pub pending: Pending,
    pub anchors: Anchors,
    fields: HashMap<&'f str, &'f Field>,
    /// Nodes of the model by the template of the group or table they are in ("" for the root).
    children: HashMap<&'f str, Vec<&'f Node>>,
    /// Field templates already on the page.
    placed: HashSet<&'f str>,
}

impl<'f> Builder<'f> {
    pub(super) fn new(form: &'f Form, data: &'f Value, readonly: bool, pending: Pending) -> Self {
        let fields = form.fields.iter().map(|f| (f.pointer.as_str(), f)).collect();
        let mut children: HashMap<&str, Vec<&Node>> = HashMap::new();
        for node in &form.model.nodes {
            children.entry(parent(form, &node.pointer)).or_default().push(node);
        }
        let anchors = Anchors::default();
        Builder { form, data, readonly, pending, anchors, fields, children, placed: HashSet::new() }
    }

    pub(super) fn sections(&mut self, shown: &Shown) -> Vec<PageSection> {
        let ui = &self.form.plugin.ui.sections;
        let mut out = Vec::with_capacity(ui.len() + 1);
        for (i, section) in ui.iter().enumerate() {
            let mut items = Vec::new();
            for (j, f) in section.fields.iter().enumerate() {
                let help = f.help.as_deref().unwrap_or_default();
                items.extend(self.listed(&f.field, &f.columns, f.widget, help, !shown.field(i, j)));
            }
            out.push(PageSection {
                id: section.id.clone(),
                anchor: ids::section(&section.id),
                title: section.title.clone(),
                help: section.help.clone(),
                hidden: !shown.section(i),
                items,
            });
        }
        let rest = self.tree("");
        if !rest.is_empty() {
            let (id, title) =
                if ui.is_empty() { ("form".to_owned(), "") } else { (unique(ui), "Прочие сведения") };
            let anchor = ids::section(&id);
            out.push(PageSection { id, anchor, title: title.into(), help: String::new(), hidden: false, items: rest });
        }
        out
    }

    /// The item of a pointer a ui section lists, unless all it holds is already on the page.
    fn listed(
        &mut self,
        at: &str,
        columns: &[String],
        widget: Option<Widget>,
        help: &str,
        hidden: bool,
    ) -> Option<Item> {
        let form = self.form;
        let node = form.model.get(at)?;
        if let Some(table) = node.table.as_deref() {
            // a column listed on its own: its whole table is shown there
            let table = form.model.get(table)?;
            return self.table(table, &[], &table.description, hidden);
        }
        let help = joined(&node.description, help);
        match node.kind {
            NodeKind::Field(_) => self.leaf(node, widget, hidden),
            NodeKind::Group => self.group(node, &help, hidden),
            NodeKind::Table => self.table(node, columns, &help, hidden),
        }
    }

    /// Items for what the group or table at `parent` holds that is not yet on the page.
    fn tree(&mut self, parent: &str) -> Vec<Item> {
        let nodes = self.children.get(parent).cloned().unwrap_or_default();
        let mut items = Vec::new();
        for node in nodes {
            let item = match node.kind {
                NodeKind::Field(_) => self.leaf(node, None, false),
                NodeKind::Group => self.group(node, &node.description, false),
                NodeKind::Table => self.table(node, &[], &node.description, false),
            };
            items.extend(item);
        }
        items
    }

    fn leaf(&mut self, node: &Node, widget: Option<Widget>, hidden: bool) -> Option<Item> {
        let field = *self.fields.get(node.pointer.as_str())?;
        if !self.placed.insert(field.pointer.as_str()) {
            return None;
        }
        Some(Item::Input(input(self, field, &field.pointer, &field.help, widget, hidden)))
    }

    fn group(&mut self, node: &Node, help: &str, hidden: bool) -> Option<Item> {
        let items = self.tree(&node.pointer);
        if items.is_empty() {
            return None;
        }
        let at = node.pointer.clone();
        let (id, help_id) = (ids::of('f', &at), ids::of('h', &at));
        self.anchors.insert(&at, &id);
        let notes = self.pending.take(&at);
        let legend = node.title.clone();
        Some(Item::Group(Group { name: at, id, legend, help: help.to_owned(), help_id, hidden, notes, items }))
    }

    /// A table with the columns `order` names first, then its other columns not yet shown.
    fn table(&mut self, node: &Node, order: &[String], help: &str, hidden: bool) -> Option<Item> {
        let at = node.pointer.as_str();
        let form = self.form;
        let listed = order.iter().filter_map(|c| self.fields.get(c.as_str()).copied());
        let others = form.model.leaves_under(at).filter_map(|n| self.fields.get(n.pointer.as_str()).copied());
        let columns: Vec<&Field> = listed.chain(others).filter(|f| self.placed.insert(f.pointer.as_str())).collect();
        if columns.is_empty() {
            return None;
        }
        let star = format!("{at}/*");
        let data = self.data;
        let rows_data = data.pointer(at).and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
        let mut rows = Vec::with_capacity(rows_data.len());
        for index in 0..rows_data.len() {
            let name = format!("{at}/{index}");
            let mut cells = Vec::with_capacity(columns.len());
            for field in &columns {
                let Some(rest) = field.pointer.strip_prefix(&star) else { continue };
                cells.push(input(self, field, &format!("{name}{rest}"), "", None, false));
            }
            let id = ids::of('f', &name);
            self.anchors.insert(&name, &id);
            let remove = (!self.readonly).then(|| format!("remove:{name}"));
            let notes = self.pending.take(&name);
            rows.push(Row { index, number: index + 1, name, id, remove, cells, notes });
        }
        let limits = form.rows_of(at);
        let add = (!self.readonly && rows.len() < limits.cap()).then(|| format!("add:{at}"));
        let columns = columns
            .iter()
            .map(|f| Column {
                name: f.pointer.clone(),
                label: f.title.clone(),
                help: f.help.clone(),
                required: f.required,
            })
            .collect();
        let (id, help_id) = (ids::of('f', at), ids::of('h', at));
        self.anchors.insert(at, &id);
        let notes = self.pending.take(at);
        Some(Item::Table(Table {
            name: at.to_owned(),
            id,
            caption: node.title.clone(),
            help: help.to_owned(),
            help_id,
            hidden,
            columns,
            rows,
            min_rows: limits.min,
            max_rows: limits.max,
            add,
            notes,
        }))
    }
}

/// The template of the group or table a node is in: `/agreements` for `/agreements/*/workers`.
fn parent<'p>(form: &Form, template: &'p str) -> &'p str {
    let up = template.rfind('/').map_or("", |i| &template[..i]);
    match up.strip_suffix("/*") {
        Some(table) if form.model.is_table(table) => table,
        _ => up,
    }
}

/// The schema's description and the ui's help, as the fields have them.
fn joined(description: &str, help: &str) -> String {
    match (description.is_empty(), help.is_empty()) {
        (_, true) => description.to_owned(),
        (true, false) => help.to_owned(),
        (false, false) => format!("{description} {help}"),
    }
}

/// An id for the section of unlisted fields that no ui section has.
fn unique(sections: &[crate::plugin::Section]) -> String {
    let taken = |id: &str| sections.iter().any(|s| s.id == id);
    let mut id = "other".to_owned();
    let mut n = 1;
    while taken(&id) {
        n += 1;
        id = format!("other-{n}");
    }
    id
}
