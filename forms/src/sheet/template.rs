//! Writing the XLSX template of a form: instructions, a sheet per section and per repeated table
//! with protected labels and unlocked, validated input cells, optionally filled with data.

use std::collections::HashMap;

use rust_xlsxwriter::{Color, Format, FormatBorder, Workbook, Worksheet, XlsxError};
use serde_json::Value;

use super::layout::{Entry, FIRST_ROW, INSTRUCTIONS, Kind, LISTS, Layout, MARKER, Sheet, VALUE_COLUMN, column_letters};
use super::value::{Shown, shown};
use super::{MARK, validation};
use crate::field::{Field, FieldKind};
use crate::plugin::Plugin;
use crate::workbook::WorkbookError;

const HOW_TO: [&str; 8] = [
    "1. Заполните жёлтые ячейки на листах разделов. Подписи и пояснения защищены от изменения.",
    "2. Поля, отмеченные звёздочкой (*), обязательны.",
    "3. Числа вводите без пробелов и единиц измерения; дробную часть отделяйте запятой.",
    "4. Даты вводите в виде ДД.ММ.ГГГГ.",
    "5. Значения из списка выбирайте в раскрывающемся списке ячейки.",
    "6. В таблицах заполняйте строки подряд, без пропусков: таблица читается до первой пустой строки.",
    "7. Серые ячейки заполнять не нужно: их значение рассчитает сервер.",
    "8. Не переименовывайте, не удаляйте и не переставляйте листы. Загрузите заполненный файл в личном кабинете на странице отчёта: его проверят так же, как отчёт, заполненный на сайте.",
];

pub(super) fn write(plugin: &Plugin, fields: &[Field], data: Option<&Value>) -> Result<Vec<u8>, WorkbookError> {
    let layout = Layout::of(plugin, fields);
    let styles = Styles::new();
    let mut book = Workbook::new();
    instructions(book.add_worksheet().set_name(INSTRUCTIONS)?, plugin, &styles)?;
    let lists = lists(fields);
    for sheet in &layout.sheets {
        let out = book.add_worksheet().set_name(&sheet.name)?;
        heading(out, sheet, &styles)?;
        match &sheet.kind {
            Kind::Fields(entries) => section(out, entries, data, &lists, &styles)?,
            Kind::Table { pointer, columns, rows } => table(out, pointer, columns, *rows, data, &lists, &styles)?,
        }
        out.protect();
    }
    let out = book.add_worksheet().set_name(LISTS)?;
    for (column, labels) in lists.columns.iter().enumerate() {
        for (row, label) in labels.iter().enumerate() {
            out.write_string(row_of(row), col_of(column), label)?;
        }
    }
    out.set_hidden(true).protect();
    let marker = book.add_worksheet().set_name(MARKER)?;
    marker.write_string(0, 0, MARK)?.write_string(0, 1, &plugin.id)?.write_number(0, 2, plugin.version)?;
    marker.write_string(1, 0, "Служебный лист: не изменяйте его.")?;
    marker.set_very_hidden(true).protect();
    Ok(book.save_to_buffer()?)
}

struct Styles {
    title: Format,
    help: Format,
    header: Format,
    label: Format,
    computed: Format,
    input: Format,
}

impl Styles {
    fn new() -> Self {
        let border = Format::new().set_border(FormatBorder::Thin).set_text_wrap();
        Self {
            title: Format::new().set_bold().set_font_size(14),
            help: Format::new().set_italic().set_text_wrap(),
            header: border.clone().set_bold().set_background_color(Color::RGB(0xD9D9D9)),
            label: border.clone(),
            computed: border.clone().set_background_color(Color::RGB(0xEDEDED)),
            input: border.set_unlocked().set_background_color(Color::RGB(0xFFF2CC)),
        }
    }

    /// The input format of a field's cells: numbers, dates and text each as such.
    fn input(&self, field: &Field) -> Format {
        let base = if field.computed { self.computed.clone() } else { self.input.clone() };
        match field.kind {
            FieldKind::Number { integer: true, .. } => base.set_num_format("0"),
            FieldKind::Number { integer: false, .. } => base.set_num_format("General"),
            FieldKind::Date => base.set_num_format("dd.mm.yyyy"),
            _ => base.set_num_format("@"),
        }
    }
}

/// The labels of each choice field, a column each on the lists sheet, and the range a
/// drop-down list takes them from, by field pointer.
#[derive(Default)]
struct Lists {
    ranges: HashMap<String, String>,
    columns: Vec<Vec<String>>,
}

fn lists(fields: &[Field]) -> Lists {
    let mut lists = Lists::default();
    for field in fields {
        let FieldKind::Choice { options } = &field.kind else { continue };
        let letters = column_letters(col_of(lists.columns.len()));
        let range = format!("='{LISTS}'!${letters}$1:${letters}${}", options.len().max(1));
        lists.ranges.insert(field.pointer.clone(), range);
        lists.columns.push(options.iter().map(|o| o.label.clone()).collect());
    }
    lists
}

fn row_of(at: usize) -> u32 {
    u32::try_from(at).unwrap_or(u32::MAX)
}

fn col_of(at: usize) -> u16 {
    u16::try_from(at).unwrap_or(u16::MAX)
}

fn instructions(out: &mut Worksheet, plugin: &Plugin, styles: &Styles) -> Result<(), XlsxError> {
    out.set_column_width(0, 110)?;
    out.write_string_with_format(0, 0, &plugin.title, &styles.title)?;
    out.write_string(1, 0, format!("Форма {}, версия {}", plugin.id, plugin.version))?;
    out.write_string_with_format(2, 0, &plugin.description, &styles.help)?;
    out.write_string_with_format(4, 0, "Как заполнить", &styles.header)?;
    for (at, line) in HOW_TO.iter().enumerate() {
        out.write_string_with_format(row_of(5 + at), 0, *line, &styles.help)?;
    }
    out.protect();
    Ok(())
}

fn heading(out: &mut Worksheet, sheet: &Sheet, styles: &Styles) -> Result<(), XlsxError> {
    out.write_string_with_format(0, 0, &sheet.title, &styles.title)?;
    if !sheet.help.is_empty() {
        out.write_string_with_format(1, 0, &sheet.help, &styles.help)?;
    }
    Ok(())
}

fn label(field: &Field) -> String {
    if field.required && !field.computed { format!("{} *", field.title) } else { field.title.clone() }
}

fn section(
    out: &mut Worksheet,
    entries: &[Entry],
    data: Option<&Value>,
    lists: &Lists,
    styles: &Styles,
) -> Result<(), XlsxError> {
    for (column, (width, header)) in [(60, "Показатель"), (22, "Значение"), (60, "Пояснение")].into_iter().enumerate()
    {
        out.set_column_width(col_of(column), width)?;
        out.write_string_with_format(FIRST_ROW - 1, col_of(column), header, &styles.header)?;
    }
    for (at, entry) in entries.iter().enumerate() {
        let row = FIRST_ROW + row_of(at);
        match entry {
            Entry::Field(field) => {
                out.write_string_with_format(row, 0, label(field), &styles.label)?;
                let format = styles.input(field);
                let value = data.and_then(|d| d.pointer(&field.pointer));
                put(out, row, VALUE_COLUMN, field, value, &format)?;
                let mut help = validation::hint(field);
                if field.computed {
                    help = format!("{help} Вычисляется автоматически.").trim().to_owned();
                }
                out.write_string_with_format(row, VALUE_COLUMN + 1, help, &styles.label)?;
                if !field.computed
                    && let Some(check) = validation::of(field, list(lists, field))?
                {
                    out.add_data_validation(row, VALUE_COLUMN, row, VALUE_COLUMN, &check)?;
                }
            }
            Entry::Table { title, sheet } => {
                out.write_string_with_format(row, 0, title, &styles.label)?;
                out.write_string_with_format(row, VALUE_COLUMN, format!("на листе «{sheet}»"), &styles.label)?;
                out.write_string_with_format(row, VALUE_COLUMN + 1, "", &styles.label)?;
            }
        }
    }
    Ok(())
}

fn list<'l>(lists: &'l Lists, field: &Field) -> Option<&'l str> {
    lists.ranges.get(&field.pointer).map(String::as_str)
}

fn table(
    out: &mut Worksheet,
    pointer: &str,
    columns: &[&Field],
    rows: u32,
    data: Option<&Value>,
    lists: &Lists,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let last = FIRST_ROW + rows.max(1) - 1;
    let given = data.and_then(|d| d.pointer(pointer)).and_then(Value::as_array);
    for (column, field) in columns.iter().enumerate() {
        let column = col_of(column);
        let format = styles.input(field);
        out.set_column_width(column, 24)?;
        out.set_column_format(column, &format)?;
        out.write_string_with_format(FIRST_ROW - 1, column, label(field), &styles.header)?;
        if !field.computed
            && let Some(check) = validation::of(field, list(lists, field))?
        {
            out.add_data_validation(FIRST_ROW, column, last, column, &check)?;
        }
        let name = field.pointer.rsplit('/').next().unwrap_or_default();
        for (at, item) in given.into_iter().flatten().enumerate().take(usize::try_from(rows).unwrap_or(0)) {
            put(out, FIRST_ROW + row_of(at), column, field, item.get(name), &format)?;
        }
    }
    out.set_row_height(FIRST_ROW - 1, 45)?;
    out.set_freeze_panes(FIRST_ROW, 0)?;
    Ok(())
}

/// Writes a value, or an empty cell that keeps the input format (and so stays unlocked).
fn put(
    out: &mut Worksheet,
    row: u32,
    column: u16,
    field: &Field,
    value: Option<&Value>,
    format: &Format,
) -> Result<(), XlsxError> {
    match value.and_then(|v| shown(field, v)) {
        Some(Shown::Number(n)) => out.write_number_with_format(row, column, n, format)?,
        Some(Shown::Date(d)) => out.write_datetime_with_format(row, column, d, format)?,
        Some(Shown::Text(t)) => out.write_string_with_format(row, column, t, format)?,
        None => out.write_blank(row, column, format)?,
    };
    Ok(())
}
