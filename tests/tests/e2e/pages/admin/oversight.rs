//! What the administrator watches: the month's publishing norm, profiles awaiting confirmation
//! and the audit log.

use cabinet_tests::pages::Browser;
use cabinet_tests::{TestApp, on_both_backends};
use rocket::http::Status;

use super::{email, href_of};

async fn the_norm_report_puts_organizations_behind_first_with_its_csv(app: TestApp) {
    let admin = app.admin().await;
    app.organization(&admin, "norm-one").await;
    let mut browser = Browser::signed_in(&admin);
    let page = app.page(&mut browser, "/admin/news-norm?month=2026-11").await.expect(Status::Ok);
    assert!(page.text.contains("Норма публикаций: ноябрь 2026"), "{}", page.text);
    assert!(page.text.contains("<th scope=\"row\">norm-one</th>") && page.text.contains("не выполнена"));
    assert!(page.text.contains("Отстают от нормы: 1 из 1"));
    let csv = href_of(&page.text, "Скачать CSV для Excel");
    assert_eq!(csv, "/api/v1/news/norm?month=2026-11&format=csv");
    let file = app.page(&mut browser, &csv).await.expect(Status::Ok);
    assert!(file.header("Content-Type").unwrap().starts_with("text/csv"));
    assert!(file.text.contains("norm-one;Тестовая область;0;2;да"), "{}", file.text);
    assert_eq!(href_of(&page.text, "Следующий месяц →"), "/admin/news-norm?month=2026-12");

    let resp = app.page(&mut browser, "/admin/news-norm?month=2026-13").await;
    assert_eq!(resp.status, Status::UnprocessableEntity);
    assert!(resp.text.contains("id=\"f-month-error\"") && resp.text.contains("ГГГГ-ММ"), "{}", resp.text);
}

async fn organizations_that_never_confirmed_their_data_are_listed(app: TestApp) {
    let admin = app.admin().await;
    app.organization(&admin, "never-confirmed").await;
    let mut browser = Browser::signed_in(&admin);
    let page = app.page(&mut browser, "/admin/profiles").await.expect(Status::Ok);
    assert!(page.text.contains("never-confirmed") && page.text.contains("ни разу"), "{}", page.text);
    assert!(page.text.contains("Ждут подтверждения: 1"));
}

async fn the_audit_log_shows_the_creation_and_filters_it(app: TestApp) {
    let admin = app.admin().await;
    let org = app.organization(&admin, "audited").await;
    let login = email("audited");
    let (id, _) = app.register(&admin, &login, &org, &[]).await;
    let mut browser = Browser::signed_in(&admin);
    let page = app.page(&mut browser, "/admin/audit").await.expect(Status::Ok);
    assert!(page.text.contains("Регистрация пользователя<br><code>user.created</code>"), "{}", page.text);
    assert!(page.text.contains("Создание организации или управления<br><code>unit.created</code>"));
    assert!(page.text.contains(&format!("пользователь {id}")), "the target: {}", page.text);
    assert!(page.text.contains("(МСК)"), "times on Moscow time");

    let page = app.page(&mut browser, "/admin/audit?action=user.created").await.expect(Status::Ok);
    assert!(page.text.contains(&format!("пользователь {id}")) && !page.text.contains("<code>unit.created</code>"));
    assert!(page.text.contains("<option value=\"user.created\" selected>"), "the filter stays chosen");
    let page = app.page(&mut browser, &format!("/admin/audit?target={id}")).await.expect(Status::Ok);
    assert!(page.text.contains("<code>user.created</code>") && !page.text.contains("<code>auth.login</code>"));
    // The actor's name leads to their actions alone.
    let mine = href_of(&page.text, &app.admin_email);
    assert!(mine.contains("actor=") && mine.contains(&format!("target={id}")), "{mine}");

    let page = app.page(&mut browser, "/admin/audit?from=2000-01-01&to=2000-01-31").await.expect(Status::Ok);
    assert!(page.text.contains("Записей с такими условиями нет"));
    let resp = app.page(&mut browser, "/admin/audit?from=30.11.2026").await;
    assert_eq!(resp.status, Status::UnprocessableEntity);
    assert!(resp.text.contains("id=\"f-from-error\""), "{}", resp.text);

    // Paging: with more entries than a page, the next link continues where this one ended.
    for _ in 0..51 {
        app.role(&admin, &[]).await;
    }
    let page = app.page(&mut browser, "/admin/audit?action=role.created").await.expect(Status::Ok);
    let next = href_of(&page.text, "Более ранние записи →");
    let older = app.page(&mut browser, &next).await.expect(Status::Ok);
    assert!(older.text.contains("<code>role.created</code>") && older.text.contains("← К новым записям"));
}

on_both_backends!(
    the_norm_report_puts_organizations_behind_first_with_its_csv,
    organizations_that_never_confirmed_their_data_are_listed,
    the_audit_log_shows_the_creation_and_filters_it,
);
