//! The organization's news in every state, newest first, with the moderator's reasons and the
//! month's count against the norm of two a month (§2.2 of the presidium's resolution).

use cabinet_core::profile::UNION_OFFSET;
use cabinet_storage::news::MONTHLY_NORM;
use rocket::State;
use rocket::{get, routes};
use serde::Serialize;
use serde_json::json;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::super::reply::PageResult;
use super::super::visitor::Visitor;
use super::super::when::moment;
use crate::App;
use crate::routes::news::{NewsSummary, items};

pub fn routes() -> Vec<rocket::Route> {
    routes![list]
}

#[derive(Serialize)]
struct Row {
    id: String,
    headline: String,
    state: &'static str,
    state_label: &'static str,
    author: String,
    updated_at: String,
    reason: Option<String>,
    /// Something for the author to do: a draft to send, a rejected item to fix.
    needs_author: bool,
}

impl From<NewsSummary> for Row {
    fn from(n: NewsSummary) -> Self {
        Row {
            needs_author: matches!(n.state, "draft" | "rejected"),
            updated_at: moment(&n.updated_at),
            reason: n.reason.filter(|_| matches!(n.state, "rejected" | "unpublished")),
            id: n.id,
            headline: n.headline,
            state: n.state,
            state_label: n.state_label,
            author: n.author,
        }
    }
}

/// Items published within this month on Moscow time.
fn published_this_month(items: &[NewsSummary]) -> usize {
    let now = OffsetDateTime::now_utc().to_offset(UNION_OFFSET);
    items
        .iter()
        .filter(|n| n.state == "published")
        .filter_map(|n| n.published_at.as_deref())
        .filter_map(|at| OffsetDateTime::parse(at, &Rfc3339).ok())
        .map(|at| at.to_offset(UNION_OFFSET))
        .filter(|at| (at.year(), at.month()) == (now.year(), now.month()))
        .count()
}

#[get("/news")]
async fn list(app: &State<App>, visitor: Visitor) -> PageResult {
    let staff = visitor.staff()?;
    let unit = staff.actor().unit.id.to_string();
    let items = items::list(app, staff.clone(), &unit, None, Some("200")).await?.into_inner();
    let published = published_this_month(&items);
    let norm = usize::try_from(MONTHLY_NORM).unwrap_or(2);
    let rows: Vec<Row> = items.into_iter().map(Row::from).collect();
    let chrome = visitor.chrome(app, "Новости организации", "/news").await?;
    app.pages.render(
        "news_list",
        &json!({
            "chrome": chrome,
            "rows": rows,
            "month": { "published": published, "norm": norm, "behind": published < norm },
        }),
    )
}
