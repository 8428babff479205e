//! Who sees and moves a request: the organization that filed it and the administrator; another
//! organization gets exactly what an unknown id gets.

use cabinet_tests::{TestApp, on_both_backends};
use rocket::http::Status;
use serde_json::json;

use super::{approve, connect, decline, file, filed, item, new_email, setup, withdraw};

async fn another_organization_neither_sees_nor_withdraws_a_request(app: TestApp) {
    let s = setup(&app, "tver").await;
    let id = filed(&app, &s, connect(&new_email("mine"))).await;
    let other = app.organization(&s.admin, "pskov").await;
    let (_, outsider) = app.staff(&s.admin, &other, &["access.request", "users.manage"]).await;

    let unknown = app.get(&item(&uuid::Uuid::now_v7().to_string()), Some(&outsider)).await.expect(Status::NotFound);
    let foreign = app.get(&item(&id), Some(&outsider)).await.expect(Status::NotFound);
    assert_eq!(foreign.body, unknown.body, "a foreign request answers exactly like an unknown id");
    assert_eq!(withdraw(&app, &id, &outsider).await.expect(Status::NotFound).body, unknown.body);
    assert_eq!(approve(&app, &id, &[], &outsider).await.expect(Status::NotFound).body, unknown.body);
    assert_eq!(decline(&app, &id, "Чужая", &outsider).await.expect(Status::NotFound).body, unknown.body);
    let list = format!("/api/v1/units/{}/access-requests", s.org);
    app.get(&list, Some(&outsider)).await.expect(Status::NotFound);
    file(&app, &s.org, connect(&new_email("intruder")), &outsider).await.expect(Status::NotFound);
    let own = app.get(&format!("/api/v1/units/{other}/access-requests"), Some(&outsider)).await.expect(Status::Ok);
    assert!(own.body.as_array().unwrap().is_empty());
    // Users of another organization are not named by a request, nor told apart from unknown ones.
    let (stranger, _) = app.staff(&s.admin, &other, &[]).await;
    let body = json!({ "kind": "disconnect", "user_id": stranger, "reason": "Не наш" });
    let refused = file(&app, &s.org, body, &s.filer).await.expect(Status::UnprocessableEntity);
    assert_eq!(refused.body["error"]["details"]["fields"][0]["code"], "unknown_user");
    // Still pending, still the organization's.
    assert_eq!(app.get(&item(&id), Some(&s.filer)).await.expect(Status::Ok).body["state"], "pending");
}

async fn only_the_administrator_approves_or_declines(app: TestApp) {
    let s = setup(&app, "tver").await;
    let id = filed(&app, &s, connect(&new_email("asked"))).await;
    let denied = approve(&app, &id, &[], &s.filer).await.expect(Status::Forbidden);
    assert!(denied.body["error"]["message"].as_str().unwrap().contains("Управление пользователями"), "{}", denied.text);
    decline(&app, &id, "Сами себе", &s.filer).await.expect(Status::Forbidden);
    let (_, bystander) = app.staff(&s.admin, &s.org, &["news.write"]).await;
    app.get(&item(&id), Some(&bystander)).await.expect(Status::Forbidden);
    approve(&app, &id, &[], &bystander).await.expect(Status::Forbidden);
    withdraw(&app, &id, &bystander).await.expect(Status::Forbidden);
    // The queue of every unit is the central committee's: a user manager of an organization
    // sees the requests of their own organization only.
    let (_, local_manager) = app.staff(&s.admin, &s.org, &["users.manage"]).await;
    app.get("/api/v1/access-requests", Some(&local_manager)).await.expect(Status::Forbidden);
    let own = app.get(&format!("/api/v1/access-requests?unit_id={}", s.org), Some(&local_manager)).await;
    assert_eq!(own.expect(Status::Ok).body[0]["id"], id.as_str());
    assert_eq!(app.get(&item(&id), Some(&s.filer)).await.expect(Status::Ok).body["state"], "pending");
}

on_both_backends!(
    another_organization_neither_sees_nor_withdraws_a_request,
    only_the_administrator_approves_or_declines
);
