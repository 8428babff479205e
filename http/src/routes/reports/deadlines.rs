//! A period's deadlines as the API shows them: exact instants with their zone for programs, and
//! sentences for people — in the union's time zone, named, so nobody misreads a deadline.

use cabinet_forms::Deadlines;
use jiff::Zoned;
use serde::Serialize;
use utoipa::ToSchema;

/// When a period opens, is due and locks.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DeadlinesView {
    /// The union's time zone the days are counted in (IANA name).
    pub time_zone: String,
    /// Filling opens (RFC 9557: `2026-04-01T00:00:00+03:00[Europe/Moscow]`).
    pub opens: String,
    /// Submissions from this instant on are late (the start of the day after the due day).
    pub due: String,
    /// Submissions from this instant on are refused unless the department extended the term.
    pub locks: String,
    /// When reminders are sent.
    pub reminders: Vec<String>,
    /// «с 1 апреля 2026 г., 00:00 (МСК)»; another zone than Moscow by name and offset:
    /// «(Asia/Vladivostok, UTC+10:00)».
    pub opens_text: String,
    /// «до конца дня 15 апреля 2026 г. (МСК)».
    pub due_text: String,
    pub locks_text: String,
}

impl DeadlinesView {
    pub fn of(d: &Deadlines) -> Self {
        DeadlinesView {
            time_zone: zone_name(&d.opens),
            opens: d.opens.to_string(),
            due: d.due.to_string(),
            locks: d.locks.to_string(),
            reminders: d.reminders.iter().map(ToString::to_string).collect(),
            opens_text: format!("с {}", moment(&d.opens)),
            due_text: format!("до конца дня {}", last_day(&d.due)),
            locks_text: format!("до конца дня {}", last_day(&d.locks)),
        }
    }
}

/// Milliseconds since the epoch.
pub fn millis(z: &Zoned) -> i64 {
    z.timestamp().as_millisecond()
}

/// «1 апреля 2026 г., 00:00 (Europe/Moscow, UTC+03:00)».
pub fn moment(z: &Zoned) -> String {
    format!("{} г., {:02}:{:02} ({})", date(z), z.hour(), z.minute(), zone(z))
}

/// The day before an exclusive bound: «15 апреля 2026 г. (МСК)».
pub fn last_day(bound: &Zoned) -> String {
    let day = bound.yesterday().unwrap_or_else(|_| bound.clone());
    format!("{} г. ({})", date(&day), zone(bound))
}

fn date(z: &Zoned) -> String {
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
    let month = MONTHS.get(usize::try_from(z.month() - 1).unwrap_or(0)).copied().unwrap_or("");
    format!("{} {month} {}", z.day(), z.year())
}

fn zone_name(z: &Zoned) -> String {
    z.time_zone().iana_name().unwrap_or("UTC").to_owned()
}

/// «МСК» for Moscow time, as people in Russia write it; other zones by name and offset.
fn zone(z: &Zoned) -> String {
    if zone_name(z) == "Europe/Moscow" {
        return "МСК".to_owned();
    }
    let seconds = z.offset().seconds();
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.unsigned_abs() / 60;
    format!("{}, UTC{sign}{:02}:{:02}", zone_name(z), minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deadline_names_its_day_and_zone() {
        let tz = jiff::tz::TimeZone::get("Asia/Vladivostok").expect("zone");
        let bound = jiff::civil::date(2026, 4, 16).to_zoned(tz).expect("zoned");
        assert_eq!(last_day(&bound), "15 апреля 2026 г. (Asia/Vladivostok, UTC+10:00)");
        assert_eq!(moment(&bound), "16 апреля 2026 г., 00:00 (Asia/Vladivostok, UTC+10:00)");
        let moscow = jiff::tz::TimeZone::get("Europe/Moscow").expect("zone");
        let bound = jiff::civil::date(2026, 4, 16).to_zoned(moscow).expect("zoned");
        assert_eq!(last_day(&bound), "15 апреля 2026 г. (МСК)");
    }
}
