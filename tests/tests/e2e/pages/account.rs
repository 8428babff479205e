//! Signing in and out, the first login, changing and recovering the password, through pages.

use cabinet_tests::pages::Browser;
use cabinet_tests::{TestApp, on_both_backends};
use rocket::http::Status;

use super::{follow, sign_in};

async fn a_new_user_is_led_through_the_new_password_and_the_regulation(app: TestApp) {
    let admin = app.admin().await;
    let org = app.organization(&admin, "first-login").await;
    let (_, starting) = app.register(&admin, "novikova@example.ru", &org, &[]).await;
    let (mut browser, resp) = sign_in(&app, "novikova@example.ru", &starting).await;
    assert_eq!(resp.header("Location"), Some("/welcome"));
    // Nothing else opens before the steps are taken.
    let resp = app.page(&mut browser, "/").await;
    assert_eq!((resp.status, resp.header("Location")), (Status::SeeOther, Some("/welcome")));

    let page = app.page(&mut browser, "/welcome").await.expect(Status::Ok);
    assert!(page.text.contains("Шаг 1. Задайте свой пароль"), "{}", page.text);
    let fields = [
        ("current_password", starting.as_str()),
        ("new_password", "СвойПароль2026"),
        ("new_password_repeat", "другой"),
    ];
    let resp = app.submit(&mut browser, "/welcome", "/welcome/password", &fields).await;
    assert_eq!(resp.status, Status::UnprocessableEntity);
    assert!(resp.text.contains("id=\"f-new_password_repeat-error\""), "the error at its field: {}", resp.text);
    assert!(resp.text.contains("Пароли не совпадают"));
    assert!(!resp.text.contains("СвойПароль2026"), "a password is never sent back");

    let fields =
        [("current_password", starting.as_str()), ("new_password", "короткий"), ("new_password_repeat", "короткий")];
    let resp = app.submit(&mut browser, "/welcome", "/welcome/password", &fields).await;
    assert_eq!(resp.status, Status::UnprocessableEntity, "the API's own rule, with its message: {}", resp.text);
    assert!(resp.text.contains("f-new_password-error"), "{}", resp.text);

    let fields = [
        ("current_password", starting.as_str()),
        ("new_password", "СвойПароль2026"),
        ("new_password_repeat", "СвойПароль2026"),
    ];
    let resp = app.submit(&mut browser, "/welcome", "/welcome/password", &fields).await;
    let page = follow(&app, &mut browser, resp).await.expect(Status::Ok);
    assert!(page.text.contains("Пароль изменён"), "the message after the action: {}", page.text);
    assert!(page.text.contains("Шаг 2. Положение о Системе личных кабинетов"));
    assert!(page.text.contains("ПРЕЗИДИУМ") && !page.text.contains("[bookmark"), "the regulation's text is shown");

    let version = regulation_version(&page.text);
    let resp = app.submit(&mut browser, "/welcome", "/welcome/regulation", &[("version", &version)]).await;
    assert_eq!(resp.status, Status::UnprocessableEntity);
    assert!(resp.text.contains("f-accept-error"), "not accepting is said at the checkbox: {}", resp.text);

    let resp =
        app.submit(&mut browser, "/welcome", "/welcome/regulation", &[("version", &version), ("accept", "on")]).await;
    assert_eq!(resp.header("Location"), Some("/"));
    let page = follow(&app, &mut browser, resp).await.expect(Status::Ok);
    assert!(page.text.contains("Положение принято") && page.text.contains("Что требует внимания"), "{}", page.text);
    // The new password works through the API too.
    let (resp, _) = app.login("novikova@example.ru", "СвойПароль2026").await;
    resp.expect(Status::Ok);
}

fn regulation_version(html: &str) -> String {
    let marker = "name=\"version\" value=\"";
    let start = html.find(marker).expect("version field") + marker.len();
    html[start..].split('"').next().unwrap().to_owned()
}

async fn signing_in_returns_to_the_page_asked_for_and_never_off_the_site(app: TestApp) {
    app.admin().await;
    let mut browser = Browser::default();
    let resp = app.page(&mut browser, "/account/password").await;
    assert_eq!(resp.header("Location"), Some("/login?next=%2Faccount%2Fpassword"));
    let page = app.page(&mut browser, "/login?next=%2Faccount%2Fpassword").await.expect(Status::Ok);
    assert!(page.text.contains("name=\"next\" value=\"/account/password\""));
    let email = app.admin_email.clone();
    let fields = [("email", email.as_str()), ("password", "Администратор2026"), ("next", "/account/password")];
    let resp = app.submit(&mut browser, "/login", "/login", &fields).await;
    assert_eq!(resp.header("Location"), Some("/account/password"));
    app.page(&mut browser, "/account/password").await.expect(Status::Ok);

    for next in ["//evil.example/", "https://evil.example/", "/\\evil.example"] {
        let mut browser = Browser::default();
        let page = app.page(&mut browser, &format!("/login?next={}", urlencode(next))).await.expect(Status::Ok);
        assert!(page.text.contains("name=\"next\" value=\"/\""), "{next}: {}", page.text);
        let fields = [("email", email.as_str()), ("password", "Администратор2026"), ("next", next)];
        let resp = app.submit(&mut browser, "/login", "/login", &fields).await;
        assert_eq!(resp.header("Location"), Some("/"), "{next}");
    }
}

fn urlencode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

async fn a_wrong_password_is_shown_at_the_form_with_the_login_kept(app: TestApp) {
    app.admin().await;
    let email = app.admin_email.clone();
    let (_, resp) = sign_in(&app, &email, "неверный-пароль-1").await;
    assert_eq!(resp.status, Status::Unauthorized);
    assert!(resp.text.contains("Неверный логин или пароль"), "{}", resp.text);
    assert!(resp.text.contains(&format!("value=\"{email}\"")), "the login stays typed in");
    assert!(!resp.text.contains("неверный-пароль-1"));
    assert!(resp.text.contains("Не получается войти?"), "the administrator's contact is on the login page");
}

async fn a_form_without_its_token_is_refused_and_says_what_to_do(app: TestApp) {
    app.admin().await;
    let email = app.admin_email.clone();
    let mut browser = Browser::default();
    app.page(&mut browser, "/login").await.expect(Status::Ok);
    let resp = app.post_form(&mut browser, "/login", &[("email", &email), ("password", "Администратор2026")]).await;
    assert_eq!(resp.status, Status::Forbidden);
    assert!(resp.text.contains("Обновите страницу"), "{}", resp.text);
    let resp = app
        .post_form(&mut browser, "/login", &[("_csrf", "forged"), ("email", &email), ("password", "Администратор2026")])
        .await;
    assert_eq!(resp.status, Status::Forbidden);
}

async fn logging_out_ends_the_session(app: TestApp) {
    let admin = app.admin().await;
    let mut browser = Browser::signed_in(&admin);
    app.page(&mut browser, "/").await.expect(Status::Ok);
    let resp = app.submit(&mut browser, "/", "/logout", &[]).await;
    assert_eq!(resp.header("Location"), Some("/login"));
    let page = follow(&app, &mut browser, resp).await.expect(Status::Ok);
    assert!(page.text.contains("Вы вышли из личного кабинета"));
    let mut old = Browser::signed_in(&admin);
    let resp = app.page(&mut old, "/").await;
    assert_eq!(resp.header("Location"), Some("/login"), "the old cookie no longer opens the cabinet");
}

async fn changing_the_password_on_its_page_checks_the_current_one(app: TestApp) {
    let admin = app.admin().await;
    let org = app.organization(&admin, "change-password").await;
    let (_, session) = app.staff(&admin, &org, &[]).await;
    let mut browser = Browser::signed_in(&session);
    let fields =
        [("current_password", "не тот"), ("new_password", "ЕщёНовее2027"), ("new_password_repeat", "ЕщёНовее2027")];
    let resp = app.submit(&mut browser, "/account/password", "/account/password", &fields).await;
    assert_eq!(resp.status, Status::UnprocessableEntity);
    assert!(resp.text.contains("f-current_password-error") && resp.text.contains("Текущий пароль указан неверно"));
    let fields = [
        ("current_password", "НовыйПароль2026"),
        ("new_password", "ЕщёНовее2027"),
        ("new_password_repeat", "ЕщёНовее2027"),
    ];
    let resp = app.submit(&mut browser, "/account/password", "/account/password", &fields).await;
    let page = follow(&app, &mut browser, resp).await.expect(Status::Ok);
    assert!(page.text.contains("Пароль изменён"));
}

async fn the_forgot_password_page_sends_the_link(app: TestApp) {
    // A login of this test's own: with a shared mail server, the administrator's address gets
    // other tests' letters too.
    let admin = app.admin().await;
    let org = app.organization(&admin, "forgot-page").await;
    let email = format!("forgot-{}@example.ru", uuid::Uuid::new_v4().simple());
    app.register(&admin, &email, &org, &[]).await;
    let mut browser = Browser::default();
    let resp = app.submit(&mut browser, "/forgot-password", "/forgot-password", &[("email", "не адрес")]).await;
    assert_eq!(resp.status, Status::UnprocessableEntity, "{}", resp.text);
    assert!(resp.text.contains("f-email-error"));
    let resp = app.submit(&mut browser, "/forgot-password", "/forgot-password", &[("email", &email)]).await;
    let page = follow(&app, &mut browser, resp).await.expect(Status::Ok);
    assert!(page.text.contains("Если этот адрес зарегистрирован"), "{}", page.text);
    let token = app.reset_token(&email, 1).await;
    let page = app.page(&mut browser, &format!("/password-reset?token={token}")).await.expect(Status::Ok);
    assert!(page.text.contains("Новый пароль"));
    let fields =
        [("token", token.as_str()), ("new_password", "Восстановлен2026"), ("new_password_repeat", "Восстановлен2026")];
    let resp = app.submit(&mut browser, &format!("/password-reset?token={token}"), "/password-reset", &fields).await;
    let page = follow(&app, &mut browser, resp).await.expect(Status::Ok);
    assert!(page.text.contains("Новый пароль сохранён"), "{}", page.text);
    let page = app.page(&mut browser, &format!("/password-reset?token={token}")).await;
    assert_eq!(page.status, Status::NotFound);
    assert!(page.text.contains("Ссылка недействительна"));
}

async fn pages_run_no_inline_code_and_assets_are_kept_a_year(app: TestApp) {
    let admin = app.admin().await;
    let mut browser = Browser::signed_in(&admin);
    let page = app.page(&mut browser, "/").await.expect(Status::Ok);
    let csp = page.header("Content-Security-Policy").unwrap().to_owned();
    assert!(!csp.contains("unsafe-inline") && csp.contains("default-src 'self'"), "{csp}");
    assert!(!page.text.contains("style=") && !page.text.contains("<script>"), "no inline style or script");
    let css = between(&page.text, "<link rel=\"stylesheet\" href=\"", "\"");
    let js = between(&page.text, "<script src=\"", "\"");
    for (path, kind) in [(css, "text/css"), (js, "text/javascript")] {
        let resp = app.page(&mut browser, &path).await.expect(Status::Ok);
        assert!(resp.header("Content-Type").unwrap().starts_with(kind), "{path}");
        assert_eq!(resp.header("Cache-Control"), Some("public, max-age=31536000, immutable"));
    }
    let resp = app.page(&mut browser, "/assets/cabinet-0000000000.css").await;
    assert_eq!(resp.status, Status::NotFound);
}

fn between(text: &str, start: &str, end: &str) -> String {
    let at = text.find(start).unwrap() + start.len();
    text[at..].split(end).next().unwrap().to_owned()
}

on_both_backends!(
    a_new_user_is_led_through_the_new_password_and_the_regulation,
    signing_in_returns_to_the_page_asked_for_and_never_off_the_site,
    a_wrong_password_is_shown_at_the_form_with_the_login_kept,
    a_form_without_its_token_is_refused_and_says_what_to_do,
    logging_out_ends_the_session,
    changing_the_password_on_its_page_checks_the_current_one,
    the_forgot_password_page_sends_the_link,
    pages_run_no_inline_code_and_assets_are_kept_a_year,
    help_is_open_to_anybody_and_holds_every_topic_pages_link_to,
);

async fn help_is_open_to_anybody_and_holds_every_topic_pages_link_to(app: TestApp) {
    let mut anonymous = Browser::default();
    let page = app.page(&mut anonymous, "/help").await.expect(Status::Ok);
    for topic in ["sign-in", "first-login", "reports", "forms", "review", "table", "access"] {
        assert!(page.text.contains(&format!("id=\"{topic}\"")), "{topic}");
    }
    let admin = app.admin().await;
    let page = app.page(&mut Browser::signed_in(&admin), "/help").await.expect(Status::Ok);
    assert!(page.text.contains(">Главная</a>"), "signed in, the menu is there");
}
