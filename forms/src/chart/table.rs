//! The numbers of a chart as a table, for the page to show beside it: what a screen reader reads
//! (the chart itself is one image to it) and what a reader copies. Texts are not escaped here —
//! the page's templates escape them.

use serde::Serialize;

use super::number::{MISSING, format_number};
use super::{BarChart, LineChart, bar_name, finite, series_name};

/// A table: a caption, column headings and rows with a heading cell each.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DataTable {
    /// The chart's title.
    pub caption: String,
    /// Headings of every column, the row headings' column first.
    pub header: Vec<String>,
    pub rows: Vec<DataRow>,
}

/// A row: its heading (an organization, a period) and its values formatted as on the chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DataRow {
    pub label: String,
    pub cells: Vec<String>,
    /// The chart sets this row apart ([`super::Bar::highlight`]).
    pub highlight: bool,
}

/// One row per organization: «Организация», «Значение».
pub fn bars_table(chart: &BarChart) -> DataTable {
    let rows = chart
        .bars
        .iter()
        .map(|bar| DataRow {
            label: bar_name(&bar.label).to_owned(),
            cells: vec![cell(bar.value, chart.places, &chart.unit)],
            highlight: bar.highlight,
        })
        .collect();
    DataTable {
        caption: chart.title.clone(), header: vec!["Организация".into(), "Значение".into()], rows
    }
}

/// One row per period, one column per series: «Период», then the series' names.
pub fn lines_table(chart: &LineChart) -> DataTable {
    let mut header = vec![String::from("Период")];
    header.extend(chart.series.iter().enumerate().map(|(i, s)| series_name(s, i)));
    let rows = chart
        .periods
        .iter()
        .enumerate()
        .map(|(p, period)| DataRow {
            label: period.clone(),
            cells: chart
                .series
                .iter()
                .map(|s| cell(s.values.get(p).copied().flatten(), chart.places, &chart.unit))
                .collect(),
            highlight: false,
        })
        .collect();
    DataTable { caption: chart.title.clone(), header, rows }
}

fn cell(value: Option<f64>, places: u8, unit: &str) -> String {
    finite(value).map_or_else(|| MISSING.to_owned(), |v| format_number(v, places, unit))
}
