//! Moments and days as a person reads them on a page: «30 ноября 2026 г., 14:05 (МСК)», on the
//! union's (Moscow) time whatever the server's zone; and how long something has waited.

use cabinet_core::profile::UNION_OFFSET;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime};

const MONTHS: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];

fn day_words(date: Date) -> String {
    let month = MONTHS[usize::from(u8::from(date.month())) - 1];
    format!("{} {month} {} г.", date.day(), date.year())
}

/// An instant as «30 ноября 2026 г., 14:05 (МСК)».
pub fn moment_at(at: OffsetDateTime) -> String {
    let at = at.to_offset(UNION_OFFSET);
    format!("{}, {:02}:{:02} (МСК)", day_words(at.date()), at.hour(), at.minute())
}

/// An RFC 3339 time of the API as «30 ноября 2026 г., 14:05 (МСК)»; anything else as it is.
pub fn moment(rfc3339: &str) -> String {
    OffsetDateTime::parse(rfc3339, &Rfc3339).map_or_else(|_| rfc3339.to_owned(), moment_at)
}

/// An optional time, empty when absent.
pub fn moment_of(rfc3339: Option<&str>) -> String {
    rfc3339.map(moment).unwrap_or_default()
}

/// A `YYYY-MM-DD` day as «20 ноября 2026 г.»; anything else as it is.
pub fn day(iso: &str) -> String {
    Date::parse(iso, format_description!("[year]-[month]-[day]")).map(day_words).unwrap_or_else(|_| iso.to_owned())
}

/// A `YYYY-MM` month as «ноябрь 2026 г.»; anything else as it is.
pub fn month(iso: &str) -> String {
    match cabinet_forms::PeriodId::parse(iso) {
        Ok(month @ cabinet_forms::PeriodId::Month(..)) => month.label(),
        _ => iso.to_owned(),
    }
}

/// How long something has waited: «2 дн. 3 ч.», «5 ч. 10 мин.», «меньше минуты».
pub fn waited(seconds: i64) -> String {
    let minutes = seconds.max(0) / 60;
    let (days, hours, minutes) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    match (days, hours, minutes) {
        (0, 0, 0) => "меньше минуты".to_owned(),
        (0, 0, m) => format!("{m} мин."),
        (0, h, m) => format!("{h} ч. {m} мин."),
        (d, h, _) => format!("{d} дн. {h} ч."),
    }
}

/// A report period's id (`2026S1`) as a person says it («1-е полугодие 2026 г.»); an id that
/// does not parse as it is.
pub fn period(id: &str) -> String {
    cabinet_forms::PeriodId::parse(id).map_or_else(|_| id.to_owned(), |p| p.label())
}

/// A document's edition that starts with its `YYYY-MM-DD` day, as a person writes it:
/// «2023-03-28 № 8-17» as «от 28 марта 2023 г. № 8-17»; anything else as it is.
pub fn edition(version: &str) -> String {
    let (iso, rest) = version.split_at(version.char_indices().nth(10).map_or(version.len(), |(at, _)| at));
    match Date::parse(iso, format_description!("[year]-[month]-[day]")) {
        Ok(date) => format!("от {}{rest}", day_words(date)),
        Err(_) => version.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_are_told_on_moscow_time() {
        assert_eq!(moment("2026-11-30T11:05:00Z"), "30 ноября 2026 г., 14:05 (МСК)");
        assert_eq!(moment("2026-12-31T22:30:00Z"), "1 января 2027 г., 01:30 (МСК)");
        assert_eq!(moment("вчера"), "вчера");
        assert_eq!(day("2026-11-20"), "20 ноября 2026 г.");
        assert_eq!(month("2026-11"), "ноябрь 2026 г.");
        assert_eq!(month("2026-13"), "2026-13");
    }

    #[test]
    fn an_edition_is_dated_as_a_person_writes_it() {
        assert_eq!(edition("2023-03-28 № 8-17"), "от 28 марта 2023 г. № 8-17");
        assert_eq!(edition("2023-03-28"), "от 28 марта 2023 г.");
        assert_eq!(edition("редакция 2"), "редакция 2");
        assert_eq!(edition("№ 8"), "№ 8");
    }

    #[test]
    fn waiting_is_told_in_the_largest_units() {
        assert_eq!(waited(30), "меньше минуты");
        assert_eq!(waited(600), "10 мин.");
        assert_eq!(waited(3 * 3600 + 120), "3 ч. 2 мин.");
        assert_eq!(waited(2 * 86_400 + 3 * 3600 + 59), "2 дн. 3 ч.");
    }
}
