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
use serde_json::{Value, json};

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

/// A yearly form whose current year is always open and never late: it opens a year before the
/// year ends, is due 30 days after it and locks after 60.
pub(crate) fn plugin(id: &str, department: &str, version: u32) -> Value {
    json!({
        "id": id,
        "version": version,
        "title": "Сведения о членстве (проверочная форма)",
        "description": "Численность членов Профсоюза и первичные организации.",
        "department": department,
        "reporters": { "kind": "all" },
        "period": { "type": "annual", "opens": -365, "due": 30, "locks": 60 },
        "schema": {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "additionalProperties": false,
            "required": ["members", "status"],
            "properties": {
                "members": {
                    "type": "object", "title": "Численность", "additionalProperties": false,
                    "required": ["total", "women"],
                    "properties": {
                        "total": { "type": "integer", "minimum": 0, "title": "Всего членов Профсоюза" },
                        "women": { "type": "integer", "minimum": 0, "title": "Из них женщин" }
                    }
                },
                "status": {
                    "title": "Состояние организации",
                    "oneOf": [
                        { "const": "active", "title": "Действует" },
                        { "const": "reorganizing", "title": "Реорганизуется" }
                    ]
                },
                "branches": {
                    "type": "array", "title": "Первичные организации", "maxItems": 50,
                    "items": {
                        "type": "object", "additionalProperties": false, "required": ["name", "members"],
                        "properties": {
                            "name": { "type": "string", "minLength": 1, "title": "Название" },
                            "members": { "type": "integer", "minimum": 0, "title": "Членов Профсоюза" }
                        }
                    }
                },
                "branch_total": { "type": "integer", "title": "Членов в первичных организациях (вычисляется)" }
            }
        },
        "ui": { "sections": [
            { "id": "main", "title": "Раздел 1. Численность",
              "fields": [{ "field": "/members/total" }, { "field": "/members/women" }, { "field": "/status" }] },
            { "id": "branches", "title": "Раздел 2. Первичные организации",
              "fields": [{ "field": "/branches", "widget": "table" }, { "field": "/branch_total" }] }
        ] },
        "rules": [
            { "id": "women-within-total", "severity": "error", "fields": ["/members/women", "/members/total"],
              "message": "Женщин не может быть больше, чем всего членов Профсоюза.",
              "check": { "<=": [{ "var": ["data.members.women", 0] }, { "var": ["data.members.total", 0] }] } },
            { "id": "branches-within-total", "severity": "warning", "fields": ["/branch_total", "/members/total"],
              "message": "В первичных организациях членов больше, чем всего в организации. Объясните расхождение.",
              "check": { "<=": [{ "var": ["data.branch_total", 0] }, { "var": ["data.members.total", 0] }] } }
        ],
        "computed": [
            { "field": "/branch_total",
              "value": { "reduce": [{ "var": "data.branches" },
                                    { "+": [{ "var": "accumulator" }, { "var": ["current.members", 0] }] }, 0] } }
        ],
        "aggregation": { "/members/total": "sum", "/members/women": "sum", "/branch_total": "sum",
                         "/branches/*/members": "sum" },
        "indicators": [
            { "id": "women-share", "title": "Доля женщин, %", "numerator": "/members/women",
              "denominator": "/members/total", "scale": 100, "places": 1 }
        ]
    })
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
