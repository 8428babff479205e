//! An organization's reference info through the API: filled in step by step, every bad value
//! refused at once, each change in the history, confirmed once complete, overdue confirmations
//! listed for the central committee, and another organization's profile out of sight.

use cabinet_tests::{Resp, Session, TestApp, on_both_backends};
use rocket::http::{Method, Status};
use serde_json::{Value, json};

fn profile_path(unit: &str) -> String {
    format!("/api/v1/units/{unit}/profile")
}

async fn put(app: &TestApp, unit: &str, body: Value, session: &Session) -> Resp {
    app.call(Method::Put, &profile_path(unit), Some(&body), Some(session)).await
}

fn fields(resp: &Resp) -> Vec<String> {
    let list = resp.body["error"]["details"]["fields"].as_array().cloned().unwrap_or_default();
    list.iter().map(|f| f["field"].as_str().unwrap().to_owned()).collect()
}

fn complete_form() -> Value {
    json!({
        "full_name": "Тверская областная организация Профсоюза работников здравоохранения РФ",
        "chairman": "Иванова Мария Петровна",
        "address": "170100, г. Тверь, ул. Советская, д. 1",
        "phone": "8 (4822) 12-34-56",
        "email": "tver@przrf.ru",
    })
}

/// The audit entries with this action about this unit.
async fn audited(app: &TestApp, admin: &Session, action: &str, unit: &str) -> Vec<Value> {
    let resp = app.get(&format!("/api/v1/audit?action={action}&unit_id={unit}"), Some(admin)).await.expect(Status::Ok);
    resp.body["entries"].as_array().unwrap().clone()
}

async fn an_editor_fills_the_profile_step_by_step_and_the_history_shows_each_change(app: TestApp) {
    let admin = app.admin().await;
    let org = app.organization(&admin, "tver").await;
    let (editor_id, editor) = app.staff(&admin, &org, &["profile.edit"]).await;

    // A new organization has an empty profile with every required field missing.
    let empty = app.get(&profile_path(&org), Some(&editor)).await.expect(Status::Ok);
    assert_eq!(empty.body["complete"], false);
    assert_eq!(empty.body["missing"].as_array().unwrap().len(), 5);
    assert_eq!(empty.body["updated_at"], Value::Null);
    assert_eq!(empty.body["confirmation"]["status"], "never");

    // The first step: only the name and the phone.
    let first = json!({ "full_name": "Тверская областная организация", "phone": "8 (4822) 12-34-56" });
    let saved = put(&app, &org, first, &editor).await.expect(Status::Ok);
    assert_eq!(saved.body["profile"]["phone"], "+7 482 212-34-56", "normalised");
    let missing: Vec<&str> =
        saved.body["missing"].as_array().unwrap().iter().map(|m| m["field"].as_str().unwrap()).collect();
    assert_eq!(missing, ["chairman", "address", "email"]);
    assert_eq!(saved.body["missing"][0]["label"], "ФИО председателя");
    assert!(saved.body["updated_at"].is_string());

    // Bad values: every one named at once, and nothing is saved.
    let bad = json!({
        "full_name": "Тверская областная организация", "phone": "+380 44 123 4567", "email": "не адрес",
        "website": "javascript:alert(1)", "social": ["https://vk.com/tver", "ftp://x.ru"],
        "responsible": { "name": "Петров Пётр", "phone": "123" },
    });
    let refused = put(&app, &org, bad, &editor).await.expect(Status::UnprocessableEntity);
    assert_eq!(refused.code(), "invalid_input");
    assert_eq!(fields(&refused), ["phone", "email", "website", "social[1]", "responsible.phone"]);
    let unchanged = app.get(&profile_path(&org), Some(&editor)).await.expect(Status::Ok);
    assert_eq!(unchanged.body["profile"], saved.body["profile"]);
    // An unknown field is refused too, by name.
    let unknown = put(&app, &org, json!({ "fax": "1" }), &editor).await.expect(Status::UnprocessableEntity);
    assert!(unknown.text.contains("fax"), "{}", unknown.text);

    // The second step completes it; saving the same again changes nothing and records nothing.
    put(&app, &org, complete_form(), &editor).await.expect(Status::Ok);
    let done = put(&app, &org, complete_form(), &editor).await.expect(Status::Ok);
    assert_eq!(done.body["complete"], true);
    assert_eq!(done.body["missing"], json!([]));

    let history = app.get(&format!("{}/history", profile_path(&org)), Some(&editor)).await.expect(Status::Ok);
    let entries = history.body.as_array().unwrap();
    assert_eq!(entries.len(), 2, "two saves changed something: {}", history.text);
    let newest = &entries[0];
    assert_eq!(newest["actor_id"], editor_id.as_str());
    assert!(newest["actor_label"].as_str().unwrap().starts_with("staff-"));
    assert!(newest["at"].is_string());
    let changes = newest["changes"].as_array().unwrap();
    let changed: Vec<&str> = changes.iter().map(|c| c["field"].as_str().unwrap()).collect();
    assert_eq!(changed, ["full_name", "chairman", "address", "email"], "the phone did not change");
    assert_eq!(changes[0]["old"], "Тверская областная организация");
    assert_eq!(changes[0]["new"], complete_form()["full_name"]);
    assert_eq!(changes[1]["old"], Value::Null);
    let oldest = &entries[1]["changes"];
    assert_eq!(oldest[1], json!({ "field": "phone", "old": null, "new": "+7 482 212-34-56" }));
    let limited = app.get(&format!("{}/history?limit=1", profile_path(&org)), Some(&editor)).await.expect(Status::Ok);
    assert_eq!(limited.body.as_array().unwrap().len(), 1);

    let updates = audited(&app, &admin, "profile.updated", &org).await;
    assert_eq!(updates.len(), 2, "an unchanged save is not audited");
    assert_eq!(updates[0]["actor_id"], editor_id.as_str());
    assert_eq!(updates[0]["details"]["fields"], json!(["full_name", "chairman", "address", "email"]));
}

async fn confirming_needs_a_complete_profile_and_takes_the_organization_off_the_overdue_list(app: TestApp) {
    let admin = app.admin().await;
    let org = app.organization(&admin, "tula").await;
    let never = app.organization(&admin, "orel").await;
    let (editor_id, editor) = app.staff(&admin, &org, &["profile.edit"]).await;
    let confirm = format!("{}/confirm", profile_path(&org));

    put(&app, &org, json!({ "full_name": "Тульская организация", "email": "tula@przrf.ru" }), &editor)
        .await
        .expect(Status::Ok);
    let refused = app.post(&confirm, json!({}), Some(&editor)).await.expect(Status::UnprocessableEntity);
    assert_eq!(refused.code(), "profile_incomplete");
    assert_eq!(fields(&refused), ["chairman", "address", "phone"]);
    let still = app.get(&profile_path(&org), Some(&editor)).await.expect(Status::Ok);
    assert_eq!(still.body["confirmation"]["status"], "never");

    let overdue_ids = |resp: &Resp| -> Vec<String> {
        resp.body.as_array().unwrap().iter().map(|o| o["unit_id"].as_str().unwrap().to_owned()).collect()
    };
    let before = app.get("/api/v1/profiles/overdue", Some(&admin)).await.expect(Status::Ok);
    assert!(overdue_ids(&before).contains(&org) && overdue_ids(&before).contains(&never));

    put(&app, &org, complete_form(), &editor).await.expect(Status::Ok);
    let confirmed = app.post(&confirm, json!({}), Some(&editor)).await.expect(Status::Ok);
    let confirmation = &confirmed.body["confirmation"];
    assert_eq!(confirmation["status"], "current");
    assert!(confirmation["confirmed_at"].as_str().unwrap().starts_with("20"), "{confirmation}");
    assert!(confirmation["confirmed_by"].as_str().unwrap().starts_with("staff-"));
    assert!(confirmation["due_date"].is_string());
    let shown = app.get(&profile_path(&org), Some(&editor)).await.expect(Status::Ok);
    assert_eq!(&shown.body["confirmation"], confirmation);

    let after = app.get("/api/v1/profiles/overdue", Some(&admin)).await.expect(Status::Ok);
    assert!(!overdue_ids(&after).contains(&org), "just confirmed: {}", after.text);
    let orel = after.body.as_array().unwrap().iter().find(|o| o["unit_id"] == never.as_str()).unwrap();
    assert_eq!(orel["confirmation"]["status"], "never");
    assert_eq!(orel["slug"], "orel");

    // A confirmation a hundred days old has run out.
    let long_ago = cabinet_storage::now_ms() - 100 * 86_400_000;
    let sql = "UPDATE profiles SET confirmed_at = $1 WHERE unit_id = $2";
    let moved = match app.db().backend() {
        cabinet_storage::Backend::Sqlite(pool) => {
            sqlx::query(sql).bind(long_ago).bind(&org).execute(pool).await.unwrap().rows_affected()
        }
        cabinet_storage::Backend::Postgres(pool) => {
            sqlx::query(sql).bind(long_ago).bind(&org).execute(pool).await.unwrap().rows_affected()
        }
    };
    assert_eq!(moved, 1);
    let late = app.get("/api/v1/profiles/overdue", Some(&admin)).await.expect(Status::Ok);
    let tula = late.body.as_array().unwrap().iter().find(|o| o["unit_id"] == org.as_str()).unwrap();
    assert_eq!(tula["confirmation"]["status"], "overdue");
    assert!(tula["confirmation"]["overdue_days"].as_u64().unwrap() >= 7, "{tula}");
    // Never confirmed comes first.
    assert_eq!(late.body[0]["confirmation"]["status"], "never");

    let entries = audited(&app, &admin, "profile.confirmed", &org).await;
    assert_eq!(entries.len(), 1, "a refused confirmation is not audited");
    assert_eq!(entries[0]["actor_id"], editor_id.as_str());
}

async fn a_foreign_profile_looks_unknown_and_a_role_without_the_right_is_refused(app: TestApp) {
    let admin = app.admin().await;
    let own = app.organization(&admin, "kursk").await;
    let foreign = app.organization(&admin, "belgorod").await;
    let department = app.department(&admin, "orgotdel").await;
    let (_, editor) = app.staff(&admin, &own, &["profile.edit"]).await;
    let (_, foreign_editor) = app.staff(&admin, &foreign, &["profile.edit"]).await;
    put(&app, &foreign, complete_form(), &foreign_editor).await.expect(Status::Ok);

    let unknown_unit = uuid::Uuid::now_v7().to_string();
    for target in [&foreign, &unknown_unit] {
        let base = profile_path(target);
        let answers = [
            app.get(&base, Some(&editor)).await,
            put(&app, target, complete_form(), &editor).await,
            app.post(&format!("{base}/confirm"), json!({}), Some(&editor)).await,
            app.get(&format!("{base}/history"), Some(&editor)).await,
        ];
        for resp in answers {
            assert_eq!(resp.status, Status::NotFound, "{target}: {}", resp.text);
            assert_eq!(
                resp.body,
                json!({ "error": { "code": "not_found", "message": resp.body["error"]["message"], "details": null } })
            );
        }
    }
    let unknown = app.get(&profile_path(&unknown_unit), Some(&editor)).await;
    let foreign_read = app.get(&profile_path(&foreign), Some(&editor)).await;
    assert_eq!(foreign_read.body, unknown.body, "a foreign profile must look unknown");
    let kept = app.get(&profile_path(&foreign), Some(&foreign_editor)).await.expect(Status::Ok);
    assert_eq!(kept.body["profile"]["chairman"], "Иванова Мария Петровна", "the foreign profile is untouched");

    // Within reach but without the right: 403, and the overview is the central committee's.
    let (_, plain) = app.staff(&admin, &own, &["news.write"]).await;
    let refused = app.get(&profile_path(&own), Some(&plain)).await.expect(Status::Forbidden);
    assert_eq!(refused.body["error"]["details"]["permission"], "profile.edit");
    put(&app, &own, complete_form(), &plain).await.expect(Status::Forbidden);
    app.get("/api/v1/profiles/overdue", Some(&editor)).await.expect(Status::Forbidden);

    // Only organizations have a profile.
    let (_, department_editor) = app.staff(&admin, &department, &["profile.edit"]).await;
    app.get(&profile_path(&department), Some(&department_editor)).await.expect(Status::NotFound);
    app.post(&format!("{}/confirm", profile_path(&department)), json!({}), Some(&department_editor))
        .await
        .expect(Status::NotFound);
    put(&app, &department, complete_form(), &department_editor).await.expect(Status::NotFound);
}

on_both_backends!(
    an_editor_fills_the_profile_step_by_step_and_the_history_shows_each_change,
    confirming_needs_a_complete_profile_and_takes_the_organization_off_the_overdue_list,
    a_foreign_profile_looks_unknown_and_a_role_without_the_right_is_refused,
);
