//! The site administrator's pages (§2.4, §2.7): organizations and departments, users and their
//! roles, the roles themselves, the month's publishing norm, profiles awaiting confirmation, the
//! audit log and API tokens. Each page is reached by the permission its API asks for, and does
//! its work through that API's handlers.

mod audit;
mod norm;
mod operations;
mod profiles;
mod roles;
mod tokens;
mod unit_choice;
mod units;
mod user_card;
mod users;

use cabinet_core::profile::UNION_OFFSET;
use cabinet_core::{Invalid, Permission};
use serde::Serialize;
use serde_json::{Value, json};
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, PrimitiveDateTime, Time};

use super::input::{Choice, Input, Inputs};
use super::when::{day, moment as moscow};
use crate::error::ApiError;

pub fn routes() -> Vec<rocket::Route> {
    [
        units::routes(),
        users::routes(),
        user_card::routes(),
        roles::routes(),
        norm::routes(),
        profiles::routes(),
        audit::routes(),
        tokens::routes(),
        operations::routes(),
    ]
    .concat()
}

/// The first moment of the day `date` (`YYYY-MM-DD`), or of the day after it, on Moscow time,
/// as RFC 3339; a malformed date is refused at its field.
fn day_start(date: &str, field: &str, next: bool) -> Result<Option<String>, ApiError> {
    if date.is_empty() {
        return Ok(None);
    }
    let refused = || Invalid::new(field, "invalid_date", "Укажите дату в формате ГГГГ-ММ-ДД, например 2026-11-30.");
    let day = Date::parse(date, format_description!("[year]-[month]-[day]")).map_err(|_| refused())?;
    let day = if next { day.next_day().ok_or_else(refused)? } else { day };
    let at = PrimitiveDateTime::new(day, Time::MIDNIGHT).assume_offset(UNION_OFFSET);
    Ok(Some(at.format(&Rfc3339).map_err(|_| refused())?))
}

/// The form with its refused dates shown as text: a date or month input cannot hold what is not
/// one, and the person should see what they sent to correct it.
fn dates_as_text(mut form: Inputs) -> Inputs {
    for input in form.inputs.iter_mut().filter(|i| i.error.is_some() && matches!(i.kind, "date" | "month")) {
        input.kind = "text";
    }
    form
}

/// `path` with the pairs that have a value as its query string.
fn with_query(path: &str, pairs: &[(&str, &str)]) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (name, value) in pairs.iter().filter(|(_, v)| !v.is_empty()) {
        query.append_pair(name, value);
    }
    match query.finish() {
        q if q.is_empty() => path.to_owned(),
        q => format!("{path}?{q}"),
    }
}

/// A drop-down list; `selected` is the value chosen now.
fn select(name: &str, label: &str, choices: &[(String, String)], selected: &str) -> Input {
    let mut input = Input::new("select", name, label);
    input.options = choices
        .iter()
        .map(|(value, label)| Choice { value: value.clone(), label: label.clone(), selected: value == selected })
        .collect();
    input
}

/// A conflict (`{"field": "slug"}`) as a refusal of that field, so that the form shows it there.
fn at_field(mut e: ApiError) -> ApiError {
    if let Some(field) = e.details.get("field").and_then(Value::as_str).map(str::to_owned)
        && e.details.get("fields").is_none()
    {
        *e.details = json!({ "fields": [{ "field": field, "code": e.code, "message": e.message }] });
    }
    e
}

/// A refusal the form shows again with its fields marked; anything else is a page of its own.
fn refused_form(e: &ApiError) -> bool {
    matches!(e.status.code, 409 | 422) || e.code == "permission_escalation"
}

/// The message of the API's refusal of field `name` (or of one of its items, `name[2]`).
fn error_of(e: &ApiError, name: &str) -> Option<String> {
    let fields = e.details.get("fields").and_then(Value::as_array)?;
    fields.iter().find_map(|f| {
        let field = f.get("field").and_then(Value::as_str)?;
        (field == name || field.starts_with(&format!("{name}[")))
            .then(|| f.get("message").and_then(Value::as_str).map_or_else(|| e.message.clone(), str::to_owned))
    })
}

/// Checkboxes of one name in groups, each group a fieldset with its legend.
#[derive(Serialize)]
struct Checks {
    /// The id of the whole list, for the links of the error summary.
    id: String,
    legend: &'static str,
    error: Option<String>,
    groups: Vec<CheckGroup>,
}

#[derive(Serialize)]
struct CheckGroup {
    /// `None` for the only group, shown without a fieldset of its own.
    title: Option<&'static str>,
    items: Vec<Check>,
}

#[derive(Serialize)]
struct Check {
    id: String,
    name: &'static str,
    value: String,
    label: String,
    checked: bool,
}

impl Checks {
    fn new(name: &'static str, legend: &'static str, groups: Vec<CheckGroup>) -> Checks {
        Checks { id: format!("f-{name}"), legend, error: None, groups }
    }

    /// The list with the API's refusal of its field, if there is one.
    fn with_error(mut self, name: &str, e: Option<&ApiError>) -> Checks {
        self.error = e.and_then(|e| error_of(e, name));
        self
    }
}

impl Check {
    fn new(name: &'static str, value: &str, label: &str, checked: bool) -> Check {
        let id = format!("c-{name}-{}", value.replace(|c: char| !c.is_ascii_alphanumeric(), "-"));
        Check { id, name, value: value.to_owned(), label: label.to_owned(), checked }
    }
}

/// What part of the work a permission belongs to, for grouping checkboxes: a new permission
/// must be placed here before the code compiles.
fn permission_group(p: Permission) -> usize {
    use Permission::*;
    match p {
        ProfileEdit | NewsWrite | MediaUpload | AppealsAnswer | ReportsFill | MaterialsRead | AccessRequest => 0,
        ReportsReview | FormsDefine | MaterialsPublish => 1,
        NewsModerate | UnitsManage | UsersManage | RolesManage | TokensManage | AuditRead | ServiceOperate => 2,
    }
}

const PERMISSION_GROUPS: [&str; 3] =
    ["Работа организации", "Управления ЦК Профсоюза", "Администрирование сайта и модерация"];

/// Every permission as a checkbox named `name` with its Russian label, grouped; `checked` holds
/// the codes ticked now.
fn permission_checks(name: &'static str, legend: &'static str, checked: impl Fn(&str) -> bool) -> Checks {
    let mut groups: Vec<CheckGroup> =
        PERMISSION_GROUPS.iter().map(|title| CheckGroup { title: Some(title), items: Vec::new() }).collect();
    for p in Permission::ALL {
        if let Some(group) = groups.get_mut(permission_group(*p)) {
            group.items.push(Check::new(name, p.code(), p.label(), checked(p.code())));
        }
    }
    Checks::new(name, legend, groups)
}

/// The Russian labels of permission codes, in the order of [`Permission::ALL`].
fn permission_labels(codes: &[String]) -> Vec<&'static str> {
    Permission::ALL.iter().filter(|p| codes.iter().any(|c| c == p.code())).map(|p| p.label()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_in_moscow_with_russian_months() {
        assert_eq!(moscow("2026-11-30T11:05:00Z"), "30 ноября 2026 г., 14:05 (МСК)");
        assert_eq!(moscow("2026-12-31T22:30:00Z"), "1 января 2027 г., 01:30 (МСК)");
        assert_eq!(moscow("не время"), "не время");
        assert_eq!(day("2026-12-31"), "31 декабря 2026 г.");
        assert_eq!(day("2026-13-01"), "2026-13-01");
    }

    #[test]
    fn links_carry_only_the_filters_given() {
        assert_eq!(with_query("/a", &[("q", "")]), "/a");
        assert_eq!(
            with_query("/a", &[("q", "Иванова & Ко"), ("s", ""), ("n", "2")]),
            "/a?q=%D0%98%D0%B2%D0%B0%D0%BD%D0%BE%D0%B2%D0%B0+%26+%D0%9A%D0%BE&n=2"
        );
    }

    #[test]
    fn days_are_bounded_on_moscow_time() {
        assert_eq!(day_start("2026-11-30", "from", false).unwrap().as_deref(), Some("2026-11-30T00:00:00+03:00"));
        assert_eq!(day_start("2026-12-31", "to", true).unwrap().as_deref(), Some("2027-01-01T00:00:00+03:00"));
        assert_eq!(day_start("", "to", true).unwrap(), None);
        let refused = day_start("30.11.2026", "from", false).unwrap_err();
        assert_eq!(refused.details["fields"][0]["field"], "from");
    }

    #[test]
    fn every_permission_has_a_group_with_a_title() {
        for p in Permission::ALL {
            assert!(PERMISSION_GROUPS.get(permission_group(*p)).is_some(), "{p}");
        }
        let checks = permission_checks("permissions", "Права", |c| c == "news.write");
        let all: Vec<&Check> = checks.groups.iter().flat_map(|g| &g.items).collect();
        assert_eq!(all.len(), Permission::ALL.len());
        assert!(all.iter().all(|c| c.checked == (c.value == "news.write")));
        assert!(checks.groups.iter().all(|g| !g.items.is_empty()), "no empty fieldset");
    }
}
