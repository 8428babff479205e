//! Checks of a plugin's identity and periodicity: id, version, title, department, reporters
//! and the schedule.

use crate::period::{PeriodId, parse_date};
use crate::plugin::{PeriodSpec, Plugin, Reporters, Schedule};
use crate::problem::Problem;

/// `[a-z0-9][a-z0-9-]{0,63}`.
pub fn is_id(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 64
        && (b[0].is_ascii_lowercase() || b[0].is_ascii_digit())
        && b.iter().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
}

/// An address name of a unit: lowercase Latin letters, digits and single inner hyphens.
pub fn is_slug(s: &str) -> bool {
    is_id(s) && !s.ends_with('-') && !s.contains("--")
}

pub fn check(plugin: &Plugin) -> Vec<Problem> {
    let mut out = Vec::new();
    if !is_id(&plugin.id) {
        out.push(Problem::new("/id", "invalid_id", "Идентификатор формы: строчные латинские буквы, цифры и дефис, до 64 символов, начинается с буквы или цифры (например, 1-sp)."));
    }
    if plugin.version < 1 {
        out.push(Problem::new("/version", "invalid_version", "Версия формы — целое число от 1."));
    }
    if plugin.title.trim().is_empty() {
        out.push(Problem::new("/title", "empty_title", "Название формы не может быть пустым."));
    }
    if !is_slug(&plugin.department) {
        out.push(Problem::new(
            "/department",
            "invalid_department",
            "Управление указывается адресом страницы (slug): строчные латинские буквы, цифры и дефис.",
        ));
    }
    if let Reporters::List { organizations } = &plugin.reporters {
        for (i, org) in organizations.iter().enumerate() {
            if !is_slug(org) {
                out.push(Problem::new(
                    format!("/reporters/organizations/{i}"),
                    "invalid_organization",
                    format!("«{org}» — не адрес организации (slug): строчные латинские буквы, цифры и дефис."),
                ));
            }
        }
    }
    period(&plugin.period, &mut out);
    out
}

fn period(spec: &PeriodSpec, out: &mut Vec<Problem>) {
    match spec {
        PeriodSpec::Once(s) => {
            let dates: Vec<Option<jiff::civil::Date>> = [("opens", &s.opens), ("due", &s.due), ("locks", &s.locks)]
                .into_iter()
                .map(|(key, text)| {
                    let d = parse_date(text);
                    if d.is_none() {
                        out.push(Problem::new(
                            format!("/period/{key}"),
                            "invalid_date",
                            format!("Дата «{text}» должна быть настоящей датой в виде ГГГГ-ММ-ДД."),
                        ));
                    }
                    d
                })
                .collect();
            if let [Some(o), Some(d), Some(l)] = dates[..]
                && !(o <= d && d <= l)
            {
                out.push(order_problem());
            }
        }
        PeriodSpec::Monthly(s) | PeriodSpec::Quarterly(s) | PeriodSpec::HalfYearly(s) | PeriodSpec::Annual(s) => {
            schedule(spec, s, out)
        }
    }
}

fn schedule(spec: &PeriodSpec, s: &Schedule, out: &mut Vec<Problem>) {
    if !(s.opens <= s.due && s.due <= s.locks) {
        out.push(order_problem());
    }
    const MAX_DAYS: i32 = 3660;
    for (key, days) in [("opens", s.opens), ("due", s.due), ("locks", s.locks)] {
        if days.abs() > MAX_DAYS {
            out.push(Problem::new(
                format!("/period/{key}"),
                "days_out_of_range",
                format!("Срок отсчитывается не более чем на {MAX_DAYS} дней от конца периода."),
            ));
        }
    }
    for (i, days) in s.remind.iter().enumerate() {
        if days.abs() > MAX_DAYS {
            out.push(Problem::new(
                format!("/period/remind/{i}"),
                "days_out_of_range",
                format!("Напоминание — не более чем за {MAX_DAYS} дней от срока сдачи."),
            ));
        }
    }
    if let Some(first) = &s.first {
        let ok = PeriodId::parse(first).is_ok_and(|id| id.matches(spec));
        if !ok {
            out.push(Problem::new("/period/first", "invalid_first_period", format!("«{first}» — не период этой формы: например, 2025 для годовой, 2025S1 для полугодовой, 2025Q1 для квартальной, 2025-01 для ежемесячной.")));
        }
    }
}

fn order_problem() -> Problem {
    Problem::new(
        "/period",
        "deadlines_out_of_order",
        "Сроки должны идти по порядку: открытие (opens) не позже срока сдачи (due), срок сдачи не позже закрытия (locks).",
    )
}
