//! XLSX export: a sheet of organizations and one sheet per repeated table, numbers as numbers,
//! dates as dates.

use rust_xlsxwriter::{ColNum, Format, RowNum, Workbook, Worksheet};

use super::{Num, Sink, layout};
use crate::table::Table;
use crate::workbook::{self, SHEET_ROWS, WorkbookError};

/// Decimal places an indicator or an average can be shown with.
const MOST_PLACES: u8 = 10;

/// The table as an XLSX workbook.
pub fn xlsx(table: &Table) -> Result<Vec<u8>, WorkbookError> {
    let formats = Formats::new();
    let mut book = Workbook::new();
    let mut used = vec![];
    let name = workbook::sheet_name("Организации", &mut used);
    fits(&name, layout::main_rows(table))?;
    let mut sheet = Xlsx::new(book.add_worksheet().set_name(name)?, &formats);
    layout::main(table, &mut sheet)?;
    sheet.finish()?;
    for repeated in &table.repeated {
        let name = workbook::sheet_name(&repeated.title, &mut used);
        fits(&name, layout::repeated_rows(repeated))?;
        let mut sheet = Xlsx::new(book.add_worksheet().set_name(name)?, &formats);
        layout::repeated(table, repeated, &mut sheet)?;
        sheet.finish()?;
    }
    Ok(book.save_to_buffer()?)
}

fn fits(sheet: &str, rows: usize) -> Result<(), WorkbookError> {
    match rows > SHEET_ROWS {
        true => Err(WorkbookError::TooManyRows { sheet: sheet.to_owned(), rows }),
        false => Ok(()),
    }
}

/// Each cell format, plain and bold, made once per workbook.
struct Formats {
    text: [Format; 2],
    integer: [Format; 2],
    decimal: [Format; 2],
    date: [Format; 2],
    places: Vec<[Format; 2]>,
}

impl Formats {
    fn new() -> Self {
        let both = |f: Format| [f.clone(), f.set_bold()];
        let header = Format::new().set_text_wrap().set_align(rust_xlsxwriter::FormatAlign::Top);
        let places = (0..=MOST_PLACES).map(|p| match p {
            0 => both(Format::new().set_num_format("0")),
            p => both(Format::new().set_num_format(format!("0.{}", "0".repeat(usize::from(p))))),
        });
        Self {
            text: [Format::new(), header.set_bold()],
            integer: both(Format::new().set_num_format("0")),
            decimal: both(Format::new()),
            date: both(Format::new().set_num_format("dd.mm.yyyy")),
            places: places.collect(),
        }
    }
}

struct Xlsx<'a> {
    sheet: &'a mut Worksheet,
    formats: &'a Formats,
    row: Option<RowNum>,
    column: ColNum,
    strong: usize,
}

impl<'a> Xlsx<'a> {
    fn new(sheet: &'a mut Worksheet, formats: &'a Formats) -> Self {
        Self { sheet, formats, row: None, column: 0, strong: 0 }
    }

    /// The next cell's place and the variant (plain or bold) of its format.
    fn next(&mut self) -> (RowNum, ColNum, usize) {
        let at = (self.row.unwrap_or(0), self.column, self.strong);
        self.column += 1;
        at
    }

    fn finish(self) -> Result<(), WorkbookError> {
        self.sheet.set_column_width(0, 40)?;
        self.sheet.set_freeze_panes(1, 1)?;
        Ok(())
    }
}

impl Sink for Xlsx<'_> {
    type Error = WorkbookError;

    fn text(&mut self, text: &str) -> Result<(), WorkbookError> {
        let (row, column, strong) = self.next();
        self.sheet.write_string_with_format(row, column, text, &self.formats.text[strong])?;
        Ok(())
    }

    fn number(&mut self, n: f64, num: Num) -> Result<(), WorkbookError> {
        let (row, column, strong) = self.next();
        let format = match num {
            Num::Integer => &self.formats.integer[strong],
            Num::Decimal => &self.formats.decimal[strong],
            Num::Places(p) => &self.formats.places[usize::from(p.min(MOST_PLACES))][strong],
        };
        self.sheet.write_number_with_format(row, column, n, format)?;
        Ok(())
    }

    fn date(&mut self, iso: &str) -> Result<(), WorkbookError> {
        let (row, column, strong) = self.next();
        match workbook::date(iso) {
            Some(date) => self.sheet.write_datetime_with_format(row, column, date, &self.formats.date[strong])?,
            None => self.sheet.write_string(row, column, iso)?,
        };
        Ok(())
    }

    fn empty(&mut self) -> Result<(), WorkbookError> {
        self.column += 1;
        Ok(())
    }

    fn row(&mut self, strong: bool) -> Result<(), WorkbookError> {
        self.row = Some(self.row.map_or(0, |r| r + 1));
        self.column = 0;
        self.strong = usize::from(strong);
        Ok(())
    }
}
