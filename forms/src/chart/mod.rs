//! Charts of indicators drawn on the server as inline SVG: bars across organizations for one
//! period, lines across periods for one organization or the union. No script, no inline styles.
//!
//! The site's Content-Security-Policy forbids `style` attributes and `<style>` elements, so every
//! colour and font is a presentation attribute (`fill`, `stroke`, `font-size`): the chart looks
//! right with no stylesheet, and a rule for one of the classes below overrides the attribute (a
//! presentation attribute loses to any CSS rule). The root has a `viewBox` and no `width` or
//! `height`: the site sets `svg.chart { width: 100%; height: auto }`.
//!
//! The root is `role="img"` named by its `<title>` and described by its `<desc>` (a one-sentence
//! summary); a screen reader does not enter it, so the page shows the same numbers as a table
//! beside the chart — [`bars_table`] and [`lines_table`] give that table, formatted the same way.
//!
//! Classes, for the site stylesheet:
//! - `chart` and `chart-bars` or `chart-lines` on the root `<svg>`;
//! - `chart-empty`: the text «Нет данных для диаграммы» of a chart with nothing to draw;
//! - `chart-grid`: grid lines at the ticks; `chart-zero`: the line at zero;
//!   `chart-tick`: a tick's label;
//! - bars: `chart-stripe` (every other row's background), `chart-row` (one organization's group,
//!   its `<title>` the full name and value, shown on hover), `chart-label` (the organization's
//!   name), `chart-bar` (the bar), `chart-highlight` (added to the row, the bar, its label and
//!   value when [`Bar::highlight`]), `chart-value` (the number at the end of the bar),
//!   `chart-missing` («нет данных» where a bar would be);
//! - lines: `chart-legend` (the legend's group), `chart-series` with `chart-series-1`… (a
//!   series' line and markers; the legend's sample too), `chart-line` (a run of the line between
//!   gaps), `chart-point` (a marker, its `<title>` the value), `chart-period` (a period's label
//!   under the axis), `chart-value` (a point's value, printed when there is one series).

mod bars;
mod lines;
mod number;
mod summary;
mod svg;
mod table;
mod ticks;

use serde::{Deserialize, Serialize};

pub use bars::bars;
pub use lines::lines;
pub use number::{MISSING, format_number};
pub use table::{DataRow, DataTable, bars_table, lines_table};

/// A horizontal bar chart: one bar per organization, for one indicator and one period.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BarChart {
    /// Prefix of the ids inside the chart (`women-2025`); unique on the page. Characters other
    /// than Latin letters, digits, `-` and `_` become `-`, and `chart-` is put before an id that
    /// does not start with a letter (an empty one is `chart`). The title's id is `<id>-title`,
    /// the description's `<id>-desc`.
    pub id: String,
    /// The chart's name for a screen reader and the table's caption («Доля женщин, 2025 г.»).
    pub title: String,
    /// Written after each number with a no-break space (`%`, `чел.`); empty for none.
    pub unit: String,
    /// Decimal places of the values shown, as the indicator's `places`.
    pub places: u8,
    /// In the order drawn, top to bottom.
    pub bars: Vec<Bar>,
}

/// One organization's bar.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Bar {
    /// The organization's name; a long one is cut short with «…» (the full name shows on hover).
    pub label: String,
    /// `None` (or NaN, infinite) when the organization did not report or the denominator is zero:
    /// the row says «нет данных» and has no bar.
    pub value: Option<f64>,
    /// Set apart in colour and bold type: the union as a whole, or the organization looking.
    #[serde(default)]
    pub highlight: bool,
}

/// A line chart: indicator values across periods, one line per series.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LineChart {
    /// As [`BarChart::id`].
    pub id: String,
    pub title: String,
    pub unit: String,
    pub places: u8,
    /// Period labels in time order («2025 г.», «I кв. 2026»).
    pub periods: Vec<String>,
    /// A few series (six look different; more repeat the looks); the legend names each.
    pub series: Vec<Series>,
}

/// One line: a name for the legend and a value per period.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Series {
    pub name: String,
    /// Aligned with [`LineChart::periods`]; `None` (or NaN, infinite, or past the last value)
    /// leaves a gap in the line.
    pub values: Vec<Option<f64>>,
}

/// An organization's name as shown: trimmed, or «Без названия» when empty.
fn bar_name(label: &str) -> &str {
    let label = label.trim();
    if label.is_empty() { "Без названия" } else { label }
}

/// A series' name as shown: its own, trimmed, or «Ряд 2» (counted from 1) when empty.
fn series_name(series: &Series, i: usize) -> String {
    let name = series.name.trim();
    if name.is_empty() { format!("Ряд {}", i + 1) } else { name.to_owned() }
}

/// A value that can be drawn: finite, or nothing.
fn finite(value: Option<f64>) -> Option<f64> {
    value.filter(|v| v.is_finite())
}

#[cfg(test)]
mod tests;
