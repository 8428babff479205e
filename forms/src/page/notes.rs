//! Problems, warnings and remarks put where they belong: each message at the element of its
//! pointer, and every one in a summary linking to that element — or, for a pointer no element
//! has, to the first element inside it or the nearest one holding it, so that a message about
//! something the page does not show is still seen and leads somewhere.

use std::collections::HashMap;

use super::PageInput;
use super::ids;
use super::model::{Notes, SummaryEntry};
use crate::form::Form;
use crate::pointer;

/// The messages waiting for their elements, by concrete pointer.
#[derive(Default)]
pub(super) struct Pending {
    by_pointer: HashMap<String, Waiting>,
}

#[derive(Default)]
struct Waiting {
    errors: Vec<String>,
    warnings: Vec<String>,
    remark: Option<String>,
}

impl Pending {
    pub(super) fn new(input: &PageInput<'_>) -> Self {
        let mut pending = Pending::default();
        for f in input.errors {
            for at in places(&f.pointer, &f.fields) {
                push_once(&mut pending.at(at).errors, &f.message);
            }
        }
        for p in input.problems {
            push_once(&mut pending.at(&p.pointer).errors, &p.message);
        }
        for f in input.warnings {
            for at in places(&f.pointer, &f.fields) {
                push_once(&mut pending.at(at).warnings, &f.message);
            }
        }
        for (at, remark) in input.remarks {
            pending.at(at).remark = Some(remark.clone());
        }
        pending
    }

    fn at(&mut self, pointer: &str) -> &mut Waiting {
        self.by_pointer.entry(pointer.to_owned()).or_default()
    }

    /// The notes of the element at `at`, taken so that each message is shown at one element.
    pub(super) fn take(&mut self, at: &str) -> Notes {
        let waiting = self.by_pointer.remove(at).unwrap_or_default();
        Notes {
            errors: waiting.errors,
            errors_id: ids::of('e', at),
            warnings: waiting.warnings,
            warnings_id: ids::of('w', at),
            remark: waiting.remark,
            remark_id: ids::of('r', at),
        }
    }
}

/// Every pointer a finding is shown at: each field a rule names, else its pointer.
fn places<'f>(pointer: &'f str, fields: &'f [String]) -> impl Iterator<Item = &'f str> {
    let own = fields.is_empty().then_some(pointer);
    own.into_iter().chain(fields.iter().map(String::as_str))
}

fn push_once(list: &mut Vec<String>, message: &str) {
    if !list.iter().any(|m| m == message) {
        list.push(message.to_owned());
    }
}

/// `aria-describedby` of an element: the ids of its help and notes that are shown.
pub(super) fn described_by(help: &str, help_id: &str, notes: &Notes) -> String {
    let shown = [
        (!help.is_empty(), help_id),
        (!notes.errors.is_empty(), notes.errors_id.as_str()),
        (!notes.warnings.is_empty(), notes.warnings_id.as_str()),
        (notes.remark.is_some(), notes.remark_id.as_str()),
    ];
    shown.iter().filter(|(on, _)| *on).map(|(_, id)| *id).collect::<Vec<_>>().join(" ")
}

/// The HTML id of every element on the page by its concrete pointer, in page order.
#[derive(Default)]
pub(super) struct Anchors {
    ids: HashMap<String, String>,
    order: Vec<String>,
}

impl Anchors {
    pub(super) fn insert(&mut self, at: &str, id: &str) {
        if self.ids.insert(at.to_owned(), id.to_owned()).is_none() {
            self.order.push(at.to_owned());
        }
    }

    /// The element showing `at`; else the first one inside it (a group the ui lists field by
    /// field); else the nearest one holding it (a row the page does not have: its table).
    fn find(&self, at: &str) -> Option<String> {
        if let Some(id) = self.ids.get(at) {
            return Some(id.clone());
        }
        if !at.is_empty() {
            let inside = self.order.iter().find(|p| p.strip_prefix(at).is_some_and(|rest| rest.starts_with('/')));
            if let Some(id) = inside.and_then(|p| self.ids.get(p)) {
                return Some(id.clone());
            }
        }
        let mut up = at;
        loop {
            up = &up[..up.rfind('/')?];
            if let Some(id) = self.ids.get(up) {
                return Some(id.clone());
            }
        }
    }
}

/// The summaries at the top of the page: errors (findings, then other problems), warnings and
/// remarks, each linking to the element `anchors` has for its pointer.
pub(super) fn summaries(form: &Form, input: &PageInput<'_>, anchors: &Anchors) -> [Vec<SummaryEntry>; 3] {
    let entry = |at: &str, message: &str| SummaryEntry {
        label: label(form, at),
        message: message.to_owned(),
        anchor: anchors.find(at),
    };
    let errors = input
        .errors
        .iter()
        .map(|f| entry(&f.pointer, &f.message))
        .chain(input.problems.iter().map(|p| entry(&p.pointer, &p.message)))
        .collect();
    let warnings = input.warnings.iter().map(|f| entry(&f.pointer, &f.message)).collect();
    let remarks = input.remarks.iter().map(|(at, remark)| entry(at, remark)).collect();
    [errors, warnings, remarks]
}

/// What a message is about, in words: the field's title, with the table and row of a cell.
fn label(form: &Form, at: &str) -> String {
    if at.is_empty() {
        return String::new();
    }
    let template = form.template(at);
    let tokens = pointer::tokens(at).unwrap_or_default();
    let title = form.title_of(&template).map_or_else(|| tokens.last().cloned().unwrap_or_default(), str::to_owned);
    let Some((table, rest)) = row_of(form, &template, at) else { return title };
    let table_title = form.title_of(&table).unwrap_or(&table);
    match rest {
        Some(row) if template == format!("{table}/*") => format!("{table_title}, строка {}", row + 1),
        Some(row) => format!("{table_title}, строка {}: {title}", row + 1),
        None => title,
    }
}

/// The table `at` is in and its row number, if it is in one.
fn row_of(form: &Form, template: &str, at: &str) -> Option<(String, Option<u64>)> {
    let star = template.find("/*")?;
    let table = template[..star].to_owned();
    let row = at.get(star + 1..).and_then(|r| r.split('/').next()).and_then(|r| r.parse::<u64>().ok());
    form.is_table(&table).then_some((table, row))
}
