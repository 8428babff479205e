//! Benchmark: the server's time to answer the heaviest cabinet pages, through the whole request
//! path (routing, session, policy, database, template) on the embedded SQLite database:
//!
//! - the dashboard of a department reviewer whose forms each need their completeness counted;
//! - a report page of a 300-field form (several sections and a 50-row table) filled in;
//! - the aggregated table of 100 organizations with its indicator charts.
//!
//! Prints p50, p99 and max of each over `--reps` requests (default 300) after a warm-up.
//! Target: p99 ≤ 10 ms each. Release build: `cargo bench -p cabinet-tests --bench pages`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use cabinet_tests::pages::Browser;
use cabinet_tests::{Backend, Session, TestApp};
use rocket::http::{ContentType, Method, Status};
use serde_json::{Value, json};

const LARGE: &str = include_str!("../../forms/tests/plugins/large-300.json");
const LARGE_DATA: &str = include_str!("../../forms/tests/plugins/large-300-data.json");
const ORGANIZATIONS: usize = 100;
const TARGET: Duration = Duration::from_millis(10);

/// The table's form: totals and one indicator over 100 organizations.
fn small_form(department: &str) -> Value {
    json!({
        "id": "bench-members", "version": 1, "title": "Сведения о членстве", "department": department,
        "reporters": { "kind": "all" }, "period": { "type": "annual", "opens": -365, "due": 30, "locks": 60 },
        "schema": { "$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
            "additionalProperties": false, "required": ["total", "women"],
            "properties": {
                "total": { "type": "integer", "minimum": 0, "title": "Всего членов Профсоюза" },
                "women": { "type": "integer", "minimum": 0, "title": "Из них женщин" } } },
        "aggregation": { "/total": "sum", "/women": "sum" },
        "indicators": [{ "id": "women-share", "title": "Доля женщин, %", "numerator": "/women",
                         "denominator": "/total", "scale": 100, "places": 1 }]
    })
}

async fn upload(app: &TestApp, plugin: &str, session: &Session) {
    let resp = app.raw(Method::Post, "/api/v1/forms", Some(plugin), Some(ContentType::JSON), Some(session), &[]).await;
    assert!(resp.status == Status::Created || resp.status == Status::Ok, "{}", resp.text);
}

async fn period(app: &TestApp, form: &str, session: &Session) -> String {
    let forms = app.get("/api/v1/forms", Some(session)).await;
    let found = forms.body.as_array().unwrap().iter().find(|f| f["id"] == form).unwrap().clone();
    found["current_period"].as_str().unwrap().to_owned()
}

async fn measure(app: &TestApp, browser: &mut Browser, label: &str, path: &str, reps: usize) {
    for _ in 0..20 {
        app.page(browser, path).await.expect(Status::Ok);
    }
    let mut times = Vec::with_capacity(reps);
    let mut bytes = 0;
    for _ in 0..reps {
        let started = Instant::now();
        let resp = app.page(browser, path).await;
        times.push(started.elapsed());
        assert_eq!(resp.status, Status::Ok, "{label}: {}", resp.text);
        bytes = resp.bytes.len();
    }
    times.sort();
    let pick = |q: f64| times[((times.len() as f64 - 1.0) * q) as usize];
    let verdict = if pick(0.99) <= TARGET { "ok" } else { "OVER TARGET" };
    println!(
        "{label:<44} p50 {:>8.2?}  p99 {:>8.2?}  max {:>8.2?}  {:>7} KiB  {verdict}",
        pick(0.5),
        pick(0.99),
        pick(1.0),
        bytes / 1024
    );
}

fn main() {
    let reps = std::env::args().skip_while(|a| a != "--reps").nth(1).and_then(|n| n.parse().ok()).unwrap_or(300);
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    runtime.block_on(async {
        let app = TestApp::spawn(Backend::Sqlite).await;
        let admin = app.admin().await;
        let department = app.department(&admin, "organizational").await;
        let (_, reviewer) = app.staff(&admin, &department, &["forms.define", "reports.review"]).await;
        upload(&app, &small_form("organizational").to_string(), &reviewer).await;
        // The current year open whatever today is (the fixture's own year opens after it ends).
        let mut large: Value = serde_json::from_str(LARGE).unwrap();
        large["period"] = json!({ "type": "annual", "opens": -365, "due": 30, "locks": 60 });
        upload(&app, &large.to_string(), &reviewer).await;
        let small = period(&app, "bench-members", &reviewer).await;
        let large = period(&app, "large-300", &reviewer).await;

        let mut first = None;
        for n in 0..ORGANIZATIONS {
            let org = app.organization(&admin, &format!("bench-org-{n}")).await;
            let (_, filler) = app.staff(&admin, &org, &["reports.fill"]).await;
            let path = format!("/api/v1/units/{org}/reports/bench-members/{small}");
            let data = json!({ "total": 100 + n, "women": 40 + n / 2 });
            app.call(Method::Put, &path, Some(&json!({ "revision": 0, "data": data })), Some(&filler))
                .await
                .expect(Status::Ok);
            app.post(&format!("{path}/submit"), json!({ "revision": 1 }), Some(&filler)).await.expect(Status::Ok);
            if first.is_none() {
                let path = format!("/api/v1/units/{org}/reports/large-300/{large}");
                let data: Value = serde_json::from_str(LARGE_DATA).unwrap();
                app.call(Method::Put, &path, Some(&json!({ "revision": 0, "data": data })), Some(&filler))
                    .await
                    .expect(Status::Ok);
                first = Some(filler);
            }
        }
        let filler = first.unwrap();
        println!("server time per page, {reps} requests each (target p99 ≤ {TARGET:?}):");
        measure(&app, &mut Browser::signed_in(&reviewer), "dashboard of a department (2 forms)", "/", reps).await;
        let form_page = format!("/reports/large-300/{large}");
        measure(&app, &mut Browser::signed_in(&filler), "report page, 300 fields and a 50-row table", &form_page, reps)
            .await;
        let table = format!("/forms/bench-members/{small}/table");
        measure(&app, &mut Browser::signed_in(&reviewer), "aggregated table, 100 organizations + charts", &table, reps)
            .await;
    });
}
