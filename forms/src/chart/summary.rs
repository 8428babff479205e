//! The one-sentence `<desc>` of a chart: what a screen reader says about it before the table.

use std::fmt::Write;

use super::number::format_number;
use super::svg::EMPTY;
use super::{BarChart, LineChart, Series, bar_name, finite, series_name};

/// Series named in the description; the rest are counted.
const SERIES_NAMED: usize = 5;

/// «Наибольшее значение — А (45,2 %), наименьшее — Б (3,1 %); нет данных: 2 из 10.»
pub(super) fn bars(chart: &BarChart) -> String {
    let n = chart.bars.len();
    if n == 0 {
        return format!("{EMPTY}.");
    }
    let values: Vec<(&str, f64)> =
        chart.bars.iter().filter_map(|b| finite(b.value).map(|v| (bar_name(&b.label), v))).collect();
    let number = |v: f64| format_number(v, chart.places, &chart.unit);
    let mut out = match extremes(values.iter().copied()) {
        None => String::from("Нет данных"),
        Some(((label, v), _)) if values.len() == 1 => format!("{label}: {}", number(v)),
        Some(((_, max), (_, min))) if number(max) == number(min) => format!("Все значения — {}", number(max)),
        Some(((high, max), (low, min))) => {
            format!("Наибольшее значение — {high} ({}), наименьшее — {low} ({})", number(max), number(min))
        }
    };
    let missing = n - values.len();
    if missing > 0 {
        let _ = write!(out, "; нет данных: {missing} из {n}");
    }
    out.push('.');
    out
}

/// Per series: «Союз: с 12,0 % (2025 г.) до 15,3 % (I кв. 2026)», and for a lone series its
/// highest and lowest too.
pub(super) fn lines(chart: &LineChart) -> String {
    let number = |v: f64| format_number(v, chart.places, &chart.unit);
    let period = |i: usize| chart.periods.get(i).map_or_else(|| format!("период {}", i + 1), Clone::clone);
    let value = |series: &Series, p: usize| finite(series.values.get(p).copied().flatten());
    if !chart.series.iter().any(|s| (0..chart.periods.len()).any(|p| value(s, p).is_some())) {
        return format!("{EMPTY}.");
    }
    let mut parts = Vec::new();
    for (i, series) in chart.series.iter().enumerate().take(SERIES_NAMED) {
        let points: Vec<(usize, f64)> =
            (0..chart.periods.len()).filter_map(|p| value(series, p).map(|v| (p, v))).collect();
        let name = series_name(series, i);
        let (Some(&(first, a)), Some(&(last, b))) = (points.first(), points.last()) else {
            parts.push(format!("{name}: нет данных"));
            continue;
        };
        let mut part = if first == last {
            format!("{name}: {} ({})", number(a), period(first))
        } else {
            format!("{name}: с {} ({}) до {} ({})", number(a), period(first), number(b), period(last))
        };
        if chart.series.len() == 1
            && points.len() > 2
            && let Some(((high, max), (low, min))) = extremes(points.iter().copied())
        {
            let (max, high, min, low) = (number(max), period(high), number(min), period(low));
            let _ = write!(part, ", наибольшее — {max} ({high}), наименьшее — {min} ({low})");
        }
        parts.push(part);
    }
    if let Some(more) = chart.series.len().checked_sub(SERIES_NAMED).filter(|m| *m > 0) {
        parts.push(format!("ещё рядов: {more}"));
    }
    format!("{}.", parts.join("; "))
}

/// The first highest and the first lowest of `values`, with what they belong to.
fn extremes<K: Copy>(values: impl Iterator<Item = (K, f64)>) -> Option<((K, f64), (K, f64))> {
    values.fold(None, |best, (k, v)| match best {
        None => Some(((k, v), (k, v))),
        Some((high, low)) => Some((if v > high.1 { (k, v) } else { high }, if v < low.1 { (k, v) } else { low })),
    })
}
