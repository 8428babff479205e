//! Password recovery from the letter's link, as the person who asked for it follows it.

use cabinet_tests::TestApp;
use rocket::http::Status;
use serde_json::json;

use crate::harness::{Browser, Site};

journeys!(password_recovery_from_the_letter_sets_a_new_password_once);

async fn password_recovery_from_the_letter_sets_a_new_password_once(site: &Site, user: &Browser) {
    let email = someone(&site.app).await;
    site.app.post("/api/v1/auth/password-reset", json!({ "email": email }), None).await.expect(Status::Accepted);
    let token = site.app.reset_token(&email, 1).await;
    let link = format!("/password-reset?token={token}");

    user.visit(&link).await;
    user.see("Новый пароль").await;
    user.snapshot("password-reset-form").await;

    user.fill("Новый пароль", "Восстановлен2026").await;
    user.fill("Повторите пароль", "Восстановлен2062").await;
    user.press("Сохранить пароль").await;
    let refusal = user.field_error("Повторите пароль").await;
    assert!(refusal.contains("Пароли не совпадают"), "{refusal}");
    user.snapshot("password-reset-mismatch").await;

    user.fill("Новый пароль", "толькобуквыбезцифр").await;
    user.fill("Повторите пароль", "толькобуквыбезцифр").await;
    user.press("Сохранить пароль").await;
    let refusal = user.field_error("Новый пароль").await;
    assert!(refusal.contains("Пароль должен содержать и буквы, и цифры"), "{refusal}");
    user.snapshot("password-reset-weak").await;

    user.fill("Новый пароль", "Восстановлен2026").await;
    user.fill("Повторите пароль", "Восстановлен2026").await;
    user.press("Сохранить пароль").await;
    user.see("Новый пароль сохранён").await;
    user.see("Войдите в личный кабинет с новым паролем").await;
    user.snapshot("password-reset-done").await;
    assert!(site.app.login(&email, "Восстановлен2026").await.1.is_some(), "the new password signs in");

    // The link works once.
    user.visit(&link).await;
    user.see("Ссылка недействительна").await;
    user.dont_see("Сохранить пароль").await;
    user.snapshot("password-reset-used-link").await;
}

/// A user of a new organization, with a password of their own; their e-mail.
async fn someone(app: &TestApp) -> String {
    let admin = app.admin().await;
    let org = app.organization(&admin, "kazan").await;
    let (_, session) = app.staff(&admin, &org, &[]).await;
    let me = app.get("/api/v1/auth/me", Some(&session)).await.expect(Status::Ok);
    me.body["user"]["email"].as_str().unwrap().to_owned()
}
