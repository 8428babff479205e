//! Users registered, given roles, blocked and unblocked through their pages, and what the person
//! on the other side sees.

use cabinet_tests::pages::Browser;
use cabinet_tests::{TestApp, on_both_backends};
use rocket::http::Status;

use super::{email, href_of, text_of, value_before};
use crate::pages::{follow, sign_in};

/// Registers a user of `unit_label` with the role `role` through the form; returns the page
/// shown after it.
async fn register(
    app: &TestApp,
    browser: &mut Browser,
    login: &str,
    unit_label: &str,
    role: &str,
) -> cabinet_tests::Resp {
    let form = app.page(browser, "/admin/users/new").await.expect(Status::Ok);
    let unit = value_before(&form.text, &format!(">{unit_label} (организация)</option>"));
    let role = value_before(&form.text, &format!(">{role}</label>"));
    let fields = [
        ("email", login),
        ("full_name", "Петрова Анна Сергеевна"),
        ("position", "специалист по связям с общественностью"),
        ("phone", "+7 843 000-00-00"),
        ("unit_id", unit.as_str()),
        ("role_ids", role.as_str()),
    ];
    app.submit(browser, "/admin/users/new", "/admin/users", &fields).await
}

async fn a_user_registered_on_the_page_signs_in_with_the_password_shown(app: TestApp) {
    let admin = app.admin().await;
    app.organization(&admin, "kazan").await;
    let mut browser = Browser::signed_in(&admin);
    let login = email("petrova");
    let shown = register(&app, &mut browser, &login, "kazan", "Редактор организации").await.expect(Status::Ok);
    let password = text_of(&shown.text, "starting-password");
    assert_eq!(password.len(), 14, "the starting password itself: {}", shown.text);
    assert!(shown.text.contains("отправлен письмом") && shown.text.contains(&login), "{}", shown.text);
    assert!(shown.text.contains("Редактор организации"), "the role given");
    let letters = app.mailbox.wait_for(&login, 1).await;
    assert!(letters[0].contains(&password), "the same password is mailed");

    // The password is shown once: the user's card does not show it again.
    let card = href_of(&shown.text, "Карточка пользователя");
    let page = app.page(&mut browser, &card).await.expect(Status::Ok);
    assert!(!page.text.contains(&password));
    assert!(page.text.contains("стартовый пароль ещё не сменён"));

    let (_, resp) = sign_in(&app, &login, &password).await;
    assert_eq!(resp.header("Location"), Some("/welcome"), "{}", resp.text);

    // The same login again is refused at its field.
    let resp = register(&app, &mut browser, &login, "kazan", "Редактор организации").await;
    assert_eq!(resp.status, Status::Conflict);
    assert!(resp.text.contains("f-email-error") && resp.text.contains("уже зарегистрирован"), "{}", resp.text);
    assert!(!resp.text.contains("starting-password"));
}

async fn blocking_needs_a_ground_and_cuts_the_users_session_at_once(app: TestApp) {
    let admin = app.admin().await;
    let org = app.organization(&admin, "samara").await;
    let login = email("blocked");
    let (id, starting) = app.register(&admin, &login, &org, &[]).await;
    let (mut theirs, resp) = sign_in(&app, &login, &starting).await;
    assert_eq!(resp.header("Location"), Some("/welcome"));
    app.page(&mut theirs, "/welcome").await.expect(Status::Ok);

    let mut browser = Browser::signed_in(&admin);
    let card = format!("/admin/users/{id}");
    let page = app.page(&mut browser, &card).await.expect(Status::Ok);
    assert!(page.text.contains("data-confirm=\"Заблокировать доступ пользователя"), "the button asks first");
    assert!(
        page.text.contains("Вход выполнен") && page.text.contains("192.0.2.10"),
        "the login history: {}",
        page.text
    );

    let resp = app.submit(&mut browser, &card, &format!("{card}/block"), &[("reason", ""), ("comment", "")]).await;
    assert_eq!(resp.status, Status::UnprocessableEntity);
    assert!(resp.text.contains("id=\"f-reason-error\"") && resp.text.contains("Выберите основание"), "{}", resp.text);
    app.page(&mut theirs, "/welcome").await.expect(Status::Ok);

    let fields = [("reason", "organization_request"), ("comment", "письмо № 12 от 30.11.2026")];
    let resp = app.submit(&mut browser, &card, &format!("{card}/block"), &fields).await;
    let page = follow(&app, &mut browser, resp).await.expect(Status::Ok);
    assert!(page.text.contains("Доступ заблокирован"), "{}", page.text);
    assert!(
        page.text.contains("Письменное обращение организации. Комментарий: письмо № 12 от 30.11.2026"),
        "{}",
        page.text
    );

    let resp = app.page(&mut theirs, "/welcome").await;
    assert_eq!(resp.status, Status::Forbidden, "the open session stops at once: {}", resp.text);
    assert!(resp.text.contains("заблокирован администратором сайта"));
    let (_, resp) = sign_in(&app, &login, &starting).await;
    assert_eq!(resp.status, Status::Forbidden);
    assert!(resp.text.contains("Доступ к личному кабинету заблокирован"), "{}", resp.text);
    let page = app.page(&mut browser, &card).await.expect(Status::Ok);
    assert!(page.text.contains("Отказ: доступ заблокирован"), "the refused attempt is in the history");
    let blocked = app.page(&mut browser, "/admin/users?status=blocked").await.expect(Status::Ok);
    assert!(blocked.text.contains(&login), "{}", blocked.text);
    assert_eq!(blocked.text.matches("<th scope=\"row\">").count(), 1, "only the blocked one");

    let resp = app.submit(&mut browser, &card, &format!("{card}/unblock"), &[]).await;
    let page = follow(&app, &mut browser, resp).await.expect(Status::Ok);
    assert!(page.text.contains("Доступ восстановлен") && page.text.contains("Заблокировать доступ"));
    let resp = app.page(&mut theirs, "/welcome").await;
    assert_eq!(resp.header("Location"), Some("/login?next=%2Fwelcome"), "the old session does not come back");
    let (_, resp) = sign_in(&app, &login, &starting).await;
    assert_eq!(resp.header("Location"), Some("/welcome"));
}

async fn roles_and_data_change_on_the_card_and_a_new_password_is_shown_once(app: TestApp) {
    let admin = app.admin().await;
    let org = app.organization(&admin, "omsk").await;
    let login = email("card");
    let (id, starting) = app.register(&admin, &login, &org, &[]).await;
    let mut browser = Browser::signed_in(&admin);
    let card = format!("/admin/users/{id}");
    let page = app.page(&mut browser, &card).await.expect(Status::Ok);
    let role = value_before(&page.text, ">Модератор новостей</label>");
    let fields = [
        ("email", login.as_str()),
        ("full_name", "Сидорова Анна Сергеевна"),
        ("position", ""),
        ("phone", ""),
        ("unit_id", org.as_str()),
        ("role_ids", role.as_str()),
    ];
    let resp = app.submit(&mut browser, &card, &card, &fields).await;
    let page = follow(&app, &mut browser, resp).await.expect(Status::Ok);
    assert!(page.text.contains("Изменения сохранены") && page.text.contains("<h1>Сидорова Анна Сергеевна</h1>"));
    let user = app.get(&format!("/api/v1/users/{id}"), Some(&admin)).await.expect(Status::Ok);
    assert_eq!(user.body["roles"][0]["name"], "Модератор новостей");

    let fields = [("email", "не адрес"), ("full_name", ""), ("unit_id", org.as_str())];
    let resp = app.submit(&mut browser, &card, &card, &fields).await;
    assert_eq!(resp.status, Status::UnprocessableEntity);
    assert!(resp.text.contains("f-email-error") && resp.text.contains("f-full_name-error"), "{}", resp.text);

    let resp = app.submit(&mut browser, &card, &format!("{card}/password"), &[]).await.expect(Status::Ok);
    let password = text_of(&resp.text, "starting-password");
    assert_ne!(password, starting);
    assert_eq!(app.login(&login, &starting).await.0.status, Status::Unauthorized, "the old one no longer works");
    assert!(app.login(&login, &password).await.1.is_some());
}

async fn a_user_manager_who_does_not_manage_units_still_sees_and_keeps_a_users_unit(app: TestApp) {
    let admin = app.admin().await;
    let central = app.central(&admin).await;
    let org = app.organization(&admin, "elsewhere").await;
    let (id, _) = app.register(&admin, &email("elsewhere"), &org, &[]).await;
    let (_, manager) = app.staff(&admin, &central, &["users.manage"]).await;
    let mut browser = Browser::signed_in(&manager);
    let list = app.page(&mut browser, "/admin/users").await.expect(Status::Ok);
    assert!(list.text.contains("<td>elsewhere</td>"), "the unit by its name: {}", list.text);
    let card = format!("/admin/users/{id}");
    let page = app.page(&mut browser, &card).await.expect(Status::Ok);
    assert!(page.text.contains(&format!("<option value=\"{org}\" selected>elsewhere (организация)</option>")));
    let fields = [("email", "moved-not@example.ru"), ("full_name", "Новое Имя"), ("unit_id", org.as_str())];
    let resp = app.submit(&mut browser, &card, &card, &fields).await;
    follow(&app, &mut browser, resp).await.expect(Status::Ok);
    let user = app.get(&format!("/api/v1/users/{id}"), Some(&admin)).await.expect(Status::Ok);
    assert_eq!(
        (user.body["full_name"].as_str(), user.body["unit_id"].as_str()),
        (Some("Новое Имя"), Some(org.as_str()))
    );
}

on_both_backends!(
    a_user_manager_who_does_not_manage_units_still_sees_and_keeps_a_users_unit,
    a_user_registered_on_the_page_signs_in_with_the_password_shown,
    blocking_needs_a_ground_and_cuts_the_users_session_at_once,
    roles_and_data_change_on_the_card_and_a_new_password_is_shown_once,
);
