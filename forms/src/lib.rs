//! The report-form engine (§7): a form arrives as data — one JSON plugin file — never as code.
//!
//! `plugin` is the file's format; everything else turns an untrusted plugin into a compiled
//! [`Form`] and checks submissions against it. Nothing here does I/O: storage keeps plugins and
//! submissions, http wires them to routes.

pub mod field;
pub mod plugin;
pub mod problem;
pub mod table;
mod titles;
pub mod export;
pub mod workbook;
pub mod sheet;

pub use plugin::Plugin;
pub use field::{Fact, FactValue, Field, FieldKind};
pub use problem::{Finding, Problem};
