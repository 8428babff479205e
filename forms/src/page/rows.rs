//! Row buttons without JavaScript: the page's `_action` buttons `add:/agreements` and
//! `remove:/agreements/3` change the posted data, which is then shown again.
//!
//! An action comes from the client like everything posted: one that names no table of the form,
//! no row of it, or is no row action at all changes nothing; adding to a full table is refused
//! with a problem the page shows at the table.

use serde_json::{Map, Value};

use super::posted::{Posted, object_at};
use crate::form::Form;
use crate::pointer;
use crate::problem::Problem;

/// What a row button did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applied {
    /// An empty row was added; its pointer (`/agreements/3`), to scroll the page to.
    Added(String),
    /// A row was removed from the table with this pointer.
    Removed(String),
    /// The table is full; the problem is in [`Posted::problems`].
    Refused,
    /// Not a row action of this form (`save`, a table or row it does not have): nothing changed.
    Ignored,
}

/// A table of the form and the rows it may have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct TableCap {
    pub pointer: String,
    pub title: String,
    pub cap: usize,
}

impl Posted {
    /// Applies a row button's action to the data.
    pub fn apply(&mut self, action: &str) -> Applied {
        if let Some(table) = action.strip_prefix("add:") {
            self.add(table)
        } else if let Some(row) = action.strip_prefix("remove:") {
            self.remove(row)
        } else {
            Applied::Ignored
        }
    }

    fn add(&mut self, table: &str) -> Applied {
        let Some(known) = self.tables.iter().find(|t| t.pointer == table) else { return Applied::Ignored };
        let tokens = pointer::tokens(table).unwrap_or_default();
        let (Some((key, parents)), Some(root)) = (tokens.split_last(), self.data.as_object_mut()) else {
            return Applied::Ignored;
        };
        let Some(parent) = object_at(root, parents) else { return Applied::Ignored };
        let Some(rows) = parent.entry(key.clone()).or_insert_with(|| Value::Array(Vec::new())).as_array_mut() else {
            return Applied::Ignored;
        };
        if rows.len() >= known.cap {
            let problem = too_many_rows(&known.title, &known.pointer, known.cap, "новую строку добавить нельзя");
            if !self.problems.contains(&problem) {
                self.problems.push(problem);
            }
            return Applied::Refused;
        }
        rows.push(Value::Object(Map::new()));
        Applied::Added(format!("{table}/{}", rows.len() - 1))
    }

    fn remove(&mut self, row: &str) -> Applied {
        let Some((table, index)) = row.rsplit_once('/') else { return Applied::Ignored };
        let Some(index) = row_label(index).and_then(|i| usize::try_from(i).ok()) else { return Applied::Ignored };
        if !self.tables.iter().any(|t| t.pointer == table) {
            return Applied::Ignored;
        }
        let Some(rows) = self.data.pointer_mut(table).and_then(Value::as_array_mut) else { return Applied::Ignored };
        if index >= rows.len() {
            return Applied::Ignored;
        }
        rows.remove(index);
        if rows.is_empty() {
            // as a post with no rows reads: the table absent, so `required` can say so
            let tokens = pointer::tokens(table).unwrap_or_default();
            if let Some((key, parents)) = tokens.split_last()
                && let Some(parent) = self.data.as_object_mut().and_then(|root| object_at(root, parents))
            {
                parent.remove(key);
            }
        }
        Applied::Removed(table.to_owned())
    }
}

/// A row label as posted: a plain number of up to nine digits (so it fits a `u32`); a sign,
/// `*`, spaces or a longer number are not a row.
pub(super) fn row_label(token: &str) -> Option<u32> {
    if token.is_empty() || token.len() > 9 || !token.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    token.parse().ok()
}

/// The problem of a table posted or grown past its cap.
pub(super) fn too_many(form: &Form, table: &str, cap: usize) -> Problem {
    too_many_rows(form.title_of(table).unwrap_or(table), table, cap, "лишние строки не сохранены")
}

fn too_many_rows(title: &str, table: &str, cap: usize, what_then: &str) -> Problem {
    let rows = if cap % 10 == 1 && cap % 100 != 11 { "строки" } else { "строк" };
    let message = format!("В таблице «{title}» может быть не более {cap} {rows}; {what_then}.");
    Problem::new(table, "too_many_rows", message)
}
