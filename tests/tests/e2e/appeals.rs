//! Appeals from the public to an organization (§4.2): consent required, bots answered like
//! people but nothing kept, a limit per client address counted in the database, the letter to
//! the organization's address, audited reads by its staff only, and the purge of old appeals.

use cabinet_storage::{appeals, now_ms};
use cabinet_tests::{Backend, Resp, Session, TestApp, on_both_backends, with_each_backend};
use rocket::http::{Method, Status};
use serde_json::{Value, json};

/// The address of an organization's profile: its own per organization, since every test of a
/// CI run shares one SMTP server and reads letters back by recipient.
fn org_email(org: &str) -> String {
    format!("org-{org}@przrf.ru")
}

fn send_path(unit: &str) -> String {
    format!("/api/v1/public/units/{unit}/appeals")
}

/// The consent version the server serves, as a site would read it.
async fn consent_version(app: &TestApp) -> String {
    let consent = app.get("/api/v1/public/appeals/consent", None).await.expect(Status::Ok);
    assert!(consent.body["text"].as_str().unwrap().contains("152-ФЗ"), "{}", consent.text);
    consent.body["version"].as_str().unwrap().to_owned()
}

async fn appeal(app: &TestApp, text: &str) -> Value {
    json!({
        "name": "Петров Пётр Петрович",
        "email": "petrov@example.ru",
        "phone": "8 (4822) 12-34-56",
        "text": text,
        "consent": true,
        "consent_version": consent_version(app).await,
    })
}

async fn send(app: &TestApp, unit: &str, body: Value) -> Resp {
    app.post(&send_path(unit), body, None).await
}

/// An organization whose profile gives [`org_email`].
async fn organization_with_email(app: &TestApp, admin: &Session, slug: &str) -> String {
    let org = app.organization(admin, slug).await;
    let profile = json!({ "full_name": "Тверская областная организация Профсоюза", "email": org_email(&org) });
    app.call(Method::Put, &format!("/api/v1/units/{org}/profile"), Some(&profile), Some(admin))
        .await
        .expect(Status::Ok);
    org
}

async fn stored(app: &TestApp) -> i64 {
    let sql = "SELECT COUNT(*) FROM appeals";
    match app.db().backend() {
        cabinet_storage::Backend::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(pool).await.unwrap(),
        cabinet_storage::Backend::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await.unwrap(),
    }
}

async fn audited(app: &TestApp, admin: &Session, action: &str) -> Vec<Value> {
    let resp = app.get(&format!("/api/v1/audit?action={action}"), Some(admin)).await.expect(Status::Ok);
    resp.body["entries"].as_array().unwrap().clone()
}

async fn an_appeal_without_consent_is_refused_and_nothing_is_stored(app: TestApp) {
    let admin = app.admin().await;
    let org = organization_with_email(&app, &admin, "tver").await;
    let mut body = appeal(&app, "Прошу разъяснить порядок вступления в Профсоюз.").await;
    body["consent"] = json!(false);
    let refused = send(&app, &org, body).await.expect(Status::UnprocessableEntity);
    assert_eq!(refused.body["error"]["details"]["fields"][0]["field"], "consent");
    assert!(refused.body["error"]["message"].as_str().unwrap().contains("персональных данных"), "{}", refused.text);

    let mut stale = appeal(&app, "Прошу разъяснить порядок вступления в Профсоюз.").await;
    stale["consent_version"] = json!("2000-01-01");
    let refused = send(&app, &org, stale).await.expect(Status::UnprocessableEntity);
    assert_eq!(refused.body["error"]["details"]["fields"][0]["code"], "consent_outdated");
    assert_eq!(stored(&app).await, 0);
}

async fn a_filled_honeypot_is_answered_like_a_success_and_nothing_is_stored(app: TestApp) {
    let admin = app.admin().await;
    let org = organization_with_email(&app, &admin, "tver").await;
    let mut bot = appeal(&app, "Купите наши услуги по продвижению сайтов недорого.").await;
    bot["website"] = json!("http://spam.example");
    let fooled = send(&app, &org, bot).await.expect(Status::Accepted);
    assert_eq!(stored(&app).await, 0);
    assert!(audited(&app, &admin, "appeal.received").await.is_empty());

    let real = send(&app, &org, appeal(&app, "Прошу разъяснить порядок вступления в Профсоюз.").await).await;
    let real = real.expect(Status::Accepted);
    assert_eq!(fooled.body, real.body, "a bot cannot tell it was dropped");
    assert!(real.body["message"].as_str().unwrap().starts_with("Обращение отправлено"));
    assert_eq!(stored(&app).await, 1);
}

async fn only_an_organization_takes_appeals(app: TestApp) {
    let admin = app.admin().await;
    let department = app.department(&admin, "legal").await;
    let body = appeal(&app, "Прошу разъяснить порядок вступления в Профсоюз.").await;
    send(&app, &department, body.clone()).await.expect(Status::NotFound);
    send(&app, &uuid::Uuid::now_v7().to_string(), body.clone()).await.expect(Status::NotFound);
    send(&app, "not-an-id", body).await.expect(Status::NotFound);
}

async fn an_appeal_is_mailed_read_by_its_staff_with_audit_and_answered_once(app: TestApp) {
    let admin = app.admin().await;
    let org = organization_with_email(&app, &admin, "tver").await;
    let text = "Прошу разъяснить порядок вступления в Профсоюз работников здравоохранения.";
    send(&app, &org, appeal(&app, text).await).await.expect(Status::Accepted);

    let letters = app.mailbox.wait_for(&org_email(&org), 1).await;
    assert!(letters[0].contains(text) && letters[0].contains("Петров Пётр Петрович"), "{}", letters[0]);
    assert!(letters[0].contains("petrov@example.ru") && letters[0].contains("+7 482 212-34-56"), "{}", letters[0]);

    let (_, clerk) = app.staff(&admin, &org, &["appeals.answer"]).await;
    let list = app.get(&format!("/api/v1/units/{org}/appeals"), Some(&clerk)).await.expect(Status::Ok);
    let items = list.body.as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!((items[0]["status"].as_str(), items[0]["mailed"].as_bool()), (Some("new"), Some(true)));
    let id = items[0]["id"].as_str().unwrap().to_owned();

    let one = app.get(&format!("/api/v1/appeals/{id}"), Some(&clerk)).await.expect(Status::Ok);
    assert_eq!(one.body["text"], text);
    assert_eq!(one.body["phone"], "+7 482 212-34-56");
    assert!(one.body["consent_text"].as_str().unwrap().contains("152-ФЗ"));
    assert_eq!(one.body["consent_version"], consent_version(&app).await.as_str());

    let reads = audited(&app, &admin, "appeal.read").await;
    assert_eq!(reads.len(), 2, "the list and the single read: {reads:?}");
    assert!(reads.iter().any(|e| e["target_id"] == id.as_str()));
    assert!(reads.iter().any(|e| e["details"]["ids"] == json!([id])), "the list names what it showed: {reads:?}");
    let received = audited(&app, &admin, "appeal.received").await;
    assert_eq!(received.len(), 1);
    assert!(!received[0].to_string().contains("Петров"), "no personal data in the log");

    let new_only = app.get(&format!("/api/v1/units/{org}/appeals?status=new"), Some(&clerk)).await;
    assert_eq!(new_only.expect(Status::Ok).body.as_array().unwrap().len(), 1);
    let path = format!("/api/v1/appeals/{id}/answered");
    let done = app.post(&path, json!({ "note": "Ответили по телефону" }), Some(&clerk)).await.expect(Status::Ok);
    assert_eq!(done.body["status"], "answered");
    assert_eq!(done.body["note"], "Ответили по телефону");
    assert!(done.body["answered_at"].is_string() && done.body["answered_by"].is_string());
    let again = app.post(&path, json!({}), Some(&clerk)).await.expect(Status::Conflict);
    assert_eq!(again.code(), "appeal_already_answered");
    assert_eq!(audited(&app, &admin, "appeal.answered").await.len(), 1);

    let new_only = app.get(&format!("/api/v1/units/{org}/appeals?status=new"), Some(&clerk)).await;
    assert!(new_only.expect(Status::Ok).body.as_array().unwrap().is_empty());
    let answered = app.get(&format!("/api/v1/units/{org}/appeals?status=answered"), Some(&clerk)).await;
    assert_eq!(answered.expect(Status::Ok).body[0]["id"], id.as_str());
    app.get(&format!("/api/v1/units/{org}/appeals?status=lost"), Some(&clerk))
        .await
        .expect(Status::UnprocessableEntity);
    // The central committee's administrator reads every organization's appeals.
    app.get(&format!("/api/v1/appeals/{id}"), Some(&admin)).await.expect(Status::Ok);
}

async fn without_a_profile_email_the_appeal_is_kept_unmailed(app: TestApp) {
    let admin = app.admin().await;
    let org = app.organization(&admin, "orel").await;
    send(&app, &org, appeal(&app, "Прошу разъяснить порядок вступления в Профсоюз.").await)
        .await
        .expect(Status::Accepted);
    let list = app.get(&format!("/api/v1/units/{org}/appeals"), Some(&admin)).await.expect(Status::Ok);
    assert_eq!(list.body[0]["mailed"], false);
}

async fn other_organizations_see_nothing_and_staff_without_the_right_are_refused(app: TestApp) {
    let admin = app.admin().await;
    let org = organization_with_email(&app, &admin, "tver").await;
    let other = app.organization(&admin, "orel").await;
    send(&app, &org, appeal(&app, "Прошу разъяснить порядок вступления в Профсоюз.").await)
        .await
        .expect(Status::Accepted);
    let list = app.get(&format!("/api/v1/units/{org}/appeals"), Some(&admin)).await.expect(Status::Ok);
    let id = list.body[0]["id"].as_str().unwrap().to_owned();

    let (_, stranger) = app.staff(&admin, &other, &["appeals.answer"]).await;
    let unknown = uuid::Uuid::now_v7();
    let foreign = app.get(&format!("/api/v1/appeals/{id}"), Some(&stranger)).await.expect(Status::NotFound);
    let missing = app.get(&format!("/api/v1/appeals/{unknown}"), Some(&stranger)).await.expect(Status::NotFound);
    assert_eq!(foreign.body, missing.body, "a foreign appeal looks unknown");
    app.post(&format!("/api/v1/appeals/{id}/answered"), json!({}), Some(&stranger)).await.expect(Status::NotFound);
    app.get(&format!("/api/v1/units/{org}/appeals"), Some(&stranger)).await.expect(Status::NotFound);
    // Their own, empty list is fine.
    let own = app.get(&format!("/api/v1/units/{other}/appeals"), Some(&stranger)).await.expect(Status::Ok);
    assert!(own.body.as_array().unwrap().is_empty());

    let (_, editor) = app.staff(&admin, &org, &["profile.edit"]).await;
    app.get(&format!("/api/v1/appeals/{id}"), Some(&editor)).await.expect(Status::Forbidden);
    app.get(&format!("/api/v1/units/{org}/appeals"), Some(&editor)).await.expect(Status::Forbidden);
    app.post(&format!("/api/v1/appeals/{id}/answered"), json!({}), Some(&editor)).await.expect(Status::Forbidden);
    // No refusal was a read: the administrator's list and the stranger's own, empty one.
    let reads = audited(&app, &admin, "appeal.read").await;
    assert_eq!(reads.len(), 2, "{reads:?}");
    assert!(reads.iter().all(|e| e["target_id"] != id.as_str()), "{reads:?}");
}

async fn appeals_older_than_the_retention_period_are_purged_and_the_purge_audited(app: TestApp) {
    let admin = app.admin().await;
    let org = app.organization(&admin, "tver").await;
    for text in ["Первое обращение: прошу разъяснить порядок.", "Второе обращение: прошу разъяснить порядок."]
    {
        send(&app, &org, appeal(&app, text).await).await.expect(Status::Accepted);
    }
    let list = app.get(&format!("/api/v1/units/{org}/appeals"), Some(&admin)).await.expect(Status::Ok);
    let old = list.body[1]["id"].as_str().unwrap().to_owned();
    let long_ago = now_ms() - 366 * 86_400_000;
    let sql = "UPDATE appeals SET received_at = $1 WHERE id = $2";
    let moved = match app.db().backend() {
        cabinet_storage::Backend::Sqlite(pool) => {
            sqlx::query(sql).bind(long_ago).bind(&old).execute(pool).await.unwrap().rows_affected()
        }
        cabinet_storage::Backend::Postgres(pool) => {
            sqlx::query(sql).bind(long_ago).bind(&old).execute(pool).await.unwrap().rows_affected()
        }
    };
    assert_eq!(moved, 1);

    assert_eq!(appeals::purge_expired(app.db(), now_ms(), 365).await.unwrap(), 1);
    assert_eq!(stored(&app).await, 1);
    app.get(&format!("/api/v1/appeals/{old}"), Some(&admin)).await.expect(Status::NotFound);
    let purged = audited(&app, &admin, "appeal.purged").await;
    assert_eq!(purged.len(), 1);
    assert_eq!(purged[0]["details"]["count"], 1, "{purged:?}");
    // Nothing more to delete: nothing more to record.
    assert_eq!(appeals::purge_expired(app.db(), now_ms(), 365).await.unwrap(), 0);
    assert_eq!(audited(&app, &admin, "appeal.purged").await.len(), 1);
}

on_both_backends!(
    an_appeal_without_consent_is_refused_and_nothing_is_stored,
    a_filled_honeypot_is_answered_like_a_success_and_nothing_is_stored,
    only_an_organization_takes_appeals,
    an_appeal_is_mailed_read_by_its_staff_with_audit_and_answered_once,
    without_a_profile_email_the_appeal_is_kept_unmailed,
    other_organizations_see_nothing_and_staff_without_the_right_are_refused,
    appeals_older_than_the_retention_period_are_purged_and_the_purge_audited,
);

/// The per-address limit needs its own configuration, hence its own application.
mod per_address {
    use super::*;

    async fn the_appeal_over_the_limit_from_one_address_gets_429(backend: Backend) {
        let proxy = json!({ "client_ip_header": "X-Real-IP", "trusted": ["192.0.2.0/24"] });
        let app =
            TestApp::spawn_with(backend, json!({ "appeals": { "max_per_ip_per_hour": 2 }, "proxy": proxy })).await;
        let admin = app.admin().await;
        let org = app.organization(&admin, "tver").await;
        let body = appeal(&app, "Прошу разъяснить порядок вступления в Профсоюз.").await;
        let from = |ip: &'static str| [("X-Real-IP", ip)];
        let post = |ip: &'static str| {
            let raw = body.to_string();
            let app = &app;
            let path = send_path(&org);
            async move {
                app.raw(Method::Post, &path, Some(&raw), Some(rocket::http::ContentType::JSON), None, &from(ip)).await
            }
        };
        post("203.0.113.7").await.expect(Status::Accepted);
        post("203.0.113.7").await.expect(Status::Accepted);
        let limited = post("203.0.113.7").await.expect(Status::TooManyRequests);
        assert_eq!(limited.code(), "too_many_appeals");
        assert!(limited.body["error"]["message"].as_str().unwrap().contains("слишком много обращений"));
        let wait: i64 = limited.header("Retry-After").unwrap().parse().unwrap();
        assert!((3000..=3600).contains(&wait), "about an hour: {wait}");
        assert_eq!(stored(&app).await, 2);
        // Another address is not held back by the first one's count.
        post("203.0.113.8").await.expect(Status::Accepted);
    }

    with_each_backend!(the_appeal_over_the_limit_from_one_address_gets_429);
}
