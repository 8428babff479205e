//! The columns and rows of each exported sheet, written to any [`Sink`].

use super::{Num, Sink};
use crate::field::{FactValue, Field, FieldKind};
use crate::plugin::Aggregate;
use crate::table::{Repeated, Row, Table};
use crate::workbook;

const ORGANIZATION: &str = "Организация";
const REGION: &str = "Регион";
const STATUS: &str = "Статус";
const VERSION: &str = "Версия формы";
const ROW: &str = "№ строки";
const TOTAL: &str = "Итого";
const RULE: &str = "Как посчитан итог";
const RATIO: &str = "отношение сумм";

/// Rows the main sheet takes: header, one per organization, totals, rules.
pub(super) fn main_rows(table: &Table) -> usize {
    table.rows.len() + 3
}

/// Rows a repeated table's sheet takes.
pub(super) fn repeated_rows(repeated: &Repeated) -> usize {
    repeated.rows.len() + 3
}

/// The organizations × fields sheet.
pub(super) fn main<S: Sink>(table: &Table, sink: &mut S) -> Result<(), S::Error> {
    sink.row(true)?;
    for header in [ORGANIZATION, REGION, STATUS, VERSION] {
        sink.text(header)?;
    }
    headers(&table.columns, sink)?;
    for indicator in &table.indicators {
        sink.text(&indicator.title)?;
    }
    for row in &table.rows {
        sink.row(false)?;
        for text in [name(row), &row.region, &row.status] {
            sink.text(text)?;
        }
        sink.number(f64::from(row.version), Num::Integer)?;
        values(&table.columns, &row.values, sink)?;
        for (value, indicator) in row.indicators.iter().zip(&table.indicators) {
            optional(*value, Num::Places(indicator.places), sink)?;
        }
    }
    total_rows(4, &table.columns, &table.totals, sink, |sink| {
        table.indicators.iter().try_for_each(|i| optional(i.value, Num::Places(i.places), sink))
    })?;
    table.indicators.iter().try_for_each(|_| sink.text(RATIO))
}

/// The sheet of one repeated table: a row per row of each organization.
pub(super) fn repeated<S: Sink>(table: &Table, repeated: &Repeated, sink: &mut S) -> Result<(), S::Error> {
    sink.row(true)?;
    for header in [ORGANIZATION, REGION, ROW] {
        sink.text(header)?;
    }
    headers(&repeated.columns, sink)?;
    for row in &repeated.rows {
        sink.row(false)?;
        let reporter = &table.rows[row.reporter];
        sink.text(name(reporter))?;
        sink.text(&reporter.region)?;
        sink.number(f64::from(row.row) + 1.0, Num::Integer)?;
        values(&repeated.columns, &row.values, sink)?;
    }
    total_rows(3, &repeated.columns, &repeated.totals, sink, |_| Ok(()))
}

/// The organization's name, or its id when the name is empty.
fn name(row: &Row) -> &str {
    if row.name.is_empty() { &row.organization } else { &row.name }
}

fn headers<S: Sink>(columns: &[Field], sink: &mut S) -> Result<(), S::Error> {
    columns.iter().try_for_each(|c| sink.text(&c.title))
}

fn values<S: Sink>(columns: &[Field], values: &[Option<FactValue>], sink: &mut S) -> Result<(), S::Error> {
    for (field, value) in columns.iter().zip(values) {
        match value {
            None => sink.empty()?,
            Some(value) => cell(field, value, sink)?,
        }
    }
    Ok(())
}

fn cell<S: Sink>(field: &Field, value: &FactValue, sink: &mut S) -> Result<(), S::Error> {
    if let Some(label) = workbook::label(&field.kind, value) {
        return sink.text(&label);
    }
    match value {
        FactValue::Number(n) => sink.number(*n, num(&field.kind)),
        FactValue::Bool(b) => sink.text(if *b { "да" } else { "нет" }),
        FactValue::Text(t) if field.kind == FieldKind::Date && workbook::date(t).is_some() => sink.date(t),
        FactValue::Text(t) => sink.text(t),
    }
}

fn num(kind: &FieldKind) -> Num {
    match kind {
        FieldKind::Number { integer: true, .. } => Num::Integer,
        _ => Num::Decimal,
    }
}

fn optional<S: Sink>(value: Option<f64>, num: Num, sink: &mut S) -> Result<(), S::Error> {
    match value {
        Some(n) => sink.number(n, num),
        None => sink.empty(),
    }
}

/// The totals row and the row naming each total's rule; `lead` columns come before the fields.
/// `more` adds cells after the fields' totals; the caller may add cells to the rules row.
fn total_rows<S: Sink>(
    lead: usize,
    columns: &[Field],
    totals: &[Option<f64>],
    sink: &mut S,
    more: impl FnOnce(&mut S) -> Result<(), S::Error>,
) -> Result<(), S::Error> {
    sink.row(true)?;
    sink.text(TOTAL)?;
    (1..lead).try_for_each(|_| sink.empty())?;
    for (field, total) in columns.iter().zip(totals) {
        let shown = match field.aggregate {
            Aggregate::Average => Num::Places(2),
            Aggregate::Count => Num::Integer,
            _ => num(&field.kind),
        };
        optional(*total, shown, sink)?;
    }
    more(sink)?;
    sink.row(false)?;
    sink.text(RULE)?;
    (1..lead).try_for_each(|_| sink.empty())?;
    columns.iter().try_for_each(|c| sink.text(rule(c.aggregate)))
}

fn rule(aggregate: Aggregate) -> &'static str {
    match aggregate {
        Aggregate::Sum => "сумма",
        Aggregate::Average => "среднее",
        Aggregate::Min => "наименьшее",
        Aggregate::Max => "наибольшее",
        Aggregate::Count => "число значений",
        Aggregate::None => "не считается",
    }
}
