//! The line chart: periods along the bottom, the value axis on the left, a line per series with
//! its own colour, dash pattern and marker shape, and a legend naming them.

use std::fmt::Write;

use super::number::format_number;
use super::svg::{FONT, GRID, MUTED, Px, Svg, TEXT, WIDTH, baseline, escape, truncate, width};
use super::ticks::Axis;
use super::{LineChart, Series, finite, series_name, summary};

const PAD: f64 = 8.0;
const GAP: f64 = 6.0;
const PLOT_HEIGHT: f64 = 240.0;
const LEGEND_ROW: f64 = 22.0;
/// The legend's sample of a line.
const SAMPLE: f64 = 32.0;
const NAME_ROOM: f64 = 260.0;
const PERIOD_ROOM: f64 = 120.0;
/// Periods closer than this show every second (third…) label.
const CROWDED: f64 = 16.0;
/// Values are printed at the points of a single series up to this many periods.
const PRINTED: usize = 12;
const SMALL: f64 = 11.0;
/// A white outline under a value's text keeps it legible where the line runs through it.
const HALO: &str = r##" stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke""##;

/// How a series looks: no two of the first six share a colour, a dash pattern or a marker.
pub(super) struct Look {
    pub(super) colour: &'static str,
    dash: Option<&'static str>,
    marker: Marker,
}

#[derive(Clone, Copy)]
enum Marker {
    Circle,
    Square,
    Triangle,
    Diamond,
    Down,
    Cross,
}

/// Colours at least 4.5:1 against white, apart for the common colour blindnesses as pairs.
pub(super) const LOOKS: [Look; 6] = [
    Look { colour: "#1f5fa8", dash: None, marker: Marker::Circle },
    Look { colour: "#b54708", dash: Some("7 4"), marker: Marker::Square },
    Look { colour: "#2e7d32", dash: Some("2 3"), marker: Marker::Triangle },
    Look { colour: "#7b3fa0", dash: Some("10 3 2 3"), marker: Marker::Diamond },
    Look { colour: "#c2185b", dash: Some("4 2"), marker: Marker::Down },
    Look { colour: "#5d4037", dash: Some("12 5"), marker: Marker::Cross },
];

fn look(i: usize) -> &'static Look {
    &LOOKS[i % LOOKS.len()]
}

/// The chart as an inline `<svg>`; see the module for its classes.
pub fn lines(chart: &LineChart) -> String {
    let desc = summary::lines(chart);
    let values: Vec<Vec<Option<f64>>> = chart
        .series
        .iter()
        .map(|s| (0..chart.periods.len()).map(|i| finite(s.values.get(i).copied().flatten())).collect())
        .collect();
    let known = values.iter().flatten().filter_map(|v| *v);
    let Some((lo, hi)) =
        known.fold(None, |range: Option<(f64, f64)>, v| Some(range.map_or((v, v), |(lo, hi)| (lo.min(v), hi.max(v)))))
    else {
        let height = 48.0;
        return Svg::new(&chart.id, "lines", &chart.title, &desc, height).empty(height);
    };
    let legend = Legend::new(&chart.series);
    let layout = Layout::new(chart, axis(lo, hi), legend.height());
    let mut svg = Svg::new(&chart.id, "lines", &chart.title, &desc, layout.height);
    legend.draw(&mut svg);
    layout.grid(&mut svg, &chart.unit);
    layout.periods(&mut svg, &chart.periods);
    for (i, (series, values)) in chart.series.iter().zip(&values).enumerate() {
        layout.series(&mut svg, i, series, values, chart);
    }
    svg.finish()
}

/// An axis fitting the values, reaching to zero when that less than doubles it: the lines may
/// float above zero, but not to magnify a small change.
fn axis(lo: f64, hi: f64) -> Axis {
    let span = hi - lo;
    let lo = if lo > 0.0 && lo < span { 0.0 } else { lo };
    let hi = if hi < 0.0 && -hi < span { 0.0 } else { hi };
    Axis::new(lo, hi)
}

/// The legend above the plot: each series' sample and name, wrapped into rows.
struct Legend {
    /// Per series: x, y (middle of its row) and the name, cut short.
    items: Vec<(f64, f64, String)>,
    rows: usize,
}

impl Legend {
    fn new(series: &[Series]) -> Self {
        let (mut x, mut row, mut items) = (PAD, 0, Vec::with_capacity(series.len()));
        for (i, s) in series.iter().enumerate() {
            let label = truncate(&series_name(s, i), FONT, NAME_ROOM);
            let item = SAMPLE + GAP + width(&label, FONT);
            if x > PAD && x + item > WIDTH - PAD {
                (x, row) = (PAD, row + 1);
            }
            items.push((x, PAD + row as f64 * LEGEND_ROW + LEGEND_ROW / 2.0, label));
            x += item + 3.0 * GAP;
        }
        Self { items, rows: row + 1 }
    }

    fn height(&self) -> f64 {
        self.rows as f64 * LEGEND_ROW
    }

    fn draw(&self, svg: &mut Svg) {
        svg.line(format_args!(r#"<g class="chart-legend">"#));
        for (i, (x, y, label)) in self.items.iter().enumerate() {
            let look = look(i);
            open_series(svg, i, look);
            let (x, y) = (*x, *y);
            svg.line(format_args!(
                r#"<line x1="{}" y1="{}" x2="{}" y2="{}"{}/>"#,
                Px(x),
                Px(y),
                Px(x + SAMPLE),
                Px(y),
                stroke(look)
            ));
            marker(svg, look, x + SAMPLE / 2.0, y, None);
            svg.text(x + SAMPLE + GAP, y + baseline(FONT), &format!(r#"fill="{TEXT}" stroke="none""#), label);
            svg.line(format_args!("</g>"));
        }
        svg.line(format_args!("</g>"));
    }
}

/// Opens a series' group, coloured by its look.
fn open_series(svg: &mut Svg, i: usize, look: &Look) {
    svg.line(format_args!(
        r#"<g class="chart-series chart-series-{}" fill="{}" stroke="{}">"#,
        i % LOOKS.len() + 1,
        look.colour,
        look.colour
    ));
}

/// A line's stroke attributes: width and dash pattern (the colour comes from the group).
fn stroke(look: &Look) -> String {
    let mut attributes = String::from(r#" fill="none" stroke-width="2" stroke-linejoin="round""#);
    if let Some(dash) = look.dash {
        let _ = write!(attributes, r#" stroke-dasharray="{dash}""#);
    }
    attributes
}

/// A marker centred at `x`, `y`, with a `<title>` when given (already escaped).
fn marker(svg: &mut Svg, look: &Look, x: f64, y: f64, title: Option<&str>) {
    // Filled shapes get a white rim: points of two series that meet stay apart.
    let rim = r##" stroke="#ffffff" stroke-width="1""##;
    let (element, shape) = match look.marker {
        Marker::Circle => ("circle", format!(r#"cx="{}" cy="{}" r="4.5"{rim}"#, Px(x), Px(y))),
        Marker::Square => ("rect", format!(r#"x="{}" y="{}" width="8" height="8"{rim}"#, Px(x - 4.0), Px(y - 4.0))),
        Marker::Triangle => ("path", path(&[(x, y - 5.5), (x + 5.0, y + 3.5), (x - 5.0, y + 3.5)], true, rim)),
        Marker::Diamond => ("path", path(&[(x, y - 5.5), (x + 5.0, y), (x, y + 5.5), (x - 5.0, y)], true, rim)),
        Marker::Down => ("path", path(&[(x, y + 5.5), (x + 5.0, y - 3.5), (x - 5.0, y - 3.5)], true, rim)),
        Marker::Cross => {
            let d =
                |from: (f64, f64), to: (f64, f64)| format!("M{} {}L{} {}", Px(from.0), Px(from.1), Px(to.0), Px(to.1));
            let d = d((x - 4.0, y - 4.0), (x + 4.0, y + 4.0)) + &d((x - 4.0, y + 4.0), (x + 4.0, y - 4.0));
            ("path", format!(r#"d="{d}" fill="none" stroke-width="2.5""#))
        }
    };
    match title {
        Some(title) => {
            svg.line(format_args!(r#"<{element} class="chart-point" {shape}><title>{title}</title></{element}>"#))
        }
        None => svg.line(format_args!(r#"<{element} class="chart-point" {shape}/>"#)),
    }
}

/// `d` of a path through `points`, closed or not, then `extra` attributes.
fn path(points: &[(f64, f64)], closed: bool, extra: &str) -> String {
    let mut d = String::new();
    for (i, (x, y)) in points.iter().enumerate() {
        let _ = write!(d, "{}{} {}", if i == 0 { 'M' } else { 'L' }, Px(*x), Px(*y));
    }
    format!(r#"d="{d}{}"{extra}"#, if closed { "Z" } else { "" })
}

/// Where the plot goes.
struct Layout {
    axis: Axis,
    left: f64,
    /// Width of one period's slot; a period's point is at its middle.
    slot: f64,
    bottom: f64,
    /// Every how many periods a label is shown.
    every: usize,
    /// Whether period labels are set at a slant, not fitting level.
    slanted: bool,
    height: f64,
}

impl Layout {
    fn new(chart: &LineChart, axis: Axis, legend: f64) -> Self {
        let ticks = axis.ticks.iter().map(|t| width(&axis.label(*t, &chart.unit), FONT)).fold(0.0, f64::max);
        let left = PAD + ticks + GAP;
        let slot = (WIDTH - PAD - left) / chart.periods.len().max(1) as f64;
        let every = (CROWDED / slot).ceil().max(1.0) as usize;
        let labels = chart.periods.iter().map(|p| width(&truncate(p, FONT, PERIOD_ROOM), FONT)).fold(0.0, f64::max);
        let slanted = labels + GAP > slot * every as f64;
        let top = PAD + legend + 2.0 * FONT;
        let bottom = top + PLOT_HEIGHT;
        let under = if slanted { labels * std::f64::consts::FRAC_1_SQRT_2 + FONT + 2.0 * GAP } else { 2.0 * FONT };
        Self { axis, left, slot, bottom, every, slanted, height: bottom + under + PAD }
    }

    fn x(&self, period: usize) -> f64 {
        self.left + self.slot * (period as f64 + 0.5)
    }

    fn y(&self, value: f64) -> f64 {
        self.bottom - self.axis.fraction(value) * PLOT_HEIGHT
    }

    /// Level grid lines at the ticks, labelled on the left.
    fn grid(&self, svg: &mut Svg, unit: &str) {
        let right = WIDTH - PAD;
        let tick = format!(r#"class="chart-tick" text-anchor="end" fill="{MUTED}""#);
        for &t in &self.axis.ticks {
            let y = Px(self.y(t));
            let (class, colour) = if t == 0.0 { ("chart-zero", MUTED) } else { ("chart-grid", GRID) };
            svg.line(format_args!(
                r#"<line class="{class}" x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="{colour}"/>"#,
                Px(self.left),
                Px(right)
            ));
            svg.text(self.left - GAP, self.y(t) + baseline(FONT), &tick, &self.axis.label(t, unit));
        }
    }

    /// A mark and a label under each period (every second or third one when crowded).
    fn periods(&self, svg: &mut Svg, periods: &[String]) {
        for (i, period) in periods.iter().enumerate() {
            let x = self.x(i);
            let (y1, y2) = (Px(self.bottom), Px(self.bottom + 4.0));
            svg.line(format_args!(r#"<line x1="{}" y1="{y1}" x2="{}" y2="{y2}" stroke="{MUTED}"/>"#, Px(x), Px(x)));
            if i % self.every != 0 {
                continue;
            }
            let label = truncate(period, FONT, PERIOD_ROOM);
            if self.slanted {
                let y = self.bottom + FONT + GAP;
                let rotate = format!(
                    r#"class="chart-period" text-anchor="end" transform="rotate(-45 {} {})""#,
                    Px(x + GAP / 2.0),
                    Px(y)
                );
                svg.text(x + GAP / 2.0, y, &rotate, &label);
            } else {
                svg.text(x, self.bottom + FONT + GAP, r#"class="chart-period" text-anchor="middle""#, &label);
            }
        }
    }

    /// One series: its line broken at the gaps, a marker with its value on hover at each point
    /// and, for a lone series, the values printed above the points.
    fn series(&self, svg: &mut Svg, i: usize, series: &Series, values: &[Option<f64>], chart: &LineChart) {
        let look = look(i);
        open_series(svg, i, look);
        let points: Vec<Option<(f64, f64)>> =
            values.iter().enumerate().map(|(p, v)| v.map(|v| (self.x(p), self.y(v)))).collect();
        for run in points.split(Option::is_none).filter(|run| run.len() > 1) {
            let run: Vec<(f64, f64)> = run.iter().flatten().copied().collect();
            svg.line(format_args!(r#"<path class="chart-line" {}/>"#, path(&run, false, &stroke(look))));
        }
        let name = series_name(series, i);
        let printed = chart.series.len() == 1 && chart.periods.len() <= PRINTED;
        for (p, (point, value)) in points.iter().zip(values).enumerate() {
            let (Some((x, y)), Some(value)) = (point, value) else { continue };
            let text = format_number(*value, chart.places, &chart.unit);
            let period = chart.periods.get(p).map_or("", String::as_str);
            let title = escape(&format!("{name}, {period}: {text}"));
            marker(svg, look, *x, *y, Some(&title));
            if printed {
                let attributes =
                    format!(r#"class="chart-value" text-anchor="middle" font-size="{SMALL}" fill="{TEXT}"{HALO}"#);
                svg.text(*x, *y - 2.0 * GAP, &attributes, &text);
            }
        }
        svg.line(format_args!("</g>"));
    }
}
