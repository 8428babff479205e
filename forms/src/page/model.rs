//! The page model a server-side template walks: sections of inputs, fieldsets and tables with
//! every value, limit, message and HTML id already worked out, so that a template for one page
//! renders every form and computes nothing.
//!
//! Every field is always serialized (`null`, `""` or `[]` when there is nothing): templates run
//! in strict mode, where a missing key is an error.

use serde::Serialize;

/// A report form as one HTML page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page {
    /// Id and version of the form the page was built from.
    pub form: String,
    pub version: u32,
    pub title: String,
    pub description: String,
    /// A submitted report: shown, not editable; no row buttons.
    pub readonly: bool,
    pub sections: Vec<PageSection>,
    /// Errors and other problems that block submitting, each once, in the order found.
    pub errors_summary: Vec<SummaryEntry>,
    /// Rule warnings the submitter must explain.
    pub warnings_summary: Vec<SummaryEntry>,
    /// The department's remarks on a returned report.
    pub remarks_summary: Vec<SummaryEntry>,
}

/// A section of the form, one `<section>` of the page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageSection {
    /// The ui section's id; `form` for a form without sections, `other` (made unique) for the
    /// fields the ui does not list.
    pub id: String,
    /// HTML id of the section: `s-<id>`.
    pub anchor: String,
    pub title: String,
    pub help: String,
    /// Its show-if is false for the data shown: the template hides it but keeps its inputs in the
    /// form, so their values are posted back unchanged.
    pub hidden: bool,
    pub items: Vec<Item>,
}

/// One thing in a section or a fieldset.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Item {
    Input(Input),
    /// A nested object of the data, shown as a `<fieldset>`.
    Group(Group),
    /// A repeated table (an array of objects).
    Table(Table),
}

/// One input of one value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Input {
    /// JSON pointer of the value (`/members/women`, `/agreements/2/workers`): the HTML `name`.
    pub name: String,
    /// HTML id: `f-members-women`.
    pub id: String,
    pub label: String,
    pub help: String,
    /// HTML id of the element showing `help`.
    pub help_id: String,
    pub widget: InputWidget,
    /// The `value` attribute: the current value as text (numbers without exponent and without a
    /// trailing `.0`, dates `YYYY-MM-DD`); `true` for a checkbox, whose state is `checked`.
    pub value: String,
    /// A checkbox that is ticked.
    pub checked: bool,
    /// Value of a hidden input with the same `name` that the template writes before a
    /// checkbox: an unticked box then reads back as `false`, not as absent.
    pub marker: Option<String>,
    /// Choices of a `select`, `radio` or `checkboxes`; `value` is what is posted.
    pub options: Vec<OptionItem>,
    pub required: bool,
    /// Filled by the server; shown read-only and never read back.
    pub computed: bool,
    pub readonly: bool,
    pub min: Option<String>,
    pub max: Option<String>,
    /// `1` for an integer, `any` for a decimal.
    pub step: Option<String>,
    pub maxlength: Option<u64>,
    /// `numeric` or `decimal`, for phones' keyboards.
    pub inputmode: Option<String>,
    /// Its own show-if is false.
    pub hidden: bool,
    #[serde(flatten)]
    pub notes: Notes,
    /// Space-separated ids of its help, errors, warnings and remark elements that are shown, for
    /// `aria-describedby`; empty when there are none.
    pub describedby: String,
}

/// How an input is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InputWidget {
    Text,
    Textarea,
    Number,
    Date,
    Select,
    Radio,
    /// One yes/no value.
    Checkbox,
    /// Several of fixed values.
    Checkboxes,
}

/// A choice of a select, radio group or set of checkboxes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OptionItem {
    pub value: String,
    pub label: String,
    pub selected: bool,
    /// HTML id of this option's radio button or checkbox: the input's id, `--` and the option's
    /// number from 0 (`f-status--2`); no field's id has `--`.
    pub id: String,
}

/// A nested object of the data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    /// JSON pointer of the object.
    pub name: String,
    pub id: String,
    pub legend: String,
    pub help: String,
    pub help_id: String,
    pub hidden: bool,
    #[serde(flatten)]
    pub notes: Notes,
    pub items: Vec<Item>,
}

/// A repeated table: one row a contract, inspection or case.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    /// JSON pointer of the array (`/agreements`).
    pub name: String,
    pub id: String,
    pub caption: String,
    pub help: String,
    pub help_id: String,
    pub hidden: bool,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    /// The schema's `minItems` and `maxItems`.
    pub min_rows: Option<u64>,
    pub max_rows: Option<u64>,
    /// Value of the `_action` button that adds an empty row (`add:/agreements`); `null` on a
    /// read-only page or a full table.
    pub add: Option<String>,
    /// Problems of the table itself (too few rows) and remarks on it.
    #[serde(flatten)]
    pub notes: Notes,
}

/// A column of a table, in the order shown.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Column {
    /// Pointer template of the column (`/agreements/*/workers`).
    pub name: String,
    pub label: String,
    pub help: String,
    pub required: bool,
}

/// One row of a table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// From 0, as in the pointers.
    pub index: usize,
    /// From 1, as a person counts.
    pub number: usize,
    /// Pointer of the row (`/agreements/2`): the template posts it as a hidden input with an
    /// empty value, so a row whose cells are all empty is kept rather than lost.
    pub name: String,
    pub id: String,
    /// Value of the `_action` button that removes this row; `null` on a read-only page.
    pub remove: Option<String>,
    pub cells: Vec<Input>,
    #[serde(flatten)]
    pub notes: Notes,
}

/// Messages shown at one element, with the ids of the elements showing them.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Notes {
    /// Russian messages of the problems at this pointer.
    pub errors: Vec<String>,
    pub errors_id: String,
    pub warnings: Vec<String>,
    pub warnings_id: String,
    /// The department's comment at this pointer.
    pub remark: Option<String>,
    pub remark_id: String,
}

/// One line of a summary at the top of the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SummaryEntry {
    /// What the message is about («Коллективные договоры, строка 2: Работодатель»); empty for
    /// the report as a whole.
    pub label: String,
    pub message: String,
    /// HTML id to link to (`#f-members-women`): the element, or the nearest one holding it;
    /// `null` when nothing on the page holds it.
    pub anchor: Option<String>,
}
