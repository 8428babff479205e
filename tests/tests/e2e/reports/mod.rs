//! Report forms and reports through the API (§7): a department uploads a form with no restart,
//! organizations fill and submit, the department reviews, counts who reported, aggregates and
//! exports; the spreadsheet round trip; hostile plugins; who sees what.

mod access;
mod hostile;
mod periods;
mod sheet;
mod walk;

use cabinet_tests::{Resp, Session, TestApp};
use rocket::http::{ContentType, Method, Status};
use serde_json::Value;

pub(crate) use cabinet_tests::forms::plugin;

/// A department that defines and reviews forms, and organizations whose staff fill reports.
pub(crate) struct Union {
    pub(crate) admin: Session,
    pub(crate) department: String,
    pub(crate) dept_slug: String,
    pub(crate) reviewer: Session,
    pub(crate) orgs: Vec<(String, Session)>,
}

pub(crate) async fn union(app: &TestApp, tag: &str, organizations: usize) -> Union {
    let admin = app.admin().await;
    let dept_slug = format!("{tag}-dept");
    let department = app.department(&admin, &dept_slug).await;
    let (_, reviewer) = app.staff(&admin, &department, &["forms.define", "reports.review"]).await;
    let mut orgs = Vec::new();
    for n in 0..organizations {
        let org = app.organization(&admin, &format!("{tag}-org-{n}")).await;
        let (_, filler) = app.staff(&admin, &org, &["reports.fill"]).await;
        orgs.push((org, filler));
    }
    Union { admin, department, dept_slug, reviewer, orgs }
}

pub(crate) async fn upload(app: &TestApp, plugin: &Value, session: &Session) -> Resp {
    upload_text(app, &plugin.to_string(), session).await
}

async fn upload_text(app: &TestApp, text: &str, session: &Session) -> Resp {
    app.raw(Method::Post, "/api/v1/forms", Some(text), Some(ContentType::JSON), Some(session), &[]).await
}

/// The period being filled now, as the form list says.
pub(crate) async fn current_period(app: &TestApp, form_id: &str, session: &Session) -> String {
    let forms = app.get("/api/v1/forms", Some(session)).await.expect(Status::Ok);
    let form = forms.body.as_array().unwrap().iter().find(|f| f["id"] == form_id).expect("the form is listed");
    form["current_period"].as_str().expect("a period is open").to_owned()
}

fn report_path(org: &str, form_id: &str, period: &str) -> String {
    format!("/api/v1/units/{org}/reports/{form_id}/{period}")
}

async fn put(app: &TestApp, path: &str, body: Value, session: &Session) -> Resp {
    app.call(Method::Put, path, Some(&body), Some(session)).await
}

/// The field paths of a list of findings.
fn fields(findings: &Value) -> Vec<String> {
    let mut out: Vec<String> =
        findings.as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap().to_owned()).collect();
    out.sort();
    out
}
