//! Export of the aggregated table for a department: CSV for Russian Excel and XLSX with one sheet
//! for the organizations and one per repeated table.
//!
//! Both come from one layout (`layout`), so the CSV and each XLSX sheet have the same columns:
//! organization, region, status, form version, every field with its Russian title, then the
//! indicators; a totals row and a row saying how each total is counted close the table.

mod csv;
mod layout;
mod xlsx;

pub use csv::{csv, csv_repeated};
pub use xlsx::xlsx;

/// How a number is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Num {
    Integer,
    Decimal,
    /// An indicator or an average, rounded to this many places.
    Places(u8),
}

/// Where the layout writes: a CSV text or an XLSX sheet. Cells come row by row, left to right.
trait Sink {
    type Error;
    fn text(&mut self, text: &str) -> Result<(), Self::Error>;
    fn number(&mut self, n: f64, num: Num) -> Result<(), Self::Error>;
    /// A date as `YYYY-MM-DD`, already checked to be one.
    fn date(&mut self, iso: &str) -> Result<(), Self::Error>;
    fn empty(&mut self) -> Result<(), Self::Error>;
    /// Starts a row; `strong` rows (headers, totals) are set in bold where the format allows.
    fn row(&mut self, strong: bool) -> Result<(), Self::Error>;
}

#[cfg(test)]
mod tests;
