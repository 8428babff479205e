//! Where each field sits in the template: one sheet per ui section, one per repeated table.
//!
//! The layout is derived from the form alone, so the template, the reader and the naming of a
//! problem's cell agree without storing positions in the file.

use crate::field::Field;
use crate::plugin::{Plugin, UiField};
use crate::{titles, workbook};

/// The hidden sheet that says which form and version a file is a template of.
pub(crate) const MARKER: &str = "_cabinet";
pub(crate) const INSTRUCTIONS: &str = "Инструкция";
/// The hidden sheet with the labels of each choice, for the drop-down lists.
pub(crate) const LISTS: &str = "Списки";
/// Row of the first field or table row on every sheet (0-based): title, help, headers come first.
pub(crate) const FIRST_ROW: u32 = 3;
/// Column of the values on a section's sheet (label in A, value in B, help in C).
pub(crate) const VALUE_COLUMN: u16 = 1;
/// Rows a table's sheet offers when the schema sets no `maxItems`.
const DEFAULT_TABLE_ROWS: u32 = 500;

pub(crate) struct Layout<'f> {
    pub sheets: Vec<Sheet<'f>>,
}

pub(crate) struct Sheet<'f> {
    pub name: String,
    pub title: String,
    pub help: String,
    pub kind: Kind<'f>,
}

pub(crate) enum Kind<'f> {
    /// A section: one row per entry from [`FIRST_ROW`].
    Fields(Vec<Entry<'f>>),
    /// A repeated table: one column per field, one row per row of the data from [`FIRST_ROW`].
    Table { pointer: String, columns: Vec<&'f Field>, rows: u32 },
}

pub(crate) enum Entry<'f> {
    Field(&'f Field),
    /// A row pointing to the sheet of a table shown in this section.
    Table {
        title: String,
        sheet: String,
    },
}

impl<'f> Layout<'f> {
    pub(crate) fn of(plugin: &Plugin, fields: &'f [Field]) -> Self {
        let mut used = [MARKER, INSTRUCTIONS, LISTS].map(str::to_owned).to_vec();
        let mut sheets = Vec::new();
        let mut placed = vec![false; fields.len()];
        for section in &plugin.ui.sections {
            let at = sheets.len();
            sheets.push(Sheet {
                name: workbook::sheet_name(&section.title, &mut used),
                title: section.title.clone(),
                help: section.help.clone(),
                kind: Kind::Fields(vec![]),
            });
            for shown in &section.fields {
                place(plugin, fields, shown, at, &mut sheets, &mut placed, &mut used);
            }
        }
        let rest: Vec<usize> = (0..fields.len()).filter(|&i| !placed[i]).collect();
        if !rest.is_empty() {
            let at = sheets.len();
            let title = if sheets.is_empty() { "Данные" } else { "Прочие сведения" }.to_owned();
            let name = workbook::sheet_name(&title, &mut used);
            sheets.push(Sheet { name, title, help: String::new(), kind: Kind::Fields(vec![]) });
            for i in rest {
                if placed[i] {
                    continue;
                }
                let pointer = fields[i].table.clone().unwrap_or_else(|| fields[i].pointer.clone());
                let shown = UiField { field: pointer, widget: None, help: None, show_if: None, columns: vec![] };
                place(plugin, fields, &shown, at, &mut sheets, &mut placed, &mut used);
            }
        }
        sheets.retain(|s| !matches!(&s.kind, Kind::Fields(entries) if entries.is_empty()));
        Layout { sheets }
    }
}

impl Layout<'_> {
    /// The cell holding the value at a data pointer; for an object or a whole table, its first
    /// cell; `None` when nothing of the form is there.
    pub(crate) fn cell(&self, pointer: &str) -> Option<String> {
        for sheet in &self.sheets {
            match &sheet.kind {
                Kind::Fields(entries) => {
                    let at = entries.iter().position(|e| matches!(e, Entry::Field(f) if f.pointer == pointer));
                    if let Some(at) = at {
                        return Some(cell_name(&sheet.name, FIRST_ROW + row(at), VALUE_COLUMN));
                    }
                }
                Kind::Table { pointer: table, columns, .. } => {
                    if pointer == table {
                        return Some(cell_name(&sheet.name, FIRST_ROW - 1, 0));
                    }
                    let Some(rest) = pointer.strip_prefix(table.as_str()).and_then(|r| r.strip_prefix('/')) else {
                        continue;
                    };
                    let (index, name) = rest.split_once('/').unwrap_or((rest, ""));
                    let Ok(index) = index.parse::<u32>() else { continue };
                    let template = format!("{table}/*/{name}");
                    let column = columns.iter().position(|c| c.pointer == template).unwrap_or(0);
                    return Some(cell_name(&sheet.name, FIRST_ROW + index, column_of(column)));
                }
            }
        }
        if pointer.is_empty() {
            return None;
        }
        // an object: the first field inside it
        let inside = format!("{pointer}/");
        self.sheets.iter().find_map(|sheet| match &sheet.kind {
            Kind::Fields(entries) => entries.iter().enumerate().find_map(|(at, e)| match e {
                Entry::Field(f) if f.pointer.starts_with(&inside) => {
                    Some(cell_name(&sheet.name, FIRST_ROW + row(at), VALUE_COLUMN))
                }
                _ => None,
            }),
            Kind::Table { .. } => None,
        })
    }
}

pub(crate) fn row(at: usize) -> u32 {
    u32::try_from(at).unwrap_or(u32::MAX)
}

pub(crate) fn column_of(at: usize) -> u16 {
    u16::try_from(at).unwrap_or(u16::MAX)
}

/// Puts one ui field on the section's sheet, or a table on a sheet of its own.
fn place<'f>(
    plugin: &Plugin,
    fields: &'f [Field],
    shown: &UiField,
    section: usize,
    sheets: &mut Vec<Sheet<'f>>,
    placed: &mut [bool],
    used: &mut Vec<String>,
) {
    let entry = if let Some(at) = fields.iter().position(|f| f.table.is_none() && f.pointer == shown.field) {
        placed[at] = true;
        Entry::Field(&fields[at])
    } else {
        let mut columns: Vec<usize> = match shown.columns.is_empty() {
            true => (0..fields.len()).filter(|&i| fields[i].table.as_ref() == Some(&shown.field)).collect(),
            false => shown.columns.iter().filter_map(|c| fields.iter().position(|f| f.pointer == *c)).collect(),
        };
        columns.retain(|&i| !placed[i] && fields[i].table.as_ref() == Some(&shown.field));
        if columns.is_empty() {
            return;
        }
        columns.iter().for_each(|&i| placed[i] = true);
        let title = titles::title(&plugin.schema, &shown.field);
        let name = workbook::sheet_name(&title, used);
        let help = shown.help.clone().unwrap_or_else(|| description(plugin, &shown.field));
        let rows = max_items(plugin, &shown.field);
        let columns = columns.into_iter().map(|i| &fields[i]).collect();
        let kind = Kind::Table { pointer: shown.field.clone(), columns, rows };
        sheets.push(Sheet { name: name.clone(), title: title.clone(), help, kind });
        Entry::Table { title, sheet: name }
    };
    if let Kind::Fields(entries) = &mut sheets[section].kind {
        entries.push(entry);
    }
}

fn description(plugin: &Plugin, pointer: &str) -> String {
    let node = titles::node(&plugin.schema, pointer);
    node.and_then(|n| n.get("description")?.as_str()).unwrap_or_default().to_owned()
}

fn max_items(plugin: &Plugin, pointer: &str) -> u32 {
    let node = titles::node(&plugin.schema, pointer);
    let max = node.and_then(|n| n.get("maxItems")?.as_u64());
    max.map_or(DEFAULT_TABLE_ROWS, |m| u32::try_from(m.min(10_000)).unwrap_or(DEFAULT_TABLE_ROWS))
}

/// `'Раздел 1'!B5`: a cell named as Excel writes it, 0-based row and column.
pub(crate) fn cell_name(sheet: &str, row: u32, column: u16) -> String {
    format!("'{}'!{}{}", sheet.replace('\'', "''"), column_letters(column), row + 1)
}

/// `A`, …, `Z`, `AA`, … for a 0-based column.
pub(crate) fn column_letters(column: u16) -> String {
    let mut n = u32::from(column) + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + u8::try_from(rem).unwrap_or(0)));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn cells_are_named_as_excel_names_them() {
        assert_eq!(super::cell_name("Раздел 1", 4, 1), "'Раздел 1'!B5");
        assert_eq!(super::cell_name("It's", 0, 27), "'It''s'!AB1");
        assert_eq!(super::column_letters(25), "Z");
        assert_eq!(super::column_letters(701), "ZZ");
    }
}
