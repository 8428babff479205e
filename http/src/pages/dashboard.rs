//! The dashboard: what needs the visitor now — reports due, the month's news against the norm,
//! the reference info to confirm, unread materials; for a moderator the queue, for a department
//! its forms' completeness. Each part is there only for those whose permissions reach it, and
//! is read through the same API handler that serves it.

use cabinet_core::Permission;
use cabinet_core::profile::UNION_OFFSET;
use rocket::State;
use rocket::{get, routes};
use serde::Serialize;
use serde_json::json;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::reply::{PageError, PageResult};
use super::visitor::Visitor;
use crate::App;
use crate::auth::Staff;
use crate::error::ApiResult;
use crate::routes::{materials, news, profiles, reports};

pub fn routes() -> Vec<rocket::Route> {
    routes![dashboard]
}

/// News each organization is to publish in a month (§2.2 of the presidium's resolution).
const NEWS_NORM: usize = 2;

#[derive(Serialize, Default)]
struct Dashboard {
    reports: Option<Listed<ReportDue>>,
    news: Option<NewsMonth>,
    profile: Option<ProfileState>,
    materials: Option<Unread>,
    moderation: Option<Queue>,
    completeness: Option<Vec<FormCompleteness>>,
    /// The reminders the organization was sent in the last month: the same the letters said.
    reminders: Vec<SentReminder>,
}

#[derive(Serialize)]
struct SentReminder {
    subject: String,
    path: String,
    sent_at: String,
}

/// A part of the dashboard shown even when it has nothing to list.
#[derive(Serialize)]
struct Listed<T> {
    items: Vec<T>,
}

#[derive(Serialize)]
struct Unread {
    count: usize,
}

#[derive(Serialize)]
struct ReportDue {
    title: String,
    period: String,
    href: String,
    state: String,
    done: bool,
    due: String,
    /// Not sent and the due day is over: still taken until `locks`, marked late.
    overdue: bool,
    /// Not sent and no longer taken.
    closed: bool,
    locks: String,
    late: bool,
}

#[derive(Serialize)]
struct NewsMonth {
    published: usize,
    norm: usize,
    behind: bool,
    drafts: usize,
    rejected: usize,
}

#[derive(Serialize)]
struct ProfileState {
    complete: bool,
    missing: usize,
    /// `current`, `overdue` or `never`.
    confirmation: String,
}

#[derive(Serialize)]
struct Queue {
    waiting: usize,
    oldest_headline: Option<String>,
    oldest_days: Option<i64>,
}

#[derive(Serialize)]
struct FormCompleteness {
    title: String,
    period: String,
    expected: usize,
    submitted: usize,
    missing: usize,
    awaiting_review: usize,
}

#[get("/")]
async fn dashboard(app: &State<App>, visitor: Visitor) -> PageResult {
    let staff = visitor.staff()?;
    let unit = staff.actor().unit.id.to_string();
    let mut board = Dashboard::default();
    let organization = staff.actor().unit.kind == cabinet_core::UnitKind::Organization;
    if organization && visitor.may(Permission::ReportsFill) {
        board.reports = Some(Listed { items: reports_due(app, &staff, &unit).await? });
    }
    if organization && visitor.may(Permission::NewsWrite) {
        board.news = Some(news_month(app, &staff, &unit).await?);
    }
    if organization && visitor.may(Permission::ProfileEdit) {
        let view = profiles::get_one(app, staff.clone(), &unit).await?.into_inner();
        board.profile = Some(ProfileState {
            complete: view.complete,
            missing: view.missing.len(),
            confirmation: view.confirmation.status,
        });
    }
    if organization && visitor.may(Permission::MaterialsRead) {
        let inbox = materials::inbox(app, staff.clone(), &unit, None, Some("200")).await?.into_inner();
        board.materials = Some(Unread { count: inbox.iter().filter(|m| m.opened_at.is_none()).count() });
    }
    if visitor.may(Permission::NewsModerate) {
        let queue = news::items::queue(app, staff.clone(), Some("500")).await?.into_inner();
        let oldest = queue.first();
        board.moderation = Some(Queue {
            waiting: queue.len(),
            oldest_headline: oldest.map(|q| q.headline.clone()),
            oldest_days: oldest.map(|q| q.waiting_seconds / 86_400),
        });
    }
    if organization {
        let since = cabinet_storage::now_ms() - 31 * 86_400_000;
        let sent = cabinet_storage::reminders::of_unit(&app.db, &unit, since).await?;
        board.reminders = sent
            .into_iter()
            .map(|(subject, path, at)| SentReminder {
                subject,
                path,
                sent_at: OffsetDateTime::from_unix_timestamp(at / 1000).map(super::when::moment_at).unwrap_or_default(),
            })
            .collect();
    }
    if visitor.may(Permission::ReportsReview) {
        board.completeness = Some(completeness(app, &staff).await?);
    }
    let chrome = visitor.chrome(app, "Главная", "/").await?;
    app.pages.render("dashboard", &json!({ "chrome": chrome, "board": board }))
}

/// Whether the moment `at` (RFC 9557, `2026-04-16T00:00:00+03:00[Europe/Moscow]`) is past.
fn passed(at: &str, now: OffsetDateTime) -> bool {
    let instant = at.split('[').next().unwrap_or_default();
    OffsetDateTime::parse(instant, &Rfc3339).is_ok_and(|t| t <= now)
}

async fn reports_due(app: &App, staff: &Staff, unit: &str) -> ApiResult<Vec<ReportDue>> {
    let list = reports::fill::list(app.into(), staff.clone(), unit).await?.into_inner();
    let now = OffsetDateTime::now_utc();
    Ok(list
        .into_iter()
        .filter(|r| !r.exempt)
        .map(|r| {
            let done = matches!(r.state.as_deref(), Some("submitted" | "accepted"));
            ReportDue {
                href: format!("/reports/{}/{}", r.form_id, r.period),
                title: r.form_title,
                period: r.period,
                state: r.state_label,
                done,
                overdue: !done && passed(&r.deadlines.due, now),
                closed: !done && passed(&r.deadlines.locks, now),
                due: r.deadlines.due_text,
                locks: r.deadlines.locks_text,
                late: r.late,
            }
        })
        .collect())
}

async fn news_month(app: &App, staff: &Staff, unit: &str) -> ApiResult<NewsMonth> {
    let items = news::items::list(app.into(), staff.clone(), unit, None, Some("200")).await?.into_inner();
    let now = OffsetDateTime::now_utc().to_offset(UNION_OFFSET);
    let this_month = |at: &str| {
        OffsetDateTime::parse(at, &Rfc3339)
            .map(|t| t.to_offset(UNION_OFFSET))
            .is_ok_and(|t| (t.year(), t.month()) == (now.year(), now.month()))
    };
    let published =
        items.iter().filter(|n| n.state == "published" && n.published_at.as_deref().is_some_and(this_month)).count();
    Ok(NewsMonth {
        published,
        norm: NEWS_NORM,
        behind: published < NEWS_NORM,
        drafts: items.iter().filter(|n| n.state == "draft").count(),
        rejected: items.iter().filter(|n| n.state == "rejected").count(),
    })
}

/// The department's forms with their current period's completeness; a form it does not own is
/// skipped, as the API would refuse it.
async fn completeness(app: &App, staff: &Staff) -> Result<Vec<FormCompleteness>, PageError> {
    let forms = reports::definitions::list(app.into(), staff.clone()).await?.into_inner();
    let mut out = Vec::new();
    for form in forms {
        let Some(period) = form.current_period else { continue };
        match reports::review::completeness(app.into(), staff.clone(), &form.id, &period).await {
            Ok(c) => {
                let c = c.into_inner();
                out.push(FormCompleteness {
                    title: c.form_title,
                    period: c.period,
                    expected: c.expected,
                    submitted: c.submitted_on_time + c.late,
                    missing: c.missing,
                    awaiting_review: c.awaiting_review,
                });
            }
            Err(e) if e.status.code == 403 || e.status.code == 404 => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deadline_in_rfc_9557_is_past_from_its_instant_on() {
        let now = OffsetDateTime::parse("2026-11-30T09:00:00Z", &Rfc3339).unwrap();
        assert!(passed("2026-11-30T12:00:00+03:00[Europe/Moscow]", now), "the very instant");
        assert!(passed("2026-02-01T00:00:00+03:00[Europe/Moscow]", now));
        assert!(!passed("2027-02-01T00:00:00+03:00[Europe/Moscow]", now));
        assert!(!passed("not a moment", now), "an unreadable moment is never called past");
    }
}
