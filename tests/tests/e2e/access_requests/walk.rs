//! The three letters of the regulation through the queue: connect, replace, disconnect; a
//! decline with its reason; a withdrawal.

use cabinet_tests::{TestApp, on_both_backends};
use rocket::http::Status;
use serde_json::json;

use super::{
    accounts_with, approve, audited, connect, decline, filed, item, mailed_password, new_email, setup, withdraw,
};

async fn a_connection_approved_creates_the_user_who_signs_in_with_the_mailed_password(app: TestApp) {
    let s = setup(&app, "tver").await;
    let email = new_email("sidorova");
    let id = filed(&app, &s, connect(&email)).await;

    // The organization sees it pending; the administrator sees it in the queue with the
    // functions asked for, by their Russian names.
    let own = app.get(&format!("/api/v1/units/{}/access-requests", s.org), Some(&s.filer)).await.expect(Status::Ok);
    assert_eq!(own.body.as_array().unwrap().len(), 1);
    assert_eq!((own.body[0]["id"].as_str(), own.body[0]["state"].as_str()), (Some(id.as_str()), Some("pending")));
    let queue = app.get("/api/v1/access-requests?state=pending", Some(&s.admin)).await.expect(Status::Ok);
    let queued = &queue.body[0];
    assert_eq!(queued["id"], id.as_str());
    assert_eq!(queued["kind"], "connect");
    assert_eq!(queued["person"]["email"], email.as_str());
    assert_eq!(queued["person"]["phone"], "+7 482 212-34-56", "the phone as the cabinet writes it");
    let labels: Vec<&str> =
        queued["person"]["functions"].as_array().unwrap().iter().map(|f| f["label"].as_str().unwrap()).collect();
    assert!(labels.contains(&"Подготовка новостей и фотогалерей"), "{labels:?}");

    let role = app.role(&s.admin, &["news.write", "profile.edit"]).await;
    let approved = approve(&app, &id, &[&role], &s.admin).await.expect(Status::Ok);
    let user_id = approved.body["user"]["id"].as_str().unwrap().to_owned();
    assert_eq!(approved.body["request"]["state"], "approved");
    assert_eq!(approved.body["user"]["email"], email.as_str());
    assert_eq!(approved.body["user"]["unit_id"], s.org.as_str());
    assert_eq!(approved.body["user"]["roles"][0]["id"], role.as_str());
    assert_eq!(approved.body["user"]["must_change_password"], true);

    // The organization sees what became of it: the account created, by id and login.
    let seen = app.get(&item(&id), Some(&s.filer)).await.expect(Status::Ok);
    assert_eq!(seen.body["state"], "approved");
    assert_eq!(seen.body["state_label"], "одобрена");
    assert_eq!(seen.body["created_user"]["id"], user_id.as_str());
    assert_eq!(seen.body["created_user"]["email"], email.as_str());

    // The new user signs in with the password from the letter, as at any registration.
    let password = mailed_password(&app, &email).await;
    assert_eq!(approved.body["starting_password"], password.as_str());
    let user = app.onboard(&email, &password, "НовыйПароль2026").await;
    let me = app.get("/api/v1/auth/me", Some(&user)).await.expect(Status::Ok);
    assert_eq!(me.body["unit"]["id"], s.org.as_str());

    assert_eq!(audited(&app, &s.admin, "access_request.created", &id).await.len(), 1);
    let entry = &audited(&app, &s.admin, "access_request.approved", &id).await[0];
    assert_eq!(entry["details"]["created_user_id"], user_id.as_str());
    assert_eq!(audited(&app, &s.admin, "user.created", &user_id).await.len(), 1);
}

async fn a_replacement_blocks_the_old_user_at_once_and_creates_the_new_one(app: TestApp) {
    let s = setup(&app, "tver").await;
    let (old_id, old_session) = app.staff(&s.admin, &s.org, &["news.write"]).await;
    let choices = app.get(&format!("/api/v1/units/{}/access-requests/users", s.org), Some(&s.filer)).await;
    let choices = choices.expect(Status::Ok);
    assert!(choices.body.as_array().unwrap().iter().any(|u| u["id"] == old_id.as_str()), "{}", choices.text);

    let email = new_email("successor");
    let mut body = connect(&email);
    body["kind"] = json!("replace");
    body["user_id"] = json!(old_id);
    let id = filed(&app, &s, body).await;
    let pending = app.get(&item(&id), Some(&s.admin)).await.expect(Status::Ok);
    assert_eq!(pending.body["user"]["id"], old_id.as_str());
    assert_eq!(pending.body["user"]["status"], "active");
    app.get("/api/v1/auth/me", Some(&old_session)).await.expect(Status::Ok);

    let approved = approve(&app, &id, &[], &s.admin).await.expect(Status::Ok);
    assert_eq!(approved.body["request"]["user"]["status"], "blocked");
    // The replaced user's open session stops at once; the successor signs in.
    let cut = app.get("/api/v1/auth/me", Some(&old_session)).await.expect(Status::Forbidden);
    assert_eq!(cut.code(), "account_blocked");
    let old = app.get(&format!("/api/v1/users/{old_id}"), Some(&s.admin)).await.expect(Status::Ok);
    assert!(old.body["blocked_reason"].as_str().unwrap().starts_with("organization_request: замена"), "{}", old.text);
    let password = mailed_password(&app, &email).await;
    assert!(app.login(&email, &password).await.1.is_some());
    assert_eq!(accounts_with(&app, &email).await, 1);
    assert_eq!(audited(&app, &s.admin, "user.blocked", &old_id).await.len(), 1);
}

async fn a_disconnection_blocks_the_user_with_the_organizations_reason(app: TestApp) {
    let s = setup(&app, "tver").await;
    let (user_id, session) = app.staff(&s.admin, &s.org, &["reports.fill"]).await;
    let body = json!({ "kind": "disconnect", "user_id": user_id, "reason": "Уволилась 30 ноября" });
    let id = filed(&app, &s, body).await;

    // A disconnection creates no account: roles make no sense there.
    let with_roles = approve(&app, &id, &[&uuid::Uuid::now_v7().to_string()], &s.admin).await;
    assert_eq!(
        with_roles.expect(Status::UnprocessableEntity).body["error"]["details"]["fields"][0]["field"],
        "role_ids"
    );

    let approved = approve(&app, &id, &[], &s.admin).await.expect(Status::Ok);
    assert!(approved.body["user"].is_null() && approved.body["starting_password"].is_null(), "{}", approved.text);
    assert_eq!(approved.body["request"]["state"], "approved");
    assert_eq!(app.get("/api/v1/auth/me", Some(&session)).await.expect(Status::Forbidden).code(), "account_blocked");
    let user = app.get(&format!("/api/v1/users/{user_id}"), Some(&s.admin)).await.expect(Status::Ok);
    assert_eq!(user.body["status"], "blocked");
    assert_eq!(user.body["blocked_reason"], "organization_request: Уволилась 30 ноября");
    let seen = app.get(&item(&id), Some(&s.filer)).await.expect(Status::Ok);
    assert_eq!(
        (seen.body["state"].as_str(), seen.body["user"]["status"].as_str()),
        (Some("approved"), Some("blocked"))
    );
    assert!(seen.body["created_user"].is_null());
}

async fn a_declined_request_shows_the_reason_to_the_organization(app: TestApp) {
    let s = setup(&app, "tver").await;
    let email = new_email("declined");
    let id = filed(&app, &s, connect(&email)).await;

    let empty = decline(&app, &id, "   ", &s.admin).await.expect(Status::UnprocessableEntity);
    assert_eq!(empty.body["error"]["details"]["fields"][0]["field"], "reason");
    assert!(empty.body["error"]["message"].as_str().unwrap().contains("Укажите причину отказа"), "{}", empty.text);

    let reason = "Письмо не подписано председателем организации";
    let declined = decline(&app, &id, reason, &s.admin).await.expect(Status::Ok);
    assert_eq!(declined.body["state"], "declined");
    let seen = app.get(&item(&id), Some(&s.filer)).await.expect(Status::Ok);
    assert_eq!((seen.body["state"].as_str(), seen.body["decline_reason"].as_str()), (Some("declined"), Some(reason)));
    assert!(seen.body["decided_at"].is_string());

    let late = approve(&app, &id, &[], &s.admin).await.expect(Status::Conflict);
    assert_eq!(late.code(), "access_request_already_declined");
    assert!(late.body["error"]["message"].as_str().unwrap().contains("уже отклонена"), "{}", late.text);
    assert_eq!(accounts_with(&app, &email).await, 0);
    let entry = &audited(&app, &s.admin, "access_request.declined", &id).await[0];
    assert_eq!(entry["details"]["reason"], reason);
}

async fn the_organization_withdraws_a_pending_request_and_nobody_decides_it_after(app: TestApp) {
    let s = setup(&app, "tver").await;
    let email = new_email("withdrawn");
    let id = filed(&app, &s, connect(&email)).await;

    let withdrawn = withdraw(&app, &id, &s.filer).await.expect(Status::Ok);
    assert_eq!(withdrawn.body["state"], "withdrawn");
    let again = withdraw(&app, &id, &s.filer).await.expect(Status::Conflict);
    assert_eq!(again.code(), "access_request_withdrawn");
    let late = approve(&app, &id, &[], &s.admin).await.expect(Status::Conflict);
    assert_eq!(late.code(), "access_request_withdrawn");
    assert!(late.body["error"]["message"].as_str().unwrap().starts_with("Заявку нельзя одобрить"), "{}", late.text);
    decline(&app, &id, "Поздно", &s.admin).await.expect(Status::Conflict);
    assert_eq!(accounts_with(&app, &email).await, 0);
    let pending = app.get("/api/v1/access-requests?state=pending", Some(&s.admin)).await.expect(Status::Ok);
    assert!(pending.body.as_array().unwrap().is_empty(), "{}", pending.text);
    assert_eq!(audited(&app, &s.admin, "access_request.withdrawn", &id).await.len(), 1);
}

on_both_backends!(
    a_connection_approved_creates_the_user_who_signs_in_with_the_mailed_password,
    a_replacement_blocks_the_old_user_at_once_and_creates_the_new_one,
    a_disconnection_blocks_the_user_with_the_organizations_reason,
    a_declined_request_shows_the_reason_to_the_organization,
    the_organization_withdraws_a_pending_request_and_nobody_decides_it_after,
);
