//! Any report form as a server-rendered HTML page that works without JavaScript, built from its
//! plugin alone, and the posted page read back into the form's data.
//!
//! [`Form::page`] gives the [`Page`] a template walks: sections of inputs, fieldsets and tables,
//! with values, limits, messages and HTML ids worked out. [`Form::read_posted`] turns the posted
//! name/value pairs back into JSON, and [`Posted::apply`] performs the row buttons.
//!
//! The HTML contract, for the template:
//! - an input's `name` is the JSON pointer of its value (`/members/women`,
//!   `/agreements/2/workers`); its `id` is derived from that pointer (`f-members-women`, see
//!   `ids`), and the ids of its help, errors, warnings and remark elements are given with it;
//! - a checkbox is preceded by a hidden input with the same name and the value `marker`
//!   (`false`), so an unticked box reads back as `false`; radios and selects of a yes/no field
//!   post `true` or `false`, and nothing chosen leaves the field out;
//! - each table row posts a hidden input named by the row's pointer (`name` of the row) with an
//!   empty value, so a row of empty cells is kept;
//! - row buttons are `<button name="_action" value="{{add}}">` and `value="{{remove}}"`; other
//!   buttons use other values of `_action` (`save`, `submit`), which reading ignores;
//! - items and sections marked `hidden` stay in the form (with the `hidden` attribute), so what
//!   they hold is posted back unchanged.

mod build;
mod ids;
mod inputs;
mod model;
mod notes;
mod posted;
mod rows;
mod schema;
mod value;

use std::collections::BTreeMap;

use serde_json::Value;

pub use model::{
    Column, Group, Input, InputWidget, Item, Notes, OptionItem, Page, PageSection, Row, SummaryEntry, Table,
};
pub use posted::{ACTION, Posted};
pub use rows::Applied;

use crate::form::Form;
use crate::problem::{Finding, Problem};

/// No remarks.
static NO_REMARKS: BTreeMap<String, String> = BTreeMap::new();

/// What the page shows besides the data.
#[derive(Debug, Clone, Copy)]
pub struct PageInput<'a> {
    /// Problems that block submitting: the check's errors.
    pub errors: &'a [Finding],
    /// The check's warnings, which the submitter must explain.
    pub warnings: &'a [Finding],
    /// Other problems by pointer, shown as errors: what reading the post or saving a draft found.
    pub problems: &'a [Problem],
    /// The department's remarks on a returned report, by the pointer of the field, row or table.
    pub remarks: &'a BTreeMap<String, String>,
    /// A submitted report: nothing can be changed, no row buttons.
    pub readonly: bool,
    /// The organization's report for the previous period, which show-if conditions may read.
    pub previous: Option<&'a Value>,
}

impl Default for PageInput<'_> {
    fn default() -> Self {
        PageInput { errors: &[], warnings: &[], problems: &[], remarks: &NO_REMARKS, readonly: false, previous: None }
    }
}

impl Form {
    /// The page of a report with `data` (computed fields as the check filled them).
    pub fn page(&self, data: &Value, input: PageInput<'_>) -> Page {
        let shown = self.shown_parts(data, input.previous);
        let mut builder = build::Builder::new(self, data, input.readonly, notes::Pending::new(&input));
        let sections = builder.sections(&shown);
        let [errors_summary, warnings_summary, remarks_summary] = notes::summaries(self, &input, &builder.anchors);
        Page {
            form: self.plugin.id.clone(),
            version: self.plugin.version,
            title: self.plugin.title.clone(),
            description: self.plugin.description.clone(),
            readonly: input.readonly,
            sections,
            errors_summary,
            warnings_summary,
            remarks_summary,
        }
    }
}

#[cfg(test)]
mod tests;
