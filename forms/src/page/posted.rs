//! Reading a posted HTML form back into the form's JSON data: names are the pointers the page
//! gave its inputs, values are typed by each field's kind.
//!
//! Every name and value is untrusted. Names not starting with `/` (`_csrf`, `_action`,
//! `revision`…) are not data; names that are no field of the form, and computed fields (the
//! server fills them), are ignored. A row number is only a label: rows are numbered again from 0
//! in the order they were posted, so `/agreements/99999999999/x` costs one row, not a huge
//! array; a label that is not a plain number, or rows past the table's cap, are problems
//! reported at the table, never a panic.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::rows::{TableCap, row_label};
use super::value::typed;
use crate::field::Field;
use crate::form::Form;
use crate::load::model::NodeKind;
use crate::pointer;
use crate::problem::Problem;

/// The name of the submit buttons: `add:/agreements`, `remove:/agreements/3`, or whatever else
/// the page's own buttons say (`save`, `submit`).
pub const ACTION: &str = "_action";

/// A posted form read back.
#[derive(Debug, Clone, PartialEq)]
pub struct Posted {
    /// The data as the form takes it: always an object. Computed fields are absent.
    pub data: Value,
    /// What could not be read: bad row numbers, too many rows. Each at the table's pointer.
    pub problems: Vec<Problem>,
    /// The value of the `_action` button pressed, if any.
    pub action: Option<String>,
    pub(super) tables: Vec<TableCap>,
}

/// Values posted for one field, in the order posted.
type Slot<'f, 'p> = (&'f Field, Vec<&'p str>);

/// Where a posted name points.
enum Target<'f> {
    Field(&'f Field, Option<(String, u32)>),
    /// A row's own hidden marker (`/agreements/2`).
    Row(String, u32),
    BadRow(String),
    Ignored,
}

struct Table<'f, 'p> {
    pointer: String,
    cap: usize,
    /// Posted row label → row number.
    labels: HashMap<u32, usize>,
    rows: Vec<Vec<Slot<'f, 'p>>>,
    overflow: bool,
}

struct Reader<'f, 'p> {
    form: &'f Form,
    fields: HashMap<&'f str, &'f Field>,
    top: Vec<Slot<'f, 'p>>,
    top_index: HashMap<&'f str, usize>,
    tables: Vec<Table<'f, 'p>>,
    bad_rows: Vec<String>,
}

impl Form {
    /// The data of a posted form (`application/x-www-form-urlencoded` or multipart, already
    /// split into name/value pairs).
    ///
    /// Numbers take a decimal comma and spaces between thousands; a value that is not one is
    /// kept as typed, so the check reports it at its field. An empty value leaves its field
    /// out, so `required` reports it; the objects holding a posted field are made even then, so
    /// that each empty required field is reported rather than its group. A checkbox is `true`
    /// when ticked and `false` when only its hidden marker came. A row whose cells are all empty
    /// is kept (its hidden marker names it): a row goes only by its remove button.
    pub fn read_posted(&self, pairs: &[(String, String)]) -> Posted {
        let fields = self.fields.iter().map(|f| (f.pointer.as_str(), f)).collect();
        let mut reader = Reader {
            form: self,
            fields,
            top: Vec::new(),
            top_index: HashMap::new(),
            tables: Vec::new(),
            bad_rows: Vec::new(),
        };
        let mut action = None;
        for (name, value) in pairs {
            if name == ACTION {
                action = Some(value.clone());
            } else if name.starts_with('/') {
                reader.pair(name, value);
            }
        }
        let tables = self
            .model
            .nodes
            .iter()
            .filter(|n| n.kind == NodeKind::Table)
            .map(|n| TableCap {
                pointer: n.pointer.clone(),
                title: n.title.clone(),
                cap: self.rows_of(&n.pointer).cap(),
            })
            .collect();
        let (data, problems) = reader.finish();
        Posted { data, problems, action, tables }
    }
}

impl<'f, 'p> Reader<'f, 'p> {
    fn pair(&mut self, name: &str, value: &'p str) {
        match self.locate(name) {
            Target::Field(field, None) => {
                let i = *self.top_index.entry(field.pointer.as_str()).or_insert_with(|| {
                    self.top.push((field, Vec::new()));
                    self.top.len() - 1
                });
                self.top[i].1.push(value);
            }
            Target::Field(field, Some((table, label))) => {
                if let Some(row) = self.row(&table, label) {
                    match row.iter_mut().find(|(f, _)| f.pointer == field.pointer) {
                        Some((_, values)) => values.push(value),
                        None => row.push((field, vec![value])),
                    }
                }
            }
            Target::Row(table, label) => {
                self.row(&table, label);
            }
            Target::BadRow(table) => {
                if !self.bad_rows.contains(&table) {
                    self.bad_rows.push(table);
                }
            }
            Target::Ignored => {}
        }
    }

    /// Walks the name's tokens: after a table's pointer comes a row label, and the rest names a
    /// column. A name leaves as soon as it strays from the schema, so a long hostile name costs
    /// no more than the form's deepest field.
    fn locate(&self, name: &str) -> Target<'f> {
        let Some(tokens) = pointer::tokens(name) else { return Target::Ignored };
        let model = &self.form.model;
        let mut template = String::with_capacity(name.len());
        let mut row = None;
        for token in tokens {
            if row.is_none() && !template.is_empty() && model.is_table(&template) {
                let Some(label) = row_label(&token) else { return Target::BadRow(template) };
                row = Some((template.clone(), label));
                template.push_str("/*");
                continue;
            }
            template.push('/');
            template.push_str(&pointer::escape(&token));
            if model.get(&template).is_none() {
                return Target::Ignored;
            }
        }
        match (self.fields.get(template.as_str()), row) {
            (Some(field), row) if !field.computed => Target::Field(field, row),
            (None, Some((table, label))) if template.len() == table.len() + 2 => Target::Row(table, label),
            _ => Target::Ignored,
        }
    }

    /// The cells of the row with this label, made if it is new and the table has room.
    fn row(&mut self, table: &str, label: u32) -> Option<&mut Vec<Slot<'f, 'p>>> {
        let i = match self.tables.iter().position(|t| t.pointer == table) {
            Some(i) => i,
            None => {
                let cap = self.form.rows_of(table).cap();
                let labels = HashMap::new();
                self.tables.push(Table { pointer: table.to_owned(), cap, labels, rows: Vec::new(), overflow: false });
                self.tables.len() - 1
            }
        };
        let t = &mut self.tables[i];
        let n = match t.labels.get(&label) {
            Some(&n) => n,
            None if t.rows.len() < t.cap => {
                t.labels.insert(label, t.rows.len());
                t.rows.push(Vec::new());
                t.rows.len() - 1
            }
            None => {
                t.overflow = true;
                return None;
            }
        };
        t.rows.get_mut(n)
    }

    fn finish(self) -> (Value, Vec<Problem>) {
        let mut data = Map::new();
        for (field, values) in &self.top {
            set(&mut data, &field.pointer, typed(&field.kind, values));
        }
        let mut problems = Vec::new();
        for table in self.tables {
            let star = format!("{}/*", table.pointer);
            let rows = table.rows.into_iter().map(|cells| {
                let mut row = Map::new();
                for (field, values) in &cells {
                    if let Some(rest) = field.pointer.strip_prefix(&star) {
                        set(&mut row, rest, typed(&field.kind, values));
                    }
                }
                Value::Object(row)
            });
            set(&mut data, &table.pointer, Some(Value::Array(rows.collect())));
            if table.overflow {
                problems.push(super::rows::too_many(self.form, &table.pointer, table.cap));
            }
        }
        for table in &self.bad_rows {
            let title = self.form.title_of(table).unwrap_or(table);
            let message = format!("Таблица «{title}»: строка прислана с неверным номером, её значения не сохранены.");
            problems.push(Problem::new(table.clone(), "bad_row", message));
        }
        (Value::Object(data), problems)
    }
}

/// Puts `value` at `at` under `root`, making the objects on the way; `None` makes only them.
pub(super) fn set(root: &mut Map<String, Value>, at: &str, value: Option<Value>) {
    let tokens = pointer::tokens(at).unwrap_or_default();
    let Some((key, parents)) = tokens.split_last() else { return };
    let Some(parent) = object_at(root, parents) else { return };
    if let Some(value) = value {
        parent.insert(key.clone(), value);
    }
}

/// The object at `tokens` under `root`, made where missing; `None` where something else is.
pub(super) fn object_at<'m>(root: &'m mut Map<String, Value>, tokens: &[String]) -> Option<&'m mut Map<String, Value>> {
    let mut here = root;
    for token in tokens {
        here = here.entry(token.clone()).or_insert_with(|| Value::Object(Map::new())).as_object_mut()?;
    }
    Some(here)
}
