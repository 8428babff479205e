//! CSV as Russian Excel opens it: UTF-8 with a BOM, `;` between cells, CRLF, decimal commas,
//! dates as `ДД.ММ.ГГГГ`.

use std::convert::Infallible;
use std::fmt::Write;

use super::{Num, Sink, layout};
use crate::table::Table;

/// The organizations × fields table as CSV.
pub fn csv(table: &Table) -> Vec<u8> {
    let mut out = Csv::new();
    let Ok(()) = layout::main(table, &mut out);
    out.finish()
}

/// The repeated table number `at` (in [`Table::repeated`]) as CSV, or nothing when there is none.
pub fn csv_repeated(table: &Table, at: usize) -> Option<Vec<u8>> {
    let repeated = table.repeated.get(at)?;
    let mut out = Csv::new();
    let Ok(()) = layout::repeated(table, repeated, &mut out);
    Some(out.finish())
}

const BOM: &str = "\u{feff}";

struct Csv {
    text: String,
    /// No separator before the first cell of a row.
    first: bool,
}

impl Csv {
    fn new() -> Self {
        Self { text: String::from(BOM), first: true }
    }

    fn finish(mut self) -> Vec<u8> {
        self.text.push_str("\r\n");
        self.text.into_bytes()
    }

    fn separate(&mut self) {
        if !self.first {
            self.text.push(';');
        }
        self.first = false;
    }
}

impl Sink for Csv {
    type Error = Infallible;

    fn text(&mut self, text: &str) -> Result<(), Infallible> {
        self.separate();
        // A cell starting like a formula would run as one in Excel: keep it text.
        let guard = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
        let quote = guard || text.contains([';', '"', '\r', '\n']);
        if quote {
            self.text.push('"');
        }
        if guard {
            self.text.push('\'');
        }
        self.text.push_str(&text.replace('"', "\"\""));
        if quote {
            self.text.push('"');
        }
        Ok(())
    }

    fn number(&mut self, n: f64, num: Num) -> Result<(), Infallible> {
        self.separate();
        let start = self.text.len();
        let _ = match num {
            Num::Integer if n.fract() == 0.0 && n.abs() < 1e15 => write!(self.text, "{n:.0}"),
            Num::Places(places) => write!(self.text, "{n:.*}", usize::from(places)),
            _ => write!(self.text, "{n}"),
        };
        if let Some(dot) = self.text[start..].find('.') {
            self.text.replace_range(start + dot..start + dot + 1, ",");
        }
        Ok(())
    }

    fn date(&mut self, iso: &str) -> Result<(), Infallible> {
        self.separate();
        let (y, rest) = iso.split_at(4);
        let _ = write!(self.text, "{}.{}.{y}", &rest[4..6], &rest[1..3]);
        Ok(())
    }

    fn empty(&mut self) -> Result<(), Infallible> {
        self.separate();
        Ok(())
    }

    fn row(&mut self, _strong: bool) -> Result<(), Infallible> {
        if self.text.len() > BOM.len() {
            self.text.push_str("\r\n");
        }
        self.first = true;
        Ok(())
    }
}
