//! Background work: the outbox sent by the runners of several instances, recurring jobs and
//! reminders once across instances, what the administrator sees of undelivered letters,
//! retention and the maintenance notice.

use cabinet_http::App;
use cabinet_http::jobs::Runner;
use cabinet_storage::outbox::{self, Letter};
use cabinet_storage::retention::{self, Purge};
use cabinet_storage::{jobs, now_ms};
use cabinet_tests::{Backend, TestApp, with_each_backend};
use rocket::http::Status;
use serde_json::json;

fn runner(app: &TestApp) -> Runner {
    Runner::of(app.client.rocket().state::<App>().expect("the application"))
}

/// Sets a column of a row by id, as time passing would.
async fn set(app: &TestApp, table: &str, column: &str, id: &str, value: i64) {
    let sql = format!("UPDATE {table} SET {column} = $1 WHERE id = $2");
    let sql = sqlx::AssertSqlSafe(sql.as_str());
    match app.db().backend() {
        cabinet_storage::Backend::Sqlite(pool) => sqlx::query(sql).bind(value).bind(id).execute(pool).await.map(|_| ()),
        cabinet_storage::Backend::Postgres(pool) => {
            sqlx::query(sql).bind(value).bind(id).execute(pool).await.map(|_| ())
        }
    }
    .unwrap();
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    let sql = sqlx::AssertSqlSafe(sql);
    match app.db().backend() {
        cabinet_storage::Backend::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
        cabinet_storage::Backend::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
    }
    .unwrap()
}

/// Every letter to `to`, whichever of the two instances sent it: with files each instance has
/// its own folder; a real SMTP server holds them all.
async fn delivered(app: &TestApp, other: &TestApp, to: &str) -> Vec<String> {
    let mut all = app.mailbox.letters_to(to).await;
    if !app.mailbox.is_shared() {
        all.extend(other.mailbox.letters_to(to).await);
    }
    all
}

async fn letters_with_recurring(backend: Backend) -> TestApp {
    TestApp::spawn_with(backend, json!({ "jobs": { "recurring": true } })).await
}

/// Two instances share one outbox: each letter is sent by one of them, once.
async fn two_instances_send_each_letter_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let other = app.beside(json!({})).await;
    let tag = uuid::Uuid::new_v4().simple().to_string();
    let letters: Vec<Letter> = (0..40)
        .map(|i| Letter {
            kind: "reminder",
            to: format!("l{i}-{tag}@example.ru"),
            subject: format!("Письмо {i}"),
            body: format!("Текст письма {i}"),
            about: None,
        })
        .collect();
    outbox::enqueue(app.db(), &letters).await.unwrap();
    for l in &letters {
        let mut got = 0;
        for _ in 0..150 {
            got = delivered(&app, &other, &l.to).await.len();
            if got > 0 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(got, 1, "{} arrives", l.to);
    }
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    for l in &letters {
        assert_eq!(delivered(&app, &other, &l.to).await.len(), 1, "{} exactly once", l.to);
        let status = outbox::to(app.db(), &l.to).await.unwrap();
        assert_eq!(status.len(), 1);
        assert_eq!(status[0].state, "sent");
        assert!(status[0].smtp_reply.as_deref().is_some_and(|r| !r.is_empty()), "the answer is recorded");
    }
}

/// Both instances schedule the recurring jobs; each period's run is enqueued once, and a
/// reminder is sent once however many times and wherever the reminders run.
async fn recurring_jobs_and_reminders_run_once_across_instances(backend: Backend) {
    let app = letters_with_recurring(backend).await;
    let other = app.beside(json!({ "jobs": { "recurring": true } })).await;
    let admin = app.admin().await;
    let org = app.organization(&admin, &format!("rem-{}", &uuid::Uuid::new_v4().simple().to_string()[..8])).await;
    let (_, keeper) = app.staff(&admin, &org, &["profile.edit"]).await;
    // The two runners have ticked by now: one run of each recurring job, not two.
    for _ in 0..50 {
        if count(&app, "SELECT COUNT(*) FROM jobs WHERE kind = 'retention' AND state = 'done'").await == 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM jobs WHERE kind = 'reminders'").await, 1);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM jobs WHERE kind = 'retention'").await, 1);
    // The daily backup's schedule is kept too; its first run waits for its boundary.
    assert_eq!(count(&app, "SELECT COUNT(*) FROM schedules").await, 3);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM jobs WHERE kind = 'backup'").await, 0);
    // A tick in the same period, from either instance, enqueues nothing.
    let later = now_ms() + 3_600_000;
    assert!(!jobs::tick(app.db(), "reminders", "x", now_ms(), later, "reminders", "{}").await.unwrap());

    // The organization was created half a year ago and never confirmed its reference info.
    set(&app, "units", "created_at", &org, now_ms() - 200 * 86_400_000).await;
    let (a, b) = (runner(&app), runner(&other));
    let runs: Vec<_> = (0..4)
        .map(|i| {
            let r = if i % 2 == 0 { a.clone() } else { b.clone() };
            tokio::spawn(async move { r.perform("reminders").await })
        })
        .collect();
    for run in runs {
        run.await.unwrap().unwrap();
    }
    let to = cabinet_storage::users::holding(app.db(), cabinet_core::Permission::ProfileEdit).await.unwrap();
    let person = to.iter().find(|p| p.unit_id.to_string() == org).expect("the user who keeps the reference info");
    let reminders = |l: &str| l.contains("Справочная информация организации");
    // Sent by whichever instance claimed it: each writes to its own mailbox here.
    let both = || async {
        delivered(&app, &other, &person.email).await.into_iter().filter(|l| reminders(l)).collect::<Vec<String>>()
    };
    for _ in 0..150 {
        if !both().await.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    let letters = both().await;
    assert_eq!(letters.len(), 1, "one reminder, not one per run or instance: {letters:?}");
    assert!(letters[0].contains("/profile"), "the letter links to the page to act on: {}", letters[0]);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM reminders WHERE kind = 'profile'").await, 1);
    // The dashboard says it too, with the page to act on.
    let dashboard = app.get("/", Some(&keeper)).await.text;
    assert!(dashboard.contains("Напоминания за последний месяц"), "{dashboard}");
    assert!(
        dashboard.contains(r#"<a href="/profile">Подтвердите справочную информацию организации</a>"#),
        "{dashboard}"
    );
}

/// Report reminders follow each form's schedule: on its reminder day before the due day, and
/// once when the report is overdue but still taken; an exempt organization gets none, and no run
/// sends one twice.
async fn report_reminders_follow_the_forms_schedule(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let u = crate::reports::union(&app, "remind", 2).await;
    let today = time::OffsetDateTime::now_utc().to_offset(cabinet_core::profile::UNION_OFFSET).date();
    let day = |offset: i64| (today + time::Duration::days(offset)).to_string();
    let once = |opens: i64, due: i64, locks: i64| json!({ "type": "once", "opens": day(opens), "due": day(due), "locks": day(locks), "remind": [-3] });
    let mut soon = crate::reports::plugin("remind-soon", &u.dept_slug, 1);
    soon["title"] = json!("Сведения о правовой работе");
    soon["period"] = once(-10, 2, 20);
    let mut late = crate::reports::plugin("remind-late", &u.dept_slug, 1);
    late["title"] = json!("Сведения о численности");
    late["period"] = once(-20, -2, 10);
    for form in [&soon, &late] {
        crate::reports::upload(&app, form, &u.reviewer).await.expect(Status::Created);
    }
    let (exempt_org, _) = &u.orgs[1];
    let exempt = json!({ "exempt": true, "reason": "Организация реорганизуется" });
    let path = format!("/api/v1/forms/remind-late/periods/once/reports/{exempt_org}/exemption");
    app.call(rocket::http::Method::Put, &path, Some(&exempt), Some(&u.reviewer)).await.expect(Status::Ok);

    let r = runner(&app);
    for _ in 0..3 {
        r.perform("reminders").await.unwrap();
    }
    let mut emails = Vec::new();
    for (_, session) in &u.orgs {
        let me = app.get("/api/v1/auth/me", Some(session)).await.expect(Status::Ok);
        emails.push(me.body["user"]["email"].as_str().unwrap().to_owned());
    }
    let (first, second) = (&emails[0], &emails[1]);
    let reminders = |l: &str| l.contains("Сведения о правовой работе") || l.contains("Сведения о численности");
    app.mailbox.wait_for_matching(first, 2, reminders).await;
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    let got: Vec<String> = app.mailbox.letters_to(first).await.into_iter().filter(|l| reminders(l)).collect();
    assert_eq!(got.len(), 2, "one reminder per form: {got:?}");
    let soon_letter = got.iter().find(|l| l.contains("правовой")).unwrap();
    assert!(soon_letter.contains("нужно отправить до конца дня") && soon_letter.contains("Он ещё не отправлен"));
    assert!(soon_letter.contains("/reports/remind-soon/once"), "{soon_letter}");
    assert!(!soon_letter.contains("однократно"), "a one-off form names no period: {soon_letter}");
    let late_letter = got.iter().find(|l| l.contains("численности")).unwrap();
    assert!(late_letter.contains("истёк") && late_letter.contains("с опозданием"), "{late_letter}");
    let second_got: Vec<String> = app.mailbox.letters_to(second).await.into_iter().filter(|l| reminders(l)).collect();
    assert_eq!(second_got.len(), 1, "the exempt organization is not told about that form: {second_got:?}");
    assert!(second_got[0].contains("правовой"));
}

/// A letter the mail server refuses is tried again, then shown to the administrator as failed;
/// sending it again puts it back in the queue. Others may not see or touch the outbox.
async fn the_administrator_sees_undelivered_letters_and_sends_them_again(backend: Backend) {
    let dead = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let app = TestApp::spawn_with(
        backend,
        json!({ "mail": { "transport": "smtp", "smtp": { "host": "127.0.0.1", "port": dead, "tls": "none" } },
                "jobs": { "max_letter_attempts": 2, "retry_seconds": 1 } }),
    )
    .await;
    let admin = app.admin().await;
    let org = app.organization(&admin, "undelivered").await;
    let email = format!("u-{}@example.ru", uuid::Uuid::new_v4().simple());
    app.register(&admin, &email, &org, &[]).await;
    let mut failed = None;
    for _ in 0..100 {
        let list = app.get("/api/v1/outbox", Some(&admin)).await.expect(Status::Ok);
        failed = list.body.as_array().unwrap().iter().find(|l| l["recipient"] == email.as_str()).cloned();
        if failed.as_ref().is_some_and(|l| l["state"] == "failed") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let failed = failed.expect("the letter is listed");
    assert_eq!(failed["state"], "failed", "{failed}");
    assert_eq!(failed["kind"], "new_user");
    assert_eq!(failed["attempts"], 2);
    assert!(failed["last_error"].as_str().is_some_and(|e| !e.is_empty()), "{failed}");
    let id = failed["id"].as_str().unwrap();

    let (_, staff) = app.staff(&admin, &org, &["users.manage"]).await;
    app.get("/api/v1/outbox", Some(&staff)).await.expect(Status::Forbidden);
    app.post(&format!("/api/v1/outbox/{id}/send-again"), json!({}), Some(&staff)).await.expect(Status::Forbidden);
    let again = app.post(&format!("/api/v1/outbox/{id}/send-again"), json!({}), Some(&admin)).await;
    assert!(again.expect(Status::Ok).body["message"].as_str().unwrap().contains("снова"));
    let twice = app.post(&format!("/api/v1/outbox/{id}/send-again"), json!({}), Some(&admin)).await;
    assert_eq!((twice.status, twice.code()), (Status::NotFound, "letter_not_failed"), "only a failed letter");
    let unknown = app.post("/api/v1/outbox/not-an-id/send-again", json!({}), Some(&admin)).await;
    assert_eq!(unknown.status, Status::NotFound);
    let audit = app.get("/api/v1/audit?action=mail.requeued", Some(&admin)).await.expect(Status::Ok);
    assert_eq!(audit.body["entries"][0]["target_id"], id);
}

/// The purge deletes what is past its time, keeps the rest and audits each purge.
async fn retention_purges_what_is_past_its_time_and_audits_it(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin().await;
    let (_, session) = app.login(&app.admin_email, "Администратор2026").await;
    assert!(session.is_some());
    let old = now_ms() - 400 * 86_400_000;
    let attempts = count(&app, "SELECT COUNT(*) FROM login_attempts").await;
    assert!(attempts >= 2);
    let sql = "UPDATE login_attempts SET at = $1";
    match app.db().backend() {
        cabinet_storage::Backend::Sqlite(pool) => sqlx::query(sql).bind(old).execute(pool).await.map(|_| ()),
        cabinet_storage::Backend::Postgres(pool) => sqlx::query(sql).bind(old).execute(pool).await.map(|_| ()),
    }
    .unwrap();
    let done = runner(&app).perform("retention").await.unwrap();
    assert!(done.ends_with("rows"), "{done}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM login_attempts").await, 0, "a year's login history is kept, no more");
    app.get("/api/v1/auth/me", Some(&admin)).await.expect(Status::Ok);
    let audit = app.get("/api/v1/audit?action=retention.purged", Some(&admin)).await.expect(Status::Ok);
    let entry = &audit.body["entries"][0];
    assert_eq!(entry["actor_kind"], "system");
    assert_eq!(entry["details"]["what"], "login_attempts");
    assert_eq!(entry["details"]["count"], attempts);
    // Nothing past its time: nothing deleted, nothing audited.
    assert_eq!(retention::purge(app.db(), Purge::Jobs, now_ms() - 86_400_000, now_ms()).await.unwrap(), 0);
    let audit = app.get("/api/v1/audit?action=retention.purged", Some(&admin)).await.expect(Status::Ok);
    assert_eq!(audit.body["entries"].as_array().unwrap().len(), 1);
}

/// An announced maintenance is shown on every page from its announcement on, and not after it
/// is cancelled; a wrong announcement is refused at its fields.
async fn planned_maintenance_is_shown_on_every_page(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.admin().await;
    let bad = app
        .post(
            "/api/v1/maintenance",
            json!({ "starts_at": "завтра", "ends_at": "2020-01-01T00:00:00Z", "note": "" }),
            Some(&admin),
        )
        .await
        .expect(Status::UnprocessableEntity);
    let fields: Vec<&str> = bad.body["error"]["details"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["starts_at", "note"], "{}", bad.text);
    let start = time::OffsetDateTime::now_utc() + time::Duration::hours(30);
    let end = start + time::Duration::hours(2);
    let fmt = |t: time::OffsetDateTime| t.format(&time::format_description::well_known::Rfc3339).unwrap();
    let body = json!({ "starts_at": fmt(start), "ends_at": fmt(end), "note": "Переезд на новый сервер." });
    let created = app.post("/api/v1/maintenance", body, Some(&admin)).await.expect(Status::Created);
    let id = created.body["id"].as_str().unwrap().to_owned();
    for (page, session) in [("/", Some(&admin)), ("/help", Some(&admin)), ("/login", None)] {
        let html = app.get(page, session).await.text;
        assert!(html.contains("Технические работы.") && html.contains("Переезд на новый сервер."), "{page}: {html}");
    }
    let (_, staff) = app.staff(&admin, &app.organization(&admin, "maint").await, &[]).await;
    app.get("/api/v1/maintenance", Some(&staff)).await.expect(Status::Forbidden);
    app.delete(&format!("/api/v1/maintenance/{id}"), Some(&staff)).await.expect(Status::Forbidden);
    app.delete(&format!("/api/v1/maintenance/{id}"), Some(&admin)).await.expect(Status::Ok);
    assert!(!app.get("/", Some(&admin)).await.text.contains("Технические работы."));
    app.delete(&format!("/api/v1/maintenance/{id}"), Some(&admin)).await.expect(Status::NotFound);
}

/// The administrator sees the backups and the schedule, and makes one at once; others may not.
async fn a_backup_is_made_at_once_when_the_administrator_asks(backend: Backend) {
    let dir = std::env::temp_dir().join(format!("cabinet-backups-{}", uuid::Uuid::new_v4().simple()));
    let app = TestApp::spawn_with(backend, json!({ "backup": { "target": dir, "every_hours": 24, "keep": 3 } })).await;
    let admin = app.admin().await;
    let listed = app.get("/api/v1/backups", Some(&admin)).await.expect(Status::Ok);
    assert_eq!((listed.body["every_hours"].as_u64(), listed.body["keep"].as_u64()), (Some(24), Some(3)));
    assert_eq!(listed.body["backups"], json!([]));
    assert!(listed.body["problem"].is_null(), "{}", listed.text);
    let (_, staff) = app.staff(&admin, &app.organization(&admin, "no-backups").await, &["users.manage"]).await;
    app.get("/api/v1/backups", Some(&staff)).await.expect(Status::Forbidden);
    app.post("/api/v1/backups", json!({}), Some(&staff)).await.expect(Status::Forbidden);

    let queued = app.post("/api/v1/backups", json!({}), Some(&admin)).await.expect(Status::Accepted);
    assert!(queued.body["message"].as_str().unwrap().contains("в очередь"));
    let mut made = json!([]);
    for _ in 0..100 {
        let listed = app.get("/api/v1/backups", Some(&admin)).await.expect(Status::Ok);
        if listed.body["in_progress"] == false && listed.body["backups"].as_array().is_some_and(|b| b.len() == 1) {
            made = listed.body["backups"].clone();
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(made[0]["rows"].as_u64().unwrap() > 0, "{made}");
    let page = app.get("/admin/operations", Some(&admin)).await.text;
    assert!(page.contains(made[0]["name"].as_str().unwrap()) && page.contains("Сделать копию сейчас"), "{page}");
    std::fs::remove_dir_all(&dir).ok();
}

with_each_backend!(
    two_instances_send_each_letter_once,
    a_backup_is_made_at_once_when_the_administrator_asks,
    report_reminders_follow_the_forms_schedule,
    recurring_jobs_and_reminders_run_once_across_instances,
    the_administrator_sees_undelivered_letters_and_sends_them_again,
    retention_purges_what_is_past_its_time_and_audits_it,
    planned_maintenance_is_shown_on_every_page,
);
