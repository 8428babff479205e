//! Every mounted route refuses an anonymous caller (401) and a user whose role has no
//! permissions (403), except the explicit public and self-service lists — so a new route
//! cannot forget the policy.

use cabinet_http::routes::{PUBLIC, SELF_SERVICE};
use cabinet_tests::{TestApp, on_both_backends};
use rocket::http::{ContentType, Method, Status};

/// The route's path with its parameters filled: the caller's own unit for `<unit_id>` (another
/// unit's data answers 404, as unknown ids do, whatever the caller's permissions), a fresh id
/// for the rest.
fn concrete(uri: &str, own_unit: &str) -> String {
    let path = uri.split('?').next().unwrap_or(uri);
    path.split('/')
        .map(|seg| match seg {
            "<unit_id>" => own_unit.to_owned(),
            seg if seg.starts_with('<') => uuid::Uuid::now_v7().to_string(),
            seg => seg.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn listed(list: &[(&str, &str)], method: Method, uri: &str) -> bool {
    list.iter().any(|(m, u)| *m == method.as_str() && *u == uri)
}

async fn every_route_refuses_anonymous_and_the_weakest_role(app: TestApp) {
    let admin = app.admin().await;
    let org = app.organization(&admin, "weakest").await;
    let (_, weakest) = app.staff(&admin, &org, &[]).await;
    let routes: Vec<(Method, String)> = app.client.rocket().routes().map(|r| (r.method, r.uri.to_string())).collect();
    assert!(routes.len() > 25, "the table must see every route: {routes:?}");
    for (m, u) in PUBLIC.iter().chain(SELF_SERVICE) {
        assert!(routes.iter().any(|(method, uri)| method.as_str() == *m && uri == u), "stale list entry {m} {u}");
    }
    let mut checked = 0;
    for (method, uri) in &routes {
        if listed(PUBLIC, *method, uri) {
            continue;
        }
        let path = concrete(uri, &org);
        let body = (!matches!(method, Method::Get | Method::Delete)).then_some("{}");
        let anonymous = app.raw(*method, &path, body, Some(ContentType::JSON), None, &[]).await;
        assert_eq!(anonymous.status, Status::Unauthorized, "{method} {uri} anonymously: {}", anonymous.text);
        assert!(!anonymous.code().is_empty(), "{method} {uri}: error envelope");
        if listed(SELF_SERVICE, *method, uri) {
            continue;
        }
        let weak = app.raw(*method, &path, body, Some(ContentType::JSON), Some(&weakest), &[]).await;
        assert_eq!(weak.status, Status::Forbidden, "{method} {uri} with no permissions: {}", weak.text);
        checked += 1;
    }
    assert!(checked > 20, "only {checked} guarded routes checked");
}

on_both_backends!(every_route_refuses_anonymous_and_the_weakest_role);
