//! The moderator's pages (§5.7, §5.8): the queue, the longest waiting first; an item with its
//! preview and §5.4 findings; publishing, rejecting with a reason its authors see, and taking a
//! published item off the site. The organizations behind the month's norm are shown beside.

use cabinet_core::policy::{Global, ModerateNews, authorize};
use cabinet_storage::units;
use rocket::State;
use rocket::http::Status;
use rocket::{get, post, routes};
use serde_json::json;

use super::super::input::{Input, Inputs};
use super::super::posted::Posted;
use super::super::reply::{PageResult, Reply};
use super::super::visitor::Visitor;
use super::super::when::{moment_of, month, waited};
use super::article::Article;
use super::{findings, history};
use crate::App;
use crate::auth::{ClientOrigin, Staff};
use crate::error::ApiError;
use crate::json::Body;
use crate::routes::news::norm::{self, NormAnswer};
use crate::routes::news::{NewsView, items, moves};

pub fn routes() -> Vec<rocket::Route> {
    routes![queue, item, publish, reject, unpublish]
}

fn moderator(visitor: &Visitor) -> Result<Staff, super::super::reply::PageError> {
    let staff = visitor.staff()?;
    authorize::<ModerateNews>(Some(staff.actor()), Global)?;
    Ok(staff)
}

#[get("/moderation")]
async fn queue(app: &State<App>, visitor: Visitor) -> PageResult {
    let staff = moderator(&visitor)?;
    let queued = items::queue(app, staff.clone(), Some("500")).await?.into_inner();
    let rows: Vec<serde_json::Value> = queued
        .iter()
        .map(|q| {
            let blocking = q.findings.iter().filter(|f| f.severity == "blocking").count();
            json!({
                "id": q.id, "headline": q.headline, "unit": q.unit_name, "author": q.author,
                "submitted_at": moment_of(q.submitted_at.as_deref()), "waited": waited(q.waiting_seconds),
                "findings": q.findings.len(), "blocking": blocking,
            })
        })
        .collect();
    let behind = match norm::report(app, staff.clone(), None, None).await? {
        NormAnswer::Json(report) => {
            let report = report.into_inner();
            let lines: Vec<serde_json::Value> = report
                .organizations
                .iter()
                .filter(|o| o.behind)
                .map(|o| json!({ "name": o.short_name, "region": o.region, "published": o.published }))
                .collect();
            json!({ "month": month(&report.month), "norm": report.norm, "lines": lines })
        }
        NormAnswer::Csv(..) => return Err(ApiError::internal().into()),
    };
    let chrome = visitor.chrome(app, "Модерация новостей", "/moderation").await?;
    app.pages.render("moderation", &json!({ "chrome": chrome, "rows": rows, "behind": behind }))
}

fn reason_input() -> Input {
    Input::new("textarea", "reason", "Причина")
        .required()
        .help("Её увидят авторы новости: объясните, что не так и что исправить (п. 5.8 Положения).")
}

/// The item's page; `error` is the refusal of the decision just tried.
async fn page(app: &App, visitor: &Visitor, v: &NewsView, error: Option<&ApiError>) -> PageResult {
    let unit = units::get(&app.db, v.unit_id.parse().map_err(|_| ApiError::internal())?).await?;
    // A reason refused lands at its field; any other refusal is about the item as a whole.
    let at_field = error.filter(|e| e.details.get("fields").is_some());
    let form = match at_field {
        Some(e) => Inputs::with_error(vec![reason_input()], e),
        None => Inputs::new(vec![reason_input()]),
    };
    let problem = error.filter(|e| e.details.get("fields").is_none()).map(|e| e.message.clone());
    let chrome = visitor.chrome(app, "Новость на модерации", "/moderation").await?;
    app.pages.render_as(
        error.map_or(Status::Ok, |e| e.status),
        "moderation_item",
        &json!({
            "chrome": chrome,
            "item": {
                "id": v.id, "state": v.state, "state_label": v.state_label, "reason": v.reason,
                "unit": unit.short_name, "author": v.author,
                "submitted_at": moment_of(v.submitted_at.as_deref()),
                "readiness_confirmed_at": moment_of(v.readiness_confirmed_at.as_deref()),
                "published_at": moment_of(v.published_at.as_deref()),
                "public_href": (v.state == "published").then(|| format!("/o/{}/news/{}", unit.slug, v.id)),
                "blocks_submission": v.blocks_submission,
            },
            "findings": findings(&v.findings, false),
            "article": Article::preview(v),
            "history": history(&v.history),
            "form": form,
            "problem": problem,
        }),
    )
}

#[get("/moderation/<id>")]
async fn item(app: &State<App>, visitor: Visitor, id: &str) -> PageResult {
    let staff = moderator(&visitor)?;
    let v = items::get_one(app, staff, id).await?.into_inner();
    page(app, &visitor, &v, None).await
}

/// The answer to a decision: back to the queue with what was done, or the item with the refusal.
async fn decided(
    app: &App,
    visitor: &Visitor,
    staff: Staff,
    id: &str,
    result: Result<NewsView, ApiError>,
    done: &str,
) -> PageResult {
    match result {
        Ok(v) => Ok(Reply::done("/moderation", format!("Новость «{}» {done}.", v.headline))),
        Err(e) if matches!(e.status.code, 409 | 422) => {
            let v = items::get_one(app.into(), staff, id).await?.into_inner();
            page(app, visitor, &v, Some(&e)).await
        }
        Err(e) => Err(e.into()),
    }
}

#[post("/moderation/<id>/publish", data = "<_form>")]
async fn publish(app: &State<App>, visitor: Visitor, origin: ClientOrigin, id: &str, _form: Posted) -> PageResult {
    let staff = moderator(&visitor)?;
    let result = moves::publish(app, staff.clone(), origin, id).await.map(|j| j.into_inner());
    decided(app, &visitor, staff, id, result, "опубликована").await
}

#[post("/moderation/<id>/reject", data = "<form>")]
async fn reject(app: &State<App>, visitor: Visitor, origin: ClientOrigin, id: &str, form: Posted) -> PageResult {
    let staff = moderator(&visitor)?;
    let body = Body::of(&json!({ "reason": form.get("reason") }));
    let result = moves::reject(app, staff.clone(), origin, id, body).await.map(|j| j.into_inner());
    decided(app, &visitor, staff, id, result, "отклонена: авторы увидят причину").await
}

#[post("/moderation/<id>/unpublish", data = "<form>")]
async fn unpublish(app: &State<App>, visitor: Visitor, origin: ClientOrigin, id: &str, form: Posted) -> PageResult {
    let staff = moderator(&visitor)?;
    let body = Body::of(&json!({ "reason": form.get("reason") }));
    let result = moves::unpublish(app, staff.clone(), origin, id, body).await.map(|j| j.into_inner());
    decided(app, &visitor, staff, id, result, "снята с публикации").await
}
