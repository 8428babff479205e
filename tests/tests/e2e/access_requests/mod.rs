//! Access requests (§3.2, §3.6–3.8): an organization asks to connect, replace or disconnect a
//! user; the site administrator approves — the account is created with a mailed starting
//! password, or blocked at once — or declines with a reason; the organization follows its
//! requests and may withdraw a pending one; nobody else sees them.

mod access;
mod conflicts;
mod walk;

use cabinet_tests::{Resp, Session, TestApp};
use rocket::http::Status;
use serde_json::{Value, json};

/// An organization with a user who files its requests, and the administrator.
struct Setup {
    admin: Session,
    org: String,
    filer: Session,
}

async fn setup(app: &TestApp, slug: &str) -> Setup {
    let admin = app.admin().await;
    let org = app.organization(&admin, slug).await;
    let (_, filer) = app.staff(&admin, &org, &["access.request"]).await;
    Setup { admin, org, filer }
}

/// A fresh address: every test of a CI run shares one SMTP server and reads letters by recipient.
fn new_email(tag: &str) -> String {
    format!("{tag}-{}@example.ru", uuid::Uuid::new_v4().simple())
}

fn connect(email: &str) -> Value {
    json!({
        "kind": "connect",
        "full_name": "Сидорова Анна Викторовна",
        "position": "специалист по связям с общественностью",
        "phone": "8 (4822) 12-34-56",
        "email": email,
        "functions": ["news.write", "profile.edit"],
        "note": "Прошу подключить с 1 декабря.",
    })
}

async fn file(app: &TestApp, org: &str, body: Value, who: &Session) -> Resp {
    app.post(&format!("/api/v1/units/{org}/access-requests"), body, Some(who)).await
}

/// Files `body` and returns the new request's id.
async fn filed(app: &TestApp, s: &Setup, body: Value) -> String {
    let resp = file(app, &s.org, body, &s.filer).await.expect(Status::Created);
    assert_eq!(resp.body["state"], "pending", "{}", resp.text);
    resp.body["id"].as_str().unwrap().to_owned()
}

fn item(id: &str) -> String {
    format!("/api/v1/access-requests/{id}")
}

async fn approve(app: &TestApp, id: &str, role_ids: &[&str], who: &Session) -> Resp {
    app.post(&format!("{}/approve", item(id)), json!({ "role_ids": role_ids }), Some(who)).await
}

async fn decline(app: &TestApp, id: &str, reason: &str, who: &Session) -> Resp {
    app.post(&format!("{}/decline", item(id)), json!({ "reason": reason }), Some(who)).await
}

async fn withdraw(app: &TestApp, id: &str, who: &Session) -> Resp {
    app.post(&format!("{}/withdraw", item(id)), json!({}), Some(who)).await
}

/// The starting password in the newest letter to `email`.
async fn mailed_password(app: &TestApp, email: &str) -> String {
    let letters = app.mailbox.wait_for_matching(email, 1, |l| l.contains("Стартовый пароль:")).await;
    let letter = letters.last().unwrap();
    let line = letter.lines().find_map(|l| l.trim().strip_prefix("Стартовый пароль:")).unwrap();
    line.trim().to_owned()
}

/// The audit entries of `action` about `target`.
async fn audited(app: &TestApp, admin: &Session, action: &str, target: &str) -> Vec<Value> {
    let path = format!("/api/v1/audit?action={action}&target_id={target}");
    app.get(&path, Some(admin)).await.expect(Status::Ok).body["entries"].as_array().unwrap().clone()
}

/// How many accounts have this login.
async fn accounts_with(app: &TestApp, email: &str) -> i64 {
    let sql = "SELECT COUNT(*) FROM users WHERE email = $1";
    match app.db().backend() {
        cabinet_storage::Backend::Sqlite(pool) => sqlx::query_scalar(sql).bind(email).fetch_one(pool).await.unwrap(),
        cabinet_storage::Backend::Postgres(pool) => sqlx::query_scalar(sql).bind(email).fetch_one(pool).await.unwrap(),
    }
}
