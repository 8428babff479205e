use jiff::civil::date;
use jiff::tz::TimeZone;

use super::*;
use crate::plugin::{OnceSchedule, Schedule};

fn quarterly(first: Option<&str>) -> PeriodSpec {
    PeriodSpec::Quarterly(Schedule {
        opens: 1,
        due: 15,
        locks: 45,
        remind: vec![1, -3],
        first: first.map(str::to_owned),
    })
}

fn tz(name: &str) -> TimeZone {
    TimeZone::get(name).expect("bundled tz database")
}

#[test]
fn ids_round_trip_through_display() {
    for s in ["2025", "2025S1", "2025S2", "2025Q3", "2025-07", "2025-12", "once"] {
        assert_eq!(PeriodId::parse(s).expect(s).to_string(), s);
    }
}

#[test]
fn malformed_ids_are_refused_in_russian() {
    for s in
        ["", "25", "2025Q5", "2025Q0", "2025S3", "2025-13", "2025-7", "2025-00", "2025q1", "ONCE", "20x5", "2025Q1 "]
    {
        let err = PeriodId::parse(s).expect_err(s);
        assert!(err.to_string().contains("Неверный период"), "{s}");
    }
}

#[test]
fn first_and_last_days_cover_the_period() {
    let q = PeriodId::parse("2024Q1").expect("id");
    assert_eq!(q.first_day(), Some(date(2024, 1, 1)));
    assert_eq!(q.last_day(), Some(date(2024, 3, 31)));
    let feb = PeriodId::parse("2024-02").expect("id");
    assert_eq!(feb.last_day(), Some(date(2024, 2, 29)));
    let h2 = PeriodId::parse("2025S2").expect("id");
    assert_eq!((h2.first_day(), h2.last_day()), (Some(date(2025, 7, 1)), Some(date(2025, 12, 31))));
    assert_eq!(PeriodId::Once.first_day(), None);
}

#[test]
fn previous_crosses_the_year() {
    assert_eq!(PeriodId::parse("2025Q1").expect("id").previous(), Some(PeriodId::Quarter(2024, 4)));
    assert_eq!(PeriodId::parse("2025-01").expect("id").previous(), Some(PeriodId::Month(2024, 12)));
    assert_eq!(PeriodId::parse("2025S1").expect("id").previous(), Some(PeriodId::Half(2024, 2)));
    assert_eq!(PeriodId::Year(2025).previous(), Some(PeriodId::Year(2024)));
    assert_eq!(PeriodId::Once.previous(), None);
}

#[test]
fn quarter_deadlines_in_moscow_open_at_midnight_and_end_after_the_due_day() {
    let d = deadlines(&quarterly(None), &PeriodId::Quarter(2025, 1), &tz("Europe/Moscow")).expect("deadlines");
    assert_eq!(d.opens.to_string(), "2025-04-01T00:00:00+03:00[Europe/Moscow]");
    // Due by the end of the 15th day after 31 March: 15 April, so late from 16 April 00:00.
    assert_eq!(d.due.to_string(), "2025-04-16T00:00:00+03:00[Europe/Moscow]");
    assert_eq!(d.locks.to_string(), "2025-05-16T00:00:00+03:00[Europe/Moscow]");
    let reminders: Vec<String> = d.reminders.iter().map(ToString::to_string).collect();
    assert_eq!(reminders, ["2025-04-12T09:00:00+03:00[Europe/Moscow]", "2025-04-16T09:00:00+03:00[Europe/Moscow]"]);
}

#[test]
fn the_same_deadline_is_seven_hours_earlier_in_vladivostok() {
    let msk = deadlines(&quarterly(None), &PeriodId::Quarter(2025, 1), &tz("Europe/Moscow")).expect("msk");
    let vvo = deadlines(&quarterly(None), &PeriodId::Quarter(2025, 1), &tz("Asia/Vladivostok")).expect("vvo");
    assert_eq!(vvo.due.to_string(), "2025-04-16T00:00:00+10:00[Asia/Vladivostok]");
    assert_eq!(msk.due.timestamp().as_second() - vvo.due.timestamp().as_second(), 7 * 3600);
}

#[test]
fn once_deadlines_come_from_dates() {
    let spec = PeriodSpec::Once(OnceSchedule {
        opens: "2026-02-01".into(),
        due: "2026-02-20".into(),
        locks: "2026-03-01".into(),
        remind: vec![-1],
    });
    let d = deadlines(&spec, &PeriodId::Once, &tz("Europe/Moscow")).expect("once");
    assert_eq!(d.due.to_string(), "2026-02-21T00:00:00+03:00[Europe/Moscow]");
    assert_eq!(d.reminders[0].to_string(), "2026-02-19T09:00:00+03:00[Europe/Moscow]");
    assert!(deadlines(&spec, &PeriodId::Year(2026), &tz("Europe/Moscow")).is_none());
}

#[test]
fn the_period_to_fill_is_the_latest_that_opened() {
    let spec = quarterly(None);
    assert_eq!(period_for(&spec, date(2025, 3, 31)), Some(PeriodId::Quarter(2024, 4)));
    assert_eq!(period_for(&spec, date(2025, 4, 1)), Some(PeriodId::Quarter(2025, 1)));
    assert_eq!(period_for(&spec, date(2025, 6, 30)), Some(PeriodId::Quarter(2025, 1)));
    let early = PeriodSpec::Monthly(Schedule { opens: -5, due: 5, locks: 10, remind: vec![], first: None });
    assert_eq!(period_for(&early, date(2025, 7, 26)), Some(PeriodId::Month(2025, 7)));
    assert_eq!(period_for(&early, date(2025, 7, 25)), Some(PeriodId::Month(2025, 6)));
}

#[test]
fn no_period_before_the_first_one() {
    let spec = quarterly(Some("2025Q2"));
    assert_eq!(period_for(&spec, date(2025, 5, 1)), None);
    assert_eq!(period_for(&spec, date(2025, 7, 1)), Some(PeriodId::Quarter(2025, 2)));
    assert!(!is_valid_period(&spec, &PeriodId::Quarter(2025, 1)));
    assert!(is_valid_period(&spec, &PeriodId::Quarter(2025, 2)));
    assert!(!is_valid_period(&spec, &PeriodId::Month(2025, 7)));
}

#[test]
fn a_one_off_form_is_filled_once_it_opens() {
    let spec = PeriodSpec::Once(OnceSchedule {
        opens: "2026-02-01".into(),
        due: "2026-02-20".into(),
        locks: "2026-03-01".into(),
        remind: vec![],
    });
    assert_eq!(period_for(&spec, date(2026, 1, 31)), None);
    assert_eq!(period_for(&spec, date(2026, 2, 1)), Some(PeriodId::Once));
}

#[test]
fn dates_must_be_written_exactly() {
    assert_eq!(parse_date("2026-02-01"), Some(date(2026, 2, 1)));
    for bad in ["2026-2-01", "20260201", "2026-02-30", "2026-02-01T00:00"] {
        assert_eq!(parse_date(bad), None, "{bad}");
    }
}

#[test]
fn each_kind_of_period_is_named_as_a_person_says_it() {
    let label = |id: &str| PeriodId::parse(id).unwrap().label();
    assert_eq!(label("2026"), "2026 г.");
    assert_eq!(label("2026S1"), "1-е полугодие 2026 г.");
    assert_eq!(label("2026Q3"), "3-й квартал 2026 г.");
    assert_eq!(label("2026-03"), "март 2026 г.");
    assert_eq!(label("2026-12"), "декабрь 2026 г.");
    assert_eq!(label("once"), "однократно");
}
