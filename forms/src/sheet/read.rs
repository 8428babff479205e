//! Reading a filled template: the file judged, the form checked, each sheet's cells streamed
//! (never a dense grid: a stray cell at `XFD1048576` costs nothing) and turned into JSON.

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{DataRef, Reader, Xlsx};
use serde_json::{Map, Value};

use super::layout::{Entry, FIRST_ROW, Kind, Layout, MARKER, Sheet, VALUE_COLUMN, cell_name, column_of, row};
use super::value::{Raw, parse};
use super::{CellProblem, MARK, SheetLimits, guard};
use crate::field::Field;
use crate::plugin::Plugin;
use crate::problem::Finding;

type Book<'b> = Xlsx<Cursor<&'b [u8]>>;
/// The cells kept of one sheet, by (row, column).
type Cells = BTreeMap<(u32, u16), Raw>;

pub(super) fn read(
    plugin: &Plugin,
    fields: &[Field],
    bytes: &[u8],
    limits: &SheetLimits,
) -> Result<Value, Vec<CellProblem>> {
    guard::check(bytes, limits).map_err(|p| vec![*p])?;
    let mut book: Book = Xlsx::new(Cursor::new(bytes)).map_err(|_| vec![*guard::not_xlsx()])?;
    if book.sheet_names().len() > limits.max_sheets {
        return Err(vec![CellProblem::file("not_a_template", "В файле слишком много листов для шаблона формы.")]);
    }
    let mut budget = limits.max_cells;
    marker(&mut book, plugin, &mut budget).map_err(|p| vec![*p])?;
    let layout = Layout::of(plugin, fields);
    let mut data = Value::Object(Map::new());
    let mut problems = Vec::new();
    for sheet in &layout.sheets {
        let cells = match cells(&mut book, sheet, &mut budget) {
            Ok(cells) => cells,
            Err(problem) if problem.finding.code == "too_many_cells" => return Err(vec![*problem]),
            Err(problem) => {
                problems.push(*problem);
                continue;
            }
        };
        match &sheet.kind {
            Kind::Fields(entries) => section(sheet, entries, cells, &mut data, &mut problems),
            Kind::Table { pointer, columns, rows } => {
                let rows = table(sheet, pointer, columns, *rows, cells, &mut problems);
                set(&mut data, pointer, Value::Array(rows));
            }
        }
    }
    if problems.is_empty() { Ok(data) } else { Err(problems) }
}

/// Refuses a file that is not this form's template, or of another version.
fn marker(book: &mut Book, plugin: &Plugin, budget: &mut usize) -> Result<(), Box<CellProblem>> {
    let not_template = || {
        let message =
            format!("Это не шаблон формы «{}»: скачайте шаблон в личном кабинете и заполните его.", plugin.title);
        Box::new(CellProblem::file("not_a_template", message))
    };
    let mut found: [Option<Raw>; 3] = [None, None, None];
    let mut reader = book.worksheet_cells_reader(MARKER).map_err(|_| not_template())?;
    while let Some(cell) = reader.next_cell().map_err(|_| guard::not_xlsx())? {
        spend(budget)?;
        if let ((0, column @ 0..=2), Some(raw)) = (cell.get_position(), raw(cell.get_value())) {
            found[column as usize] = Some(raw);
        }
    }
    let [Some(Raw::Text(mark)), Some(Raw::Text(id)), Some(Raw::Number(version))] = found else {
        return Err(not_template());
    };
    if mark != MARK {
        return Err(not_template());
    }
    if id != plugin.id {
        let message = format!("Это шаблон другой формы («{id}»), а загружается отчёт по форме «{}».", plugin.title);
        return Err(Box::new(CellProblem::file("wrong_form", message)));
    }
    if version != f64::from(plugin.version) {
        let message = format!(
            "Шаблон сделан для версии {version} формы, а действует версия {}: скачайте новый шаблон и перенесите в него данные.",
            plugin.version
        );
        return Err(Box::new(CellProblem::file("wrong_version", message)));
    }
    Ok(())
}

fn spend(budget: &mut usize) -> Result<(), Box<CellProblem>> {
    *budget = budget.checked_sub(1).ok_or_else(|| {
        Box::new(CellProblem::file("too_many_cells", "В файле слишком много заполненных ячеек для шаблона формы."))
    })?;
    Ok(())
}

/// The cells of a sheet that its layout reads; every cell streamed counts against the budget.
fn cells(book: &mut Book, sheet: &Sheet, budget: &mut usize) -> Result<Cells, Box<CellProblem>> {
    let wanted = |r: u32, c: u32| match &sheet.kind {
        Kind::Fields(entries) => {
            c == u32::from(VALUE_COLUMN) && (FIRST_ROW..FIRST_ROW + row(entries.len())).contains(&r)
        }
        Kind::Table { columns, .. } => r >= FIRST_ROW && c < u32::try_from(columns.len()).unwrap_or(0),
    };
    let missing = || {
        let message = format!("В файле нет листа «{}»: не переименовывайте и не удаляйте листы шаблона.", sheet.name);
        Box::new(CellProblem::file("sheet_missing", message))
    };
    let mut reader = book.worksheet_cells_reader(&sheet.name).map_err(|_| missing())?;
    let mut cells = Cells::new();
    while let Some(cell) = reader.next_cell().map_err(|_| guard::not_xlsx())? {
        spend(budget)?;
        let (r, c) = cell.get_position();
        if wanted(r, c)
            && let Some(raw) = raw(cell.get_value())
        {
            cells.insert((r, column_of(c as usize)), raw);
        }
    }
    Ok(cells)
}

/// A cell's content, or nothing for an empty one (blank text included).
fn raw(value: &DataRef) -> Option<Raw> {
    let text = |t: &str| (!t.trim().is_empty()).then(|| Raw::Text(t.to_owned()));
    match value {
        DataRef::Empty => None,
        DataRef::Int(i) => Some(Raw::Number(*i as f64)),
        DataRef::Float(f) => Some(Raw::Number(*f)),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => iso(s).or_else(|| text(s)),
        DataRef::SharedString(s) => text(s),
        DataRef::Bool(b) => Some(Raw::Bool(*b)),
        DataRef::DateTime(d) if d.is_datetime() => {
            let (y, m, d, ..) = d.to_ymd_hms_milli();
            Some(Raw::Date(y, m, d))
        }
        DataRef::DateTime(d) => Some(Raw::Number(d.as_f64())),
        DataRef::Error(_) => Some(Raw::Error),
    }
}

/// An ISO date a writer stored as text (`2026-01-31` or `2026-01-31T00:00:00`).
fn iso(text: &str) -> Option<Raw> {
    let date = text.get(..10).filter(|_| text.len() == 10 || text[10..].starts_with('T'))?;
    crate::workbook::date(date)?;
    let number = |r: std::ops::Range<usize>| date.get(r)?.parse().ok();
    Some(Raw::Date(number(0..4)?, u8::try_from(number(5..7)?).ok()?, u8::try_from(number(8..10)?).ok()?))
}

fn section(sheet: &Sheet, entries: &[Entry], mut cells: Cells, data: &mut Value, problems: &mut Vec<CellProblem>) {
    for (at, entry) in entries.iter().enumerate() {
        let Entry::Field(field) = entry else { continue };
        let place = (FIRST_ROW + row(at), VALUE_COLUMN);
        let Some(raw) = cells.remove(&place).filter(|_| !field.computed) else { continue };
        match parse(field, raw) {
            Ok(value) => set(data, &field.pointer, value),
            Err((code, message)) => problems.push(problem(sheet, place, &field.pointer, code, message)),
        }
    }
}

/// The table's rows, up to the first row with nothing in it.
fn table(
    sheet: &Sheet,
    pointer: &str,
    columns: &[&Field],
    most: u32,
    cells: Cells,
    problems: &mut Vec<CellProblem>,
) -> Vec<Value> {
    let mut rows = Vec::new();
    let mut at = FIRST_ROW;
    loop {
        let filled: Vec<(u16, &Raw)> = cells.range((at, 0)..(at + 1, 0)).map(|(&(_, c), raw)| (c, raw)).collect();
        if filled.is_empty() {
            break;
        }
        let index = at - FIRST_ROW;
        if index >= most {
            let message = format!("В таблице больше {most} строк: столько форма не принимает.");
            problems.push(problem(sheet, (at, 0), &format!("{pointer}/{index}"), "too_many_rows", message));
            return rows;
        }
        let mut item = Map::new();
        for (column, raw) in filled {
            let field = columns[usize::from(column)];
            let name = field.pointer.rsplit('/').next().unwrap_or_default();
            if field.computed {
                continue;
            }
            match parse(field, raw.clone()) {
                Ok(value) => {
                    item.insert(name.to_owned(), value);
                }
                Err((code, message)) => {
                    problems.push(problem(sheet, (at, column), &format!("{pointer}/{index}/{name}"), code, message))
                }
            }
        }
        rows.push(Value::Object(item));
        at += 1;
    }
    if let Some((&(r, c), _)) = cells.range((at + 1, 0)..).next() {
        let message = format!(
            "Строка {} заполнена после пустой строки {}: таблица читается до первой пустой строки. Удалите пустую строку.",
            r + 1,
            at + 1
        );
        problems.push(problem(sheet, (r, c), &format!("{pointer}/{}", r - FIRST_ROW), "row_after_gap", message));
    }
    rows
}

fn problem(sheet: &Sheet, (r, c): (u32, u16), pointer: &str, code: &str, message: String) -> CellProblem {
    let (pointer, code) = (pointer.to_owned(), code.to_owned());
    let finding = Finding { fields: vec![pointer.clone()], pointer, code, message, rule: None };
    CellProblem { cell: Some(cell_name(&sheet.name, r, c)), finding }
}

/// Sets `value` at `pointer`, making the objects on the way.
fn set(data: &mut Value, pointer: &str, value: Value) {
    let tokens: Vec<String> = pointer.split('/').skip(1).map(|t| t.replace("~1", "/").replace("~0", "~")).collect();
    let Some((last, path)) = tokens.split_last() else { return };
    let mut node = data;
    for token in path {
        let Value::Object(map) = node else { return };
        node = map.entry(token.clone()).or_insert_with(|| Value::Object(Map::new()));
    }
    if let Value::Object(map) = node {
        map.insert(last.clone(), value);
    }
}
