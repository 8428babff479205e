//! The dashboard shows each visitor what needs them, as far as their permissions reach.

use cabinet_tests::pages::Browser;
use cabinet_tests::{TestApp, on_both_backends};
use rocket::http::Status;

async fn the_dashboard_shows_what_the_permissions_reach(app: TestApp) {
    let admin = app.admin().await;
    let org = app.organization(&admin, "dashboard-org").await;
    let perms = ["reports.fill", "news.write", "profile.edit", "materials.read"];
    let (_, staff) = app.staff(&admin, &org, &perms).await;
    let page = app.page(&mut Browser::signed_in(&staff), "/").await.expect(Status::Ok);
    for heading in ["Отчёты", "Новости этого месяца", "Справочная информация", "Материалы ЦК Профсоюза"]
    {
        assert!(page.text.contains(&format!(">{heading}</h2>")), "{heading}: {}", page.text);
    }
    assert!(page.text.contains("Опубликовано: <strong>0</strong> из 2"), "the norm of two a month");
    assert!(page.text.contains("ни разу не подтверждена"));
    assert!(!page.text.contains("Модерация новостей"));
    assert!(page.text.contains("<a href=\"/reports/"), "each report due leads to its page: {}", page.text);
    for own in ["/reports", "/profile", "/news"] {
        assert!(page.text.contains(&format!("href=\"{own}\"")), "{own} is in an organization's menu");
    }

    let (_, nobody) = app.staff(&admin, &org, &[]).await;
    let page = app.page(&mut Browser::signed_in(&nobody), "/").await.expect(Status::Ok);
    assert!(!page.text.contains("<h2"), "nothing the permissions do not reach: {}", page.text);

    let central = app.central(&admin).await;
    let (_, moderator) = app.staff(&admin, &central, &["news.moderate"]).await;
    let page = app.page(&mut Browser::signed_in(&moderator), "/").await.expect(Status::Ok);
    assert!(page.text.contains("Модерация новостей") && page.text.contains("Очередь пуста"), "{}", page.text);
    assert!(page.text.contains(">Главная</a>"), "the menu is shown");

    // The administrator of the central committee holds every permission, but has no reports,
    // reference info, news or requests of an organization to do: the menu does not offer them.
    let page = app.page(&mut Browser::signed_in(&admin), "/").await.expect(Status::Ok);
    assert!(page.text.contains("href=\"/admin/units\""), "{}", page.text);
    for own in ["/reports", "/profile", "/news", "/access-requests"] {
        assert!(!page.text.contains(&format!("href=\"{own}\"")), "{own} is not in the central menu: {}", page.text);
    }
}

async fn a_department_sees_the_completeness_of_its_forms(app: TestApp) {
    let admin = app.admin().await;
    app.organization(&admin, "dash-reporter").await;
    let department = app.department(&admin, "organizational").await;
    let (_, reviewer) = app.staff(&admin, &department, &["reports.review"]).await;
    let page = app.page(&mut Browser::signed_in(&reviewer), "/").await.expect(Status::Ok);
    assert!(page.text.contains("Сбор отчётов"), "{}", page.text);
    assert!(page.text.contains("<td class=\"num\">"), "a row per form with a current period: {}", page.text);
}

on_both_backends!(the_dashboard_shows_what_the_permissions_reach, a_department_sees_the_completeness_of_its_forms);
