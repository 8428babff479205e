//! Running totals of one column by its aggregation rule, and indicator ratios.

use crate::field::FactValue;
use crate::plugin::Aggregate;

/// What a column's values add up to so far; one per column, updated value by value.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Total {
    given: u32,
    numbers: u32,
    sum: f64,
    min: f64,
    max: f64,
}

impl Total {
    pub(super) fn add(&mut self, value: &FactValue) {
        self.given += 1;
        if let FactValue::Number(n) = *value {
            if self.numbers == 0 {
                (self.min, self.max) = (n, n);
            } else {
                self.min = self.min.min(n);
                self.max = self.max.max(n);
            }
            self.numbers += 1;
            self.sum += n;
        }
    }

    /// The total by `rule`: `count` counts every value given; the others read numbers only
    /// and give nothing when there is none.
    pub(super) fn by(&self, rule: Aggregate) -> Option<f64> {
        let any = self.numbers > 0;
        match rule {
            Aggregate::Count => Some(f64::from(self.given)),
            Aggregate::Sum => any.then_some(self.sum),
            Aggregate::Average => any.then(|| self.sum / f64::from(self.numbers)),
            Aggregate::Min => any.then_some(self.min),
            Aggregate::Max => any.then_some(self.max),
            Aggregate::None => None,
        }
    }
}

/// `numerator / denominator × scale`, or nothing when the denominator is zero.
pub(super) fn ratio(numerator: f64, denominator: f64, scale: f64) -> Option<f64> {
    (denominator != 0.0).then(|| numerator / denominator * scale)
}
