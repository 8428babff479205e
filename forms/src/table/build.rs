//! Building the table: one pass over each reporter's facts, moved into place.

use std::collections::HashMap;

use super::total::{Total, ratio};
use super::{IndicatorValue, Repeated, RepeatedRow, Reporter, Row, Table};
use crate::field::{FactValue, Field};
use crate::plugin::Plugin;
use crate::titles;

/// Where a field's facts go.
#[derive(Clone, Copy)]
enum Place {
    Main(usize),
    Column {
        table: usize,
        column: usize,
    },
    /// Named only by an indicator.
    Nowhere,
}

/// What one pointer feeds: a column, and the indicators it is a numerator or denominator of.
struct Slot {
    place: Place,
    numerator_of: Vec<usize>,
    denominator_of: Vec<usize>,
}

/// The layout of the table, built once per call from the form's fields.
struct Layout<'a> {
    slots: Vec<Slot>,
    index: HashMap<&'a str, usize>,
    /// Scale of each indicator.
    scales: Vec<f64>,
}

/// [`super::build`] from the form's parts.
pub(crate) fn table(plugin: &Plugin, fields: &[Field], reporters: Vec<Reporter>, regions: Option<&[String]>) -> Table {
    let mut table = empty(plugin, fields);
    let layout = layout(plugin, fields, &table);
    let mut scratch = Vec::new();
    let kept = reporters.into_iter().filter(|r| regions.is_none_or(|list| list.contains(&r.region)));
    for reporter in kept {
        add(&mut table, &layout, reporter, &mut scratch);
    }
    finish(plugin, &mut table);
    table
}

fn empty(plugin: &Plugin, fields: &[Field]) -> Table {
    let columns: Vec<Field> = fields.iter().filter(|f| f.table.is_none()).cloned().collect();
    let mut repeated: Vec<Repeated> = Vec::new();
    for field in fields {
        let Some(pointer) = &field.table else { continue };
        let at = match repeated.iter().position(|t| t.pointer == *pointer) {
            Some(at) => at,
            None => {
                let title = titles::title(&plugin.schema, pointer);
                repeated.push(Repeated {
                    pointer: pointer.clone(),
                    title,
                    columns: vec![],
                    rows: vec![],
                    totals: vec![],
                });
                repeated.len() - 1
            }
        };
        repeated[at].columns.push(field.clone());
    }
    let indicators = plugin.indicators.iter().map(|i| IndicatorValue {
        id: i.id.clone(),
        title: i.title.clone(),
        places: i.places,
        numerator: 0.0,
        denominator: 0.0,
        value: None,
    });
    Table { columns, rows: vec![], totals: vec![], indicators: indicators.collect(), repeated }
}

fn layout<'a>(plugin: &'a Plugin, fields: &'a [Field], table: &Table) -> Layout<'a> {
    let scales = plugin.indicators.iter().map(|i| i.scale).collect();
    let mut layout = Layout { slots: Vec::new(), index: HashMap::new(), scales };
    for field in fields {
        let place = match &field.table {
            None => table.columns.iter().position(|c| c.pointer == field.pointer).map(Place::Main),
            Some(t) => table.repeated.iter().position(|r| r.pointer == *t).and_then(|at| {
                let column = table.repeated[at].columns.iter().position(|c| c.pointer == field.pointer)?;
                Some(Place::Column { table: at, column })
            }),
        };
        slot(&mut layout, &field.pointer).place = place.unwrap_or(Place::Nowhere);
    }
    for (at, indicator) in plugin.indicators.iter().enumerate() {
        slot(&mut layout, &indicator.numerator).numerator_of.push(at);
        slot(&mut layout, &indicator.denominator).denominator_of.push(at);
    }
    layout
}

fn slot<'s, 'a>(layout: &'s mut Layout<'a>, pointer: &'a str) -> &'s mut Slot {
    let next = layout.slots.len();
    let at = *layout.index.entry(pointer).or_insert(next);
    if at == next {
        layout.slots.push(Slot { place: Place::Nowhere, numerator_of: vec![], denominator_of: vec![] });
    }
    &mut layout.slots[at]
}

/// A value of a repeated table's cell waiting to be put in its row: (table, row, column).
type Pending = (usize, u32, usize, FactValue);

fn add(table: &mut Table, layout: &Layout, reporter: Reporter, pending: &mut Vec<Pending>) {
    let mut values = vec![None; table.columns.len()];
    let mut sums = vec![(0.0, 0.0); table.indicators.len()];
    pending.clear();
    for fact in reporter.facts {
        let Some(slot) = layout.index.get(fact.field.as_str()).map(|&at| &layout.slots[at]) else { continue };
        if let FactValue::Number(n) = fact.value {
            slot.numerator_of.iter().for_each(|&i| sums[i].0 += n);
            slot.denominator_of.iter().for_each(|&i| sums[i].1 += n);
        }
        match (slot.place, fact.row) {
            (Place::Main(column), None) => put(&mut values[column], fact.value),
            (Place::Column { table, column }, Some(row)) => pending.push((table, row, column, fact.value)),
            _ => {}
        }
    }
    let reporter_at = table.rows.len();
    place_rows(table, reporter_at, pending);
    let indicators = sums.iter().zip(&layout.scales).map(|(&(n, d), &scale)| ratio(n, d, scale)).collect();
    for (indicator, (n, d)) in table.indicators.iter_mut().zip(sums) {
        indicator.numerator += n;
        indicator.denominator += d;
    }
    let Reporter { organization, name, region, status, version, .. } = reporter;
    table.rows.push(Row { organization, name, region, status, version, values, indicators });
}

/// Moves a reporter's pending cells into rows of their tables, one row per row number.
fn place_rows(table: &mut Table, reporter: usize, pending: &mut Vec<Pending>) {
    pending.sort_by_key(|p| (p.0, p.1));
    let mut current: Option<(usize, u32)> = None;
    for (at, row, column, value) in pending.drain(..) {
        let repeated = &mut table.repeated[at];
        if current != Some((at, row)) {
            current = Some((at, row));
            repeated.rows.push(RepeatedRow { reporter, row, values: vec![None; repeated.columns.len()] });
        }
        if let Some(last) = repeated.rows.last_mut() {
            put(&mut last.values[column], value);
        }
    }
}

/// Puts a value in its cell. A multiple choice leaves one fact per chosen value: they are kept
/// together, `;` between them.
fn put(cell: &mut Option<FactValue>, value: FactValue) {
    match (cell.as_mut(), value) {
        (Some(FactValue::Text(before)), FactValue::Text(more)) => {
            before.push(';');
            before.push_str(&more);
        }
        (_, value) => *cell = Some(value),
    }
}

fn finish(plugin: &Plugin, table: &mut Table) {
    table.totals = totals(&table.columns, table.rows.iter().map(|r| &r.values));
    for repeated in &mut table.repeated {
        repeated.totals = totals(&repeated.columns, repeated.rows.iter().map(|r| &r.values));
    }
    for (value, indicator) in table.indicators.iter_mut().zip(&plugin.indicators) {
        value.value = ratio(value.numerator, value.denominator, indicator.scale);
    }
}

fn totals<'a>(columns: &[Field], rows: impl Iterator<Item = &'a Vec<Option<FactValue>>>) -> Vec<Option<f64>> {
    let mut running = vec![Total::default(); columns.len()];
    for values in rows {
        for (total, value) in running.iter_mut().zip(values) {
            if let Some(value) = value {
                total.add(value);
            }
        }
    }
    running.iter().zip(columns).map(|(t, c)| t.by(c.aggregate)).collect()
}
