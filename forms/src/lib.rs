//! The report-form engine (§7): a form arrives as data — one JSON plugin file — never as code.
//!
//! `plugin` is the file's format; [`load`] turns an untrusted plugin into a compiled [`Form`]
//! (or every problem found in it), and a `Form` checks submissions. `period` knows reporting
//! periods and deadlines. Nothing here does I/O: storage keeps plugins and submissions, http
//! wires them to routes.

#![forbid(unsafe_code)]

pub mod chart;
mod check;
pub mod export;
pub mod field;
mod form;
mod json;
pub mod limits;
mod load;
mod logic;
mod meta;
pub mod page;
pub mod period;
pub mod plugin;
mod pointer;
pub mod problem;
pub mod sheet;
pub mod table;
mod titles;
pub mod workbook;

pub use check::Checked;
pub use field::{Choice, Fact, FactValue, Field, FieldKind};
pub use form::Form;
/// Strict reading of an untrusted JSON document (duplicate keys, limits), as for plugins and reports.
pub use json::read as read_json;
pub use limits::{JsonLimits, Limits};
pub use load::{DIALECT, FORMATS, compile, load};
pub use meta::meta_schema;
pub use page::{Page, PageInput, Posted};
pub use period::{Deadlines, PeriodId, deadlines, is_valid_period, period_for};
pub use plugin::Plugin;
pub use problem::{Finding, Problem};
