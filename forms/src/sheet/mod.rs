//! The spreadsheet round trip: an XLSX template generated from a form, filled offline and read
//! back into the same JSON data the API takes, with every problem named by its cell.
//!
//! An uploaded file is untrusted: [`SheetLimits`] caps its size, what its ZIP members declare
//! (judged before anything inflates), its sheets and the cells read. Which form a file belongs
//! to is written on a hidden sheet; a file of another form or version is refused.

mod guard;
mod layout;
mod read;
mod template;
mod validation;
mod value;

use serde::Serialize;
use serde_json::Value;

use crate::form::Form;
use crate::problem::Finding;
use crate::workbook::WorkbookError;

/// What the hidden sheet's first cell says, next to the form's id and version.
const MARK: &str = "cabinet-form";

/// Bounds on an uploaded file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetLimits {
    /// Size of the file as uploaded.
    pub max_bytes: usize,
    /// Sum of the sizes the ZIP members declare once inflated.
    pub max_inflated: u64,
    /// Members of the ZIP.
    pub max_members: usize,
    pub max_sheets: usize,
    /// Cells read over all sheets, empty or not.
    pub max_cells: usize,
}

impl Default for SheetLimits {
    fn default() -> Self {
        Self {
            max_bytes: 10 * 1024 * 1024,
            max_inflated: 60 * 1024 * 1024,
            max_members: 200,
            max_sheets: 60,
            max_cells: 1_000_000,
        }
    }
}

/// A problem of an uploaded file: the same finding the API answers, with the cell it is in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CellProblem {
    /// `'Раздел 1. Численность членов'!B5`; `None` for the file as a whole or a place with no
    /// cell.
    pub cell: Option<String>,
    #[serde(flatten)]
    pub finding: Finding,
}

impl CellProblem {
    fn file(code: &str, message: impl Into<String>) -> Self {
        let finding =
            Finding { pointer: String::new(), fields: vec![], code: code.into(), message: message.into(), rule: None };
        Self { cell: None, finding }
    }
}

/// The XLSX template of a form; with `data`, filled with it (a draft, or last period's report).
pub fn template(form: &Form, data: Option<&Value>) -> Result<Vec<u8>, WorkbookError> {
    template::write(form.plugin(), form.fields(), data)
}

/// Reads a filled template back into the form's data, within the default limits.
pub fn read(form: &Form, bytes: &[u8]) -> Result<Value, Vec<CellProblem>> {
    read_with(form, bytes, &SheetLimits::default())
}

/// Reads a filled template back into the form's data. Problems are what a cell's content cannot
/// be (text in a number cell, an unknown choice); what the data means is left to the form's
/// check, whose findings [`locate`] names by cell.
pub fn read_with(form: &Form, bytes: &[u8], limits: &SheetLimits) -> Result<Value, Vec<CellProblem>> {
    read::read(form.plugin(), form.fields(), bytes, limits)
}

/// The cell of the template that holds the value at `pointer` (`/agreements/2/workers`).
pub fn cell_of(form: &Form, pointer: &str) -> Option<String> {
    layout::Layout::of(form.plugin(), form.fields()).cell(pointer)
}

/// Names each finding of the form's check by its cell, so an upload is answered with the same
/// problems as the API.
pub fn locate(form: &Form, findings: Vec<Finding>) -> Vec<CellProblem> {
    let layout = layout::Layout::of(form.plugin(), form.fields());
    findings.into_iter().map(|finding| CellProblem { cell: layout.cell(&finding.pointer), finding }).collect()
}

#[cfg(test)]
mod tests;
