//! Reporting periods: their stable ids (`2025`, `2025S1`, `2025Q3`, `2025-07`, `once`), their
//! days, and which period a form is being filled for today.

mod deadlines;

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;

use crate::plugin::PeriodSpec;

pub use deadlines::{Deadlines, deadlines};

/// The months' names, January first, as a calendar writes them («ноябрь 2026 г.»).
pub const MONTH_NAMES: [&str; 12] = [
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
];

/// A period of a form, by its stable id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PeriodId {
    Year(i16),
    /// Half-year 1 or 2.
    Half(i16, u8),
    /// Quarter 1 to 4.
    Quarter(i16, u8),
    /// Month 1 to 12.
    Month(i16, u8),
    /// The single period of a one-off form.
    Once,
}

/// A period id that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Неверный период «{0}»: ожидается год (2025), полугодие (2025S1), квартал (2025Q3), месяц (2025-07) или once.")]
pub struct InvalidPeriod(pub String);

const MIN_YEAR: i16 = 1900;
const MAX_YEAR: i16 = 9998;

impl PeriodId {
    pub fn parse(s: &str) -> Result<Self, InvalidPeriod> {
        let bad = || InvalidPeriod(s.to_owned());
        if s == "once" {
            return Ok(Self::Once);
        }
        let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        let (year, rest) = s.split_at_checked(4).ok_or_else(bad)?;
        if !digits(year) {
            return Err(bad());
        }
        let year: i16 = year.parse().map_err(|_| bad())?;
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
            return Err(bad());
        }
        let part = |prefix: &str, len: usize, max: u8| -> Option<u8> {
            let n = rest.strip_prefix(prefix)?;
            let v: u8 = if n.len() == len && digits(n) { n.parse().ok()? } else { return None };
            (1..=max).contains(&v).then_some(v)
        };
        if rest.is_empty() {
            Ok(Self::Year(year))
        } else if let Some(h) = part("S", 1, 2) {
            Ok(Self::Half(year, h))
        } else if let Some(q) = part("Q", 1, 4) {
            Ok(Self::Quarter(year, q))
        } else if let Some(m) = part("-", 2, 12) {
            Ok(Self::Month(year, m))
        } else {
            Err(bad())
        }
    }

    /// Whether the id is of the kind the form's periodicity uses.
    pub fn matches(&self, spec: &PeriodSpec) -> bool {
        matches!(
            (self, spec),
            (Self::Year(_), PeriodSpec::Annual(_))
                | (Self::Half(..), PeriodSpec::HalfYearly(_))
                | (Self::Quarter(..), PeriodSpec::Quarterly(_))
                | (Self::Month(..), PeriodSpec::Monthly(_))
                | (Self::Once, PeriodSpec::Once(_))
        )
    }

    /// Months in one period of this kind; `None` for `once`.
    fn months(&self) -> Option<i32> {
        match self {
            Self::Year(_) => Some(12),
            Self::Half(..) => Some(6),
            Self::Quarter(..) => Some(3),
            Self::Month(..) => Some(1),
            Self::Once => None,
        }
    }

    /// Sequential number of the period among periods of its kind.
    fn index(&self) -> Option<i32> {
        let m = self.months()?;
        let (year, part) = match *self {
            Self::Year(y) => (y, 1),
            Self::Half(y, p) | Self::Quarter(y, p) | Self::Month(y, p) => (y, p),
            Self::Once => return None,
        };
        Some(i32::from(year) * (12 / m) + i32::from(part) - 1)
    }

    fn sibling(&self, index: i32) -> Option<Self> {
        let per_year = 12 / self.months()?;
        let year = i16::try_from(index.div_euclid(per_year)).ok().filter(|y| (MIN_YEAR..=MAX_YEAR).contains(y))?;
        let part = u8::try_from(index.rem_euclid(per_year) + 1).ok()?;
        Some(match self {
            Self::Year(_) => Self::Year(year),
            Self::Half(..) => Self::Half(year, part),
            Self::Quarter(..) => Self::Quarter(year, part),
            Self::Month(..) => Self::Month(year, part),
            Self::Once => return None,
        })
    }

    /// The period as a person says it: «2026 г.», «1-е полугодие 2026 г.», «3-й квартал 2026 г.»,
    /// «март 2026 г.», «однократно».
    pub fn label(&self) -> String {
        match *self {
            Self::Year(y) => format!("{y} г."),
            Self::Half(y, h) => format!("{h}-е полугодие {y} г."),
            Self::Quarter(y, q) => format!("{q}-й квартал {y} г."),
            Self::Month(y, m) => format!("{} {y} г.", MONTH_NAMES[usize::from(m.clamp(1, 12) - 1)]),
            Self::Once => "однократно".to_owned(),
        }
    }

    /// The period before this one; `None` for `once`.
    pub fn previous(&self) -> Option<Self> {
        self.sibling(self.index()? - 1)
    }

    /// The period after this one; `None` for `once`.
    pub fn next(&self) -> Option<Self> {
        self.sibling(self.index()? + 1)
    }

    /// First day of the period; `None` for `once` (its dates are the schedule's).
    pub fn first_day(&self) -> Option<Date> {
        let index = self.index()?;
        let months = self.months()?;
        let per_year = 12 / months;
        let year = i16::try_from(index.div_euclid(per_year)).ok()?;
        let month = i8::try_from(index.rem_euclid(per_year) * months + 1).ok()?;
        Date::new(year, month, 1).ok()
    }

    /// Last day of the period; `None` for `once`.
    pub fn last_day(&self) -> Option<Date> {
        self.next()?.first_day()?.yesterday().ok()
    }

    /// The period of this kind that contains `day`.
    fn containing(kind: &PeriodSpec, day: Date) -> Option<Self> {
        let (y, m) = (day.year(), u8::try_from(day.month()).ok()?);
        Some(match kind {
            PeriodSpec::Annual(_) => Self::Year(y),
            PeriodSpec::HalfYearly(_) => Self::Half(y, if m <= 6 { 1 } else { 2 }),
            PeriodSpec::Quarterly(_) => Self::Quarter(y, (m - 1) / 3 + 1),
            PeriodSpec::Monthly(_) => Self::Month(y, m),
            PeriodSpec::Once(_) => Self::Once,
        })
    }
}

impl fmt::Display for PeriodId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Year(y) => write!(f, "{y}"),
            Self::Half(y, h) => write!(f, "{y}S{h}"),
            Self::Quarter(y, q) => write!(f, "{y}Q{q}"),
            Self::Month(y, m) => write!(f, "{y}-{m:02}"),
            Self::Once => f.write_str("once"),
        }
    }
}

impl FromStr for PeriodId {
    type Err = InvalidPeriod;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

/// Reads a calendar date written exactly as `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Option<Date> {
    let shape = s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    if !shape {
        return None;
    }
    s.parse().ok()
}

/// Whether `id` is a period the form is collected for: of its kind, and not before `first`.
pub fn is_valid_period(spec: &PeriodSpec, id: &PeriodId) -> bool {
    if !id.matches(spec) {
        return false;
    }
    match first(spec) {
        Some(first) => id.index() >= first.index(),
        None => true,
    }
}

fn first(spec: &PeriodSpec) -> Option<PeriodId> {
    let schedule = match spec {
        PeriodSpec::Once(_) => return None,
        PeriodSpec::Monthly(s) | PeriodSpec::Quarterly(s) | PeriodSpec::HalfYearly(s) | PeriodSpec::Annual(s) => s,
    };
    schedule.first.as_deref().and_then(|f| PeriodId::parse(f).ok())
}

/// The period a form is being filled for on `today`: the latest period whose filling has opened
/// (its `opens` day is today or earlier). `None` before the first period opens.
pub fn period_for(spec: &PeriodSpec, today: Date) -> Option<PeriodId> {
    if let PeriodSpec::Once(s) = spec {
        return (parse_date(&s.opens)? <= today).then_some(PeriodId::Once);
    }
    let opens_day = |p: &PeriodId| deadlines::day_of(spec, p, deadlines::Mark::Opens);
    // A negative `opens` can open the next periods before this one ends; start a little ahead.
    let mut candidate = PeriodId::containing(spec, today)?.next()?.next()?;
    for _ in 0..1000 {
        if opens_day(&candidate)? <= today {
            return is_valid_period(spec, &candidate).then_some(candidate);
        }
        candidate = candidate.previous()?;
    }
    None
}

#[cfg(test)]
mod tests;
