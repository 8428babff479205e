//! A value axis with "nice" ticks: four to six of them, a step of 1, 2 or 5 × 10ⁿ (2.5 × 10ⁿ
//! where none of those gives four to six, as for −0.00043..0.0005, or wastes much more of the
//! axis, as −50..100 for −8..81), the axis running from the first tick to the last.

use super::number::{format_number, with_unit};

const FEWEST: i64 = 4;
const MOST: i64 = 6;
/// Values past this are drawn at it: the arithmetic below stays finite.
const LIMIT: f64 = 1e300;

/// The value axis: `min` and `max` are its first and last ticks.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Axis {
    pub(super) min: f64,
    pub(super) max: f64,
    pub(super) ticks: Vec<f64>,
    /// The step's last significant digit is at `10^digit`: the tick labels' decimals.
    digit: i32,
}

impl Axis {
    /// An axis covering `lo..=hi`. Equal ends are widened to reach zero, and near-zero ones
    /// (or ones that are not finite) give `0..1`.
    pub(super) fn new(lo: f64, hi: f64) -> Self {
        let (lo, hi) = range(lo, hi);
        let magnitude = (hi - lo).log10().floor() as i32;
        let mut best = Candidate::new(lo, hi, 10, magnitude - 1);
        // Steps are `m × 10^exponent` with an integer `m`: 25 × 10⁻³ is 0.025.
        for exponent in magnitude - 3..=magnitude {
            for m in [10, 20, 50, 25] {
                let candidate = Candidate::new(lo, hi, m, exponent);
                if candidate.better_than(&best) {
                    best = candidate;
                }
            }
        }
        let ticks: Vec<f64> =
            (best.first..=best.last).map(|k| scaled(k.saturating_mul(best.m), best.exponent)).collect();
        let min = ticks.first().copied().unwrap_or(lo);
        let max = ticks.last().copied().unwrap_or(hi);
        Self { min, max, ticks, digit: best.digit() }
    }

    /// Where `value` falls on the axis: 0 at `min`, 1 at `max`.
    pub(super) fn fraction(&self, value: f64) -> f64 {
        let value = value.clamp(-LIMIT, LIMIT);
        if self.max > self.min { (value - self.min) / (self.max - self.min) } else { 0.0 }
    }

    /// A tick's label: as many decimals as the step has, millions and more in words.
    pub(super) fn label(&self, tick: f64, unit: &str) -> String {
        let largest = self.min.abs().max(self.max.abs());
        let Some((shift, word)) =
            [(12, "трлн"), (9, "млрд"), (6, "млн")].into_iter().find(|(shift, _)| largest >= scaled(1, *shift))
        else {
            return format_number(tick, places(self.digit), unit);
        };
        let number = format_number(tick / scaled(1, shift), places(self.digit - shift), "");
        with_unit(with_unit(number, word), unit)
    }
}

/// The ends in order, finite, clamped, and apart.
fn range(lo: f64, hi: f64) -> (f64, f64) {
    let clamp = |v: f64| if v.is_finite() { v.clamp(-LIMIT, LIMIT) } else { 0.0 };
    let (lo, hi) = (clamp(lo).min(clamp(hi)), clamp(lo).max(clamp(hi)));
    let size = lo.abs().max(hi.abs());
    if size < 1e-100 {
        (0.0, 1.0)
    } else if hi - lo <= size * 1e-9 {
        (lo.min(0.0), hi.max(0.0))
    } else {
        (lo, hi)
    }
}

/// Ticks at multiples of `m × 10^exponent`, from `first` to `last` of them.
struct Candidate {
    m: i64,
    exponent: i32,
    first: i64,
    last: i64,
    /// The share of the axis the values take.
    fill: f64,
}

impl Candidate {
    fn new(lo: f64, hi: f64, m: i64, exponent: i32) -> Self {
        let step = scaled(m, exponent);
        // Float error must not add a tick: 0.30000000000000004 / 0.1 is still 3.
        let slack = |x: f64| 1e-9 * x.abs().max(1.0);
        let (low, high) = (lo / step, hi / step);
        let first = (low + slack(low)).floor() as i64;
        let last = ((high - slack(high)).ceil() as i64).max(first.saturating_add(1));
        let fill = (hi - lo) / ((last - first) as f64 * step);
        Self { m, exponent, first, last, fill }
    }

    fn count(&self) -> i64 {
        self.last.saturating_sub(self.first).saturating_add(1)
    }

    /// How many ticks short of four or past six.
    fn distance(&self) -> i64 {
        (FEWEST - self.count()).max(self.count() - MOST).max(0)
    }

    fn digit(&self) -> i32 {
        if self.m % 10 == 0 { self.exponent.saturating_add(1) } else { self.exponent }
    }

    /// Closer to four-to-six ticks, then a fuller axis, a step of 2.5 counting as a tenth less
    /// full; a tie keeps the earlier (finer) step.
    fn better_than(&self, other: &Self) -> bool {
        let score = |c: &Self| c.fill - if c.m == 25 { 0.1 } else { 0.0 };
        let (mine, theirs) = (self.distance(), other.distance());
        mine < theirs || (mine == theirs && score(self) > score(other) + 1e-12)
    }
}

/// `m × 10^exponent`, dividing for negative exponents so that 3 × 10⁻¹ is 0.3, not
/// 0.30000000000000004.
fn scaled(m: i64, exponent: i32) -> f64 {
    let power = 10f64.powi(exponent.abs());
    if exponent >= 0 { m as f64 * power } else { m as f64 / power }
}

/// Decimals to write a number whose last significant digit is at `10^digit`.
fn places(digit: i32) -> u8 {
    u8::try_from(digit.saturating_neg().max(0)).unwrap_or(u8::MAX)
}
