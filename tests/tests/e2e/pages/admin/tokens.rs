//! API tokens issued and revoked through their page.

use cabinet_tests::pages::Browser;
use cabinet_tests::{Session, TestApp, on_both_backends};
use rocket::http::Status;

use super::{text_of, value_before};
use crate::pages::follow;

async fn a_token_is_issued_with_its_secret_shown_once_then_revoked(app: TestApp) {
    let admin = app.admin().await;
    app.organization(&admin, "token-site").await;
    let mut browser = Browser::signed_in(&admin);
    let page = app.page(&mut browser, "/admin/tokens").await.expect(Status::Ok);
    assert!(page.text.contains("Токенов ещё не выдавали"));
    let unit = value_before(&page.text, ">token-site (организация)</option>");
    let fields = [
        ("name", "Сайт организации"),
        ("unit_id", unit.as_str()),
        ("permissions", "profile.edit"),
        ("expires", "2099-12-31"),
    ];
    let shown = app.submit(&mut browser, "/admin/tokens", "/admin/tokens", &fields).await.expect(Status::Ok);
    let secret = text_of(&shown.text, "token-secret");
    assert!(secret.starts_with("cab_"), "{}", shown.text);
    assert!(shown.text.contains("Ведение справочной информации организации"), "{}", shown.text);
    assert!(shown.text.contains("до 1 января 2100 г., 00:00 (МСК)"), "valid through the day chosen");
    let bearer = Session::bearer(&secret);
    app.get(&format!("/api/v1/units/{unit}/profile"), Some(&bearer)).await.expect(Status::Ok);

    let list = app.page(&mut browser, "/admin/tokens").await.expect(Status::Ok);
    assert!(list.text.contains("Сайт организации") && !list.text.contains(&secret), "the secret is not shown again");
    assert!(list.text.contains("data-confirm=\"Отозвать токен «Сайт организации»?"));
    let end = list.text.find("/revoke\"").expect("a revoke button") + "/revoke".len();
    let action = &list.text[list.text[..end].rfind('"').unwrap() + 1..end];
    let resp = app.submit(&mut browser, "/admin/tokens", action, &[]).await;
    let page = follow(&app, &mut browser, resp).await.expect(Status::Ok);
    assert!(page.text.contains("Токен «Сайт организации» отозван") && page.text.contains("отозван "), "{}", page.text);
    app.get(&format!("/api/v1/units/{unit}/profile"), Some(&bearer)).await.expect(Status::Unauthorized);

    let fields = [("name", ""), ("unit_id", ""), ("expires", "31.12.2099")];
    let resp = app.submit(&mut browser, "/admin/tokens", "/admin/tokens", &fields).await;
    assert_eq!(resp.status, Status::UnprocessableEntity);
    assert!(resp.text.contains("f-expires-error"), "{}", resp.text);
}

on_both_backends!(a_token_is_issued_with_its_secret_shown_once_then_revoked);
