//! The aggregated table of one form and period: organizations × fields, totals by each field's
//! rule and indicators as ratios of sums, built from the facts stored with each submission.
//!
//! Nothing is re-parsed: facts are already typed, and each reporter's facts are moved into the
//! table, so building it for 10 000 organizations costs one hash lookup per fact.

pub(crate) mod build;
mod total;

use serde::Serialize;

use crate::field::{Fact, FactValue, Field};
use crate::form::Form;

/// Builds the table of `form` from the reporters' facts. With `regions`, only reporters of those
/// regions are kept. Facts of fields the form does not have (an older version's) are left out.
pub fn build(form: &Form, reporters: Vec<Reporter>, regions: Option<&[String]>) -> Table {
    build::table(form.plugin(), form.fields(), reporters, regions)
}

/// One organization's submission as storage reads it for aggregation.
#[derive(Debug, Clone, PartialEq)]
pub struct Reporter {
    /// Id of the organization.
    pub organization: String,
    /// Name as the department reads it.
    pub name: String,
    /// Region from the organization's card; the table can be filtered by it.
    pub region: String,
    /// State of the submission as a person reads it («принят», «сдан с опозданием»): the export
    /// shows it as given.
    pub status: String,
    /// Version of the form the submission was made with.
    pub version: u32,
    pub facts: Vec<Fact>,
}

/// The table of one form and period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    /// The form's fields outside repeated tables, in the form's order.
    pub columns: Vec<Field>,
    /// One row per organization, in the order given.
    pub rows: Vec<Row>,
    /// Per column, the total by the field's aggregation; `None` when it has none or no value
    /// was given.
    pub totals: Vec<Option<f64>>,
    /// Each indicator over every organization of the table.
    pub indicators: Vec<IndicatorValue>,
    /// Each repeated table of the form, with its rows from every organization.
    pub repeated: Vec<Repeated>,
}

/// One organization's values.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    pub organization: String,
    pub name: String,
    pub region: String,
    pub status: String,
    pub version: u32,
    /// Aligned with [`Table::columns`]; `None` where no value was given.
    pub values: Vec<Option<FactValue>>,
    /// Aligned with [`Table::indicators`]: the indicator over this organization alone.
    pub indicators: Vec<Option<f64>>,
}

/// A repeated table (`/agreements`) with the rows of every organization.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Repeated {
    /// Pointer of the table in the data.
    pub pointer: String,
    /// Russian title from the schema.
    pub title: String,
    /// The table's columns (`/agreements/*/workers`), in the form's order.
    pub columns: Vec<Field>,
    pub rows: Vec<RepeatedRow>,
    /// Per column, over every row of every organization.
    pub totals: Vec<Option<f64>>,
}

/// One row of a repeated table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RepeatedRow {
    /// Index of the organization in [`Table::rows`].
    pub reporter: usize,
    /// Row number in that organization's submission, from 0.
    pub row: u32,
    /// Aligned with [`Repeated::columns`].
    pub values: Vec<Option<FactValue>>,
}

/// An indicator: the sum of its numerator over the sum of its denominator, times its scale.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorValue {
    pub id: String,
    pub title: String,
    /// Decimal places to show.
    pub places: u8,
    pub numerator: f64,
    pub denominator: f64,
    /// `None` when the denominator sums to zero.
    pub value: Option<f64>,
}

#[cfg(test)]
mod tests;
