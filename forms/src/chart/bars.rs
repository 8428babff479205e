//! The horizontal bar chart: organizations down the left, a bar each from zero, the value at the
//! bar's end, the value axis above (and below, when the list is long).

use super::number::{MISSING, format_number};
use super::svg::{BAR, FONT, GRID, HIGHLIGHT, MUTED, Px, STRIPE, Svg, WIDTH, baseline, escape, truncate, width};
use super::ticks::Axis;
use super::{Bar, BarChart, bar_name, finite, summary};

/// Names get at most this much room; a longer one is cut short.
const LABEL_ROOM: f64 = 240.0;
const PAD: f64 = 8.0;
const GAP: f64 = 6.0;
const ROW: f64 = 22.0;
const BAR_HEIGHT: f64 = 14.0;
/// The height of a row of tick labels.
const AXIS: f64 = 24.0;
/// A list longer than this has its tick labels under it as well.
const MANY: usize = 15;
/// Bold type is about this much wider.
const BOLD: f64 = 1.1;

/// The chart as an inline `<svg>`; see the module for its classes.
pub fn bars(chart: &BarChart) -> String {
    let desc = summary::bars(chart);
    if chart.bars.is_empty() {
        let height = 48.0;
        return Svg::new(&chart.id, "bars", &chart.title, &desc, height).empty(height);
    }
    let layout = Layout::new(chart);
    let mut svg = Svg::new(&chart.id, "bars", &chart.title, &desc, layout.height);
    for i in (1..chart.bars.len()).step_by(2) {
        let y = layout.row_top(i);
        svg.line(format_args!(
            r#"<rect class="chart-stripe" x="0" y="{}" width="{}" height="{}" fill="{STRIPE}"/>"#,
            Px(y),
            Px(WIDTH),
            Px(ROW)
        ));
    }
    layout.grid(&mut svg, &chart.unit);
    for (i, bar) in chart.bars.iter().enumerate() {
        layout.row(&mut svg, i, bar);
    }
    layout.zero(&mut svg);
    svg.finish()
}

/// Where everything goes.
struct Layout {
    /// `None` when no organization has a value: nothing to scale.
    axis: Option<Axis>,
    /// Each bar's value if it can be drawn, with its text.
    values: Vec<(Option<f64>, String)>,
    /// Where names end (they are set flush right against the bars).
    label_right: f64,
    label_room: f64,
    /// x of the axis' ends.
    left: f64,
    right: f64,
    top: f64,
    bottom_axis: bool,
    height: f64,
}

impl Layout {
    fn new(chart: &BarChart) -> Self {
        let values: Vec<(Option<f64>, String)> = chart
            .bars
            .iter()
            .map(|bar| {
                let value = finite(bar.value);
                (value, value.map_or_else(|| MISSING.to_owned(), |v| format_number(v, chart.places, &chart.unit)))
            })
            .collect();
        let known = || values.iter().filter_map(|(v, _)| *v);
        let axis = known().next().map(|_| {
            let (lo, hi) = known().fold((0.0_f64, 0.0_f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
            Axis::new(lo, hi)
        });
        let widest = chart.bars.iter().map(|b| width(bar_name(&b.label), FONT) * if b.highlight { BOLD } else { 1.0 });
        let label_room = widest.fold(0.0, f64::max).min(LABEL_ROOM);
        let label_right = PAD + label_room;
        let (plot_left, plot_right) = (label_right + 2.0 * GAP, WIDTH - PAD);
        let (before, after) = pads(&values, axis.as_ref(), &chart.unit);
        // The values' room never squeezes the bars below 40 % of the plot.
        let squeeze = ((plot_right - plot_left) * 0.6 / (before + after)).min(1.0);
        let top = if axis.is_some() { PAD + AXIS } else { PAD };
        let bottom_axis = axis.is_some() && chart.bars.len() > MANY;
        let rows = chart.bars.len() as f64 * ROW;
        let height = top + rows + if bottom_axis { AXIS } else { 0.0 } + PAD;
        Self {
            axis,
            values,
            label_right,
            label_room,
            left: plot_left + before * squeeze,
            right: plot_right - after * squeeze,
            top,
            bottom_axis,
            height,
        }
    }

    fn row_top(&self, i: usize) -> f64 {
        self.top + i as f64 * ROW
    }

    fn x(&self, value: f64) -> f64 {
        let fraction = self.axis.as_ref().map_or(0.0, |axis| axis.fraction(value));
        self.left + fraction * (self.right - self.left)
    }

    /// Grid lines and tick labels; the line at zero is drawn last, over the bars.
    fn grid(&self, svg: &mut Svg, unit: &str) {
        let Some(axis) = &self.axis else { return };
        let (y1, y2) = (self.top - 4.0, self.row_top(self.values.len()) + 4.0);
        let tick = format!(r#"class="chart-tick" text-anchor="middle" fill="{MUTED}""#);
        for &t in &axis.ticks {
            let x = Px(self.x(t));
            if t != 0.0 {
                svg.line(format_args!(
                    r#"<line class="chart-grid" x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="{GRID}"/>"#,
                    Px(y1),
                    Px(y2)
                ));
            }
            let label = axis.label(t, unit);
            svg.text(self.x(t), self.top - 10.0, &tick, &label);
            if self.bottom_axis {
                svg.text(self.x(t), y2 + 14.0, &tick, &label);
            }
        }
    }

    fn zero(&self, svg: &mut Svg) {
        if self.axis.is_some() {
            let x = Px(self.x(0.0));
            let (y1, y2) = (Px(self.top - 4.0), Px(self.row_top(self.values.len()) + 4.0));
            svg.line(format_args!(
                r#"<line class="chart-zero" x1="{x}" y1="{y1}" x2="{x}" y2="{y2}" stroke="{MUTED}"/>"#
            ));
        }
    }

    /// One organization: its group with the full name and value on hover, the name, the bar
    /// and the value (or «нет данных»).
    fn row(&self, svg: &mut Svg, i: usize, bar: &Bar) {
        let Some((value, text)) = self.values.get(i) else { return };
        let (top, middle) = (self.row_top(i), self.row_top(i) + ROW / 2.0);
        let y = middle + baseline(FONT);
        let (class, bold) = if bar.highlight { (" chart-highlight", r#" font-weight="bold""#) } else { ("", "") };
        let name = bar_name(&bar.label);
        svg.line(format_args!(r#"<g class="chart-row{class}">"#));
        svg.line(format_args!("<title>{} — {}</title>", escape(name), escape(text)));
        let room = if bar.highlight { self.label_room / BOLD } else { self.label_room };
        let label = truncate(name, FONT, room);
        svg.text(self.label_right, y, &format!(r#"class="chart-label{class}" text-anchor="end"{bold}"#), &label);
        let zero = self.x(0.0);
        match value {
            Some(v) => {
                let end = self.x(*v);
                let fill = if bar.highlight { HIGHLIGHT } else { BAR };
                svg.line(format_args!(
                    r#"<rect class="chart-bar{class}" x="{}" y="{}" width="{}" height="{}" fill="{fill}"/>"#,
                    Px(zero.min(end)),
                    Px(top + (ROW - BAR_HEIGHT) / 2.0),
                    Px((end - zero).abs()),
                    Px(BAR_HEIGHT)
                ));
                let (x, anchor) = if *v < 0.0 { (end - GAP, "end") } else { (end + GAP, "start") };
                svg.text(x, y, &format!(r#"class="chart-value{class}" text-anchor="{anchor}"{bold}"#), text);
            }
            None => {
                let attributes = format!(r#"class="chart-missing" fill="{MUTED}" font-style="italic""#);
                svg.text(zero + GAP, y, &attributes, text);
            }
        }
        svg.line(format_args!("</g>"));
    }
}

/// Room for the texts left of the axis' start (values of negative bars) and right of its end
/// (other values, «нет данных», half of the end ticks' labels).
fn pads(values: &[(Option<f64>, String)], axis: Option<&Axis>, unit: &str) -> (f64, f64) {
    let room = |text: &str| width(text, FONT) * BOLD + GAP;
    let (mut before, mut after) = (0.0_f64, 0.0_f64);
    for (value, text) in values {
        match value {
            Some(v) if *v < 0.0 => before = before.max(room(text)),
            _ => after = after.max(room(text)),
        }
    }
    if let Some(axis) = axis {
        before = before.max(width(&axis.label(axis.min, unit), FONT) / 2.0 - 2.0 * GAP);
        after = after.max(width(&axis.label(axis.max, unit), FONT) / 2.0);
    }
    // Never both zero: the squeeze divides by their sum.
    (before, after.max(1.0))
}
