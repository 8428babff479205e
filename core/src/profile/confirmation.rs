//! Whether an organization has confirmed its reference info recently enough (§6.3: check it
//! «1 раз в квартал»).
//!
//! §6.3 names a *period* between checks — a quarter — not calendar quarters to fill, so the rule
//! is rolling: a confirmation stays current for three calendar months, through the same day
//! number three months later (the month's last day when that month is shorter: 30 November →
//! 28 February, or 29 February in a leap year). The next day the profile is overdue. Calendar
//! quarters would let data go unchecked for up to six months (confirmed on 1 January, due only
//! by 30 June) and would call a profile confirmed on 31 March overdue after barely three months,
//! while another confirmed on 1 April waits six. Dates are read in the offset of `now`, so the
//! caller decides whose calendar counts (the union works on Moscow time).

use serde::Serialize;
use time::{Date, Month, OffsetDateTime, UtcOffset};

/// Moscow time, the calendar the union's deadlines are read in (no daylight saving since 2014).
pub const UNION_OFFSET: UtcOffset = time::macros::offset!(+3);

/// Months a confirmation stays current.
pub const CONFIRMATION_PERIOD_MONTHS: u8 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ConfirmationStatus {
    /// Confirmed within the period (or, with a skewed clock, "in the future").
    Current,
    /// The period ended `since_days` days ago (1 on the first day past the due date).
    Overdue { since_days: u32 },
    /// Never confirmed.
    Never,
}

impl ConfirmationStatus {
    pub fn of(last_confirmed_at: Option<OffsetDateTime>, now: OffsetDateTime) -> Self {
        let Some(last) = last_confirmed_at else {
            return Self::Never;
        };
        let Some(due) = due_date(last, now) else {
            return Self::Current;
        };
        let late = (now.date() - due).whole_days();
        if late <= 0 { Self::Current } else { Self::Overdue { since_days: u32::try_from(late).unwrap_or(u32::MAX) } }
    }
}

/// The last day a confirmation made at `last` is current, in the calendar of `now`'s offset;
/// `None` only past the end of the supported calendar.
pub fn due_date(last: OffsetDateTime, now: OffsetDateTime) -> Option<Date> {
    add_months(last.to_offset(now.offset()).date(), CONFIRMATION_PERIOD_MONTHS)
}

/// The same day number `months` later, or that month's last day when it is shorter.
fn add_months(date: Date, months: u8) -> Option<Date> {
    let index = date.year() * 12 + i32::from(u8::from(date.month())) - 1 + i32::from(months);
    let year = index.div_euclid(12);
    let month = Month::try_from(u8::try_from(index.rem_euclid(12) + 1).ok()?).ok()?;
    let day = date.day().min(month.length(year));
    Date::from_calendar_date(year, month, day).ok()
}
