//! The quarterly confirmation (§6.3): three calendar months, edges included.

use time::macros::{date, datetime};
use time::{OffsetDateTime, UtcOffset};

use super::{ConfirmationStatus, due_date};

fn status(last: Option<OffsetDateTime>, now: OffsetDateTime) -> ConfirmationStatus {
    ConfirmationStatus::of(last, now)
}

#[test]
fn never_confirmed_is_never() {
    assert_eq!(status(None, datetime!(2026-05-01 12:00 UTC)), ConfirmationStatus::Never);
}

#[test]
fn current_through_the_same_day_three_months_later() {
    let last = Some(datetime!(2026-01-15 10:00 UTC));
    assert_eq!(status(last, datetime!(2026-01-15 10:00 UTC)), ConfirmationStatus::Current);
    assert_eq!(status(last, datetime!(2026-04-15 23:59:59 UTC)), ConfirmationStatus::Current);
    assert_eq!(status(last, datetime!(2026-04-16 00:00 UTC)), ConfirmationStatus::Overdue { since_days: 1 });
    assert_eq!(status(last, datetime!(2026-05-15 09:00 UTC)), ConfirmationStatus::Overdue { since_days: 30 });
}

#[test]
fn calendar_quarter_boundaries_do_not_matter() {
    // Confirmed on the last day of a quarter: current for three months, not until the next quarter's end.
    let last = Some(datetime!(2026-03-31 18:00 UTC));
    assert_eq!(status(last, datetime!(2026-06-30 12:00 UTC)), ConfirmationStatus::Current);
    assert_eq!(status(last, datetime!(2026-07-01 00:00 UTC)), ConfirmationStatus::Overdue { since_days: 1 });
    // Confirmed on a quarter's first day: overdue after three months, not six.
    let first = Some(datetime!(2026-01-01 00:00 UTC));
    assert_eq!(status(first, datetime!(2026-04-01 12:00 UTC)), ConfirmationStatus::Current);
    assert_eq!(status(first, datetime!(2026-04-02 00:00 UTC)), ConfirmationStatus::Overdue { since_days: 1 });
}

#[test]
fn month_ends_clamp_to_the_shorter_month_and_leap_years_count() {
    assert_eq!(due_date(datetime!(2026-11-30 12:00 UTC), datetime!(2027-01-01 0:00 UTC)), Some(date!(2027 - 02 - 28)));
    assert_eq!(due_date(datetime!(2027-11-30 12:00 UTC), datetime!(2028-01-01 0:00 UTC)), Some(date!(2028 - 02 - 29)));
    assert_eq!(due_date(datetime!(2027-11-29 12:00 UTC), datetime!(2028-01-01 0:00 UTC)), Some(date!(2028 - 02 - 29)));
    assert_eq!(due_date(datetime!(2026-10-31 12:00 UTC), datetime!(2027-01-01 0:00 UTC)), Some(date!(2027 - 01 - 31)));
    let leap = Some(datetime!(2027-11-30 12:00 UTC));
    assert_eq!(status(leap, datetime!(2028-02-29 23:00 UTC)), ConfirmationStatus::Current);
    assert_eq!(status(leap, datetime!(2028-03-01 00:00 UTC)), ConfirmationStatus::Overdue { since_days: 1 });
    let plain = Some(datetime!(2026-11-30 12:00 UTC));
    assert_eq!(status(plain, datetime!(2027-03-01 00:00 UTC)), ConfirmationStatus::Overdue { since_days: 1 });
    // Confirmed on 29 February: due on 29 May.
    assert_eq!(due_date(datetime!(2028-02-29 12:00 UTC), datetime!(2028-03-01 0:00 UTC)), Some(date!(2028 - 05 - 29)));
}

#[test]
fn the_period_crosses_the_new_year() {
    let last = Some(datetime!(2026-12-31 12:00 UTC));
    assert_eq!(due_date(datetime!(2026-12-31 12:00 UTC), datetime!(2027-01-01 0:00 UTC)), Some(date!(2027 - 03 - 31)));
    assert_eq!(status(last, datetime!(2027-04-01 00:00 UTC)), ConfirmationStatus::Overdue { since_days: 1 });
}

#[test]
fn dates_are_read_in_the_offset_of_now() {
    // 22:30 UTC on 15 January is already 16 January in Moscow.
    let last = datetime!(2026-01-15 22:30 UTC);
    let moscow = UtcOffset::from_hms(3, 0, 0).expect("offset");
    assert_eq!(due_date(last, datetime!(2026-04-16 10:00 UTC).to_offset(moscow)), Some(date!(2026 - 04 - 16)));
    assert_eq!(status(Some(last), datetime!(2026-04-16 10:00 UTC)), ConfirmationStatus::Overdue { since_days: 1 });
    assert_eq!(status(Some(last), datetime!(2026-04-16 10:00 UTC).to_offset(moscow)), ConfirmationStatus::Current);
}

#[test]
fn a_confirmation_in_the_future_counts_as_current() {
    let now = datetime!(2026-05-01 12:00 UTC);
    assert_eq!(status(Some(datetime!(2026-06-01 12:00 UTC)), now), ConfirmationStatus::Current);
}

#[test]
fn status_serializes_with_a_tag() {
    let json = serde_json::to_value(ConfirmationStatus::Overdue { since_days: 3 }).expect("json");
    assert_eq!(json, serde_json::json!({"status": "overdue", "since_days": 3}));
}
