//! The instants a period opens, is due and locks, and its reminder days, in the union's time
//! zone.
//!
//! A day "until its end" is represented by the first instant of the next day, an exclusive
//! bound: a submission at `due` or later is late, one at `locks` or later is refused. This
//! keeps the comparison exact (no 23:59:59.999 gap) and still shows as "00:00" of the next day
//! if printed, so pages print `due` minus one day ("до конца 15 апреля") for people.

use jiff::Zoned;
use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;

use super::{PeriodId, parse_date};
use crate::plugin::PeriodSpec;

/// Hour of the day reminders are sent, local time.
pub const REMINDER_HOUR: i8 = 9;

/// Deadlines of one period.
#[derive(Debug, Clone, PartialEq)]
pub struct Deadlines {
    /// Filling opens: the start of the `opens` day.
    pub opens: Zoned,
    /// Submissions from this instant are late: the start of the day after the `due` day.
    pub due: Zoned,
    /// Submissions from this instant are refused (unless extended): the start of the day after
    /// the `locks` day.
    pub locks: Zoned,
    /// When reminders are sent: 09:00 local time on each reminder day, in order.
    pub reminders: Vec<Zoned>,
}

#[derive(Clone, Copy)]
pub(super) enum Mark {
    Opens,
    Due,
    Locks,
}

/// The calendar day of a mark of a periodic form's period.
pub(super) fn day_of(spec: &PeriodSpec, id: &PeriodId, mark: Mark) -> Option<Date> {
    let schedule = match spec {
        PeriodSpec::Once(s) => {
            let day = match mark {
                Mark::Opens => &s.opens,
                Mark::Due => &s.due,
                Mark::Locks => &s.locks,
            };
            return parse_date(day);
        }
        PeriodSpec::Monthly(s) | PeriodSpec::Quarterly(s) | PeriodSpec::HalfYearly(s) | PeriodSpec::Annual(s) => s,
    };
    let offset = match mark {
        Mark::Opens => schedule.opens,
        Mark::Due => schedule.due,
        Mark::Locks => schedule.locks,
    };
    id.last_day()?.checked_add(jiff::Span::new().days(i64::from(offset))).ok()
}

fn start_of(day: Date, tz: &TimeZone) -> Option<Zoned> {
    day.to_zoned(tz.clone()).ok()
}

fn after(day: Date, tz: &TimeZone) -> Option<Zoned> {
    start_of(day.tomorrow().ok()?, tz)
}

/// Deadlines of period `id` of a form with periodicity `spec`, in time zone `tz`. `None` when
/// the id is not of the form's kind or a day falls outside the calendar.
pub fn deadlines(spec: &PeriodSpec, id: &PeriodId, tz: &TimeZone) -> Option<Deadlines> {
    if !id.matches(spec) {
        return None;
    }
    let remind = match spec {
        PeriodSpec::Once(s) => &s.remind,
        PeriodSpec::Monthly(s) | PeriodSpec::Quarterly(s) | PeriodSpec::HalfYearly(s) | PeriodSpec::Annual(s) => {
            &s.remind
        }
    };
    let due_day = day_of(spec, id, Mark::Due)?;
    let mut reminders = Vec::with_capacity(remind.len());
    for days in remind {
        let day = due_day.checked_add(jiff::Span::new().days(i64::from(*days))).ok()?;
        let at = day.to_datetime(Time::constant(REMINDER_HOUR, 0, 0, 0));
        reminders.push(at.to_zoned(tz.clone()).ok()?);
    }
    reminders.sort();
    Some(Deadlines {
        opens: start_of(day_of(spec, id, Mark::Opens)?, tz)?,
        due: after(due_day, tz)?,
        locks: after(day_of(spec, id, Mark::Locks)?, tz)?,
        reminders,
    })
}
