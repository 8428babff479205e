//! Access requests through pages: the organization files one (every problem at its field), the
//! administrator declines one without a reason (refused at the field) and approves another,
//! seeing the starting password once; the organization sees each request's state.

use cabinet_tests::pages::Browser;
use cabinet_tests::{TestApp, on_both_backends};
use rocket::http::Status;

use super::follow;

async fn an_organization_asks_and_the_administrator_decides_on_pages(app: TestApp) {
    let admin = app.admin().await;
    let org = app.organization(&admin, "access-pages").await;
    let (_, chair) = app.staff(&admin, &org, &["access.request"]).await;
    let mut browser = Browser::signed_in(&chair);
    let page = app.page(&mut browser, "/access-requests").await.expect(Status::Ok);
    assert!(page.text.contains("Заявок пока не было"));
    assert!(
        page.text.contains("<option value=\"\" selected>— выберите —</option>"),
        "no kind is chosen for the person"
    );

    // Nothing chosen: asked at the list, what was typed stays.
    let fields = [("kind", ""), ("full_name", "Петрова Анна Сергеевна")];
    let resp = app.submit(&mut browser, "/access-requests", "/access-requests", &fields).await;
    assert_eq!(resp.status, Status::UnprocessableEntity, "{}", resp.text);
    assert!(resp.text.contains("id=\"f-kind-error\""), "{}", resp.text);
    assert!(resp.text.contains("value=\"Петрова Анна Сергеевна\""), "{}", resp.text);

    let resp = app
        .submit(
            &mut browser,
            "/access-requests",
            "/access-requests",
            &[("kind", "connect"), ("phone", "123"), ("email", "не адрес")],
        )
        .await;
    assert_eq!(resp.status, Status::UnprocessableEntity, "{}", resp.text);
    for id in ["f-full_name-error", "f-phone-error", "f-email-error", "functions-error"] {
        assert!(resp.text.contains(&format!("id=\"{id}\"")), "{id}: {}", resp.text);
    }
    let fields = [
        ("kind", "connect"),
        ("full_name", "Петрова Анна Сергеевна"),
        ("position", "специалист по оргработе"),
        ("phone", "+7 495 123-45-67"),
        ("email", "petrova@example.ru"),
        ("functions", "news.write"),
        ("functions", "reports.fill"),
    ];
    let resp = app.submit(&mut browser, "/access-requests", "/access-requests", &fields).await;
    let page = follow(&app, &mut browser, resp).await.expect(Status::Ok);
    assert!(page.text.contains("Заявка отправлена") && page.text.contains("Петрова Анна Сергеевна"), "{}", page.text);

    let mut adm = Browser::signed_in(&admin);
    let queue = app.page(&mut adm, "/admin/access-requests").await.expect(Status::Ok);
    assert!(queue.text.contains("<td>access-pages</td>"), "the organization it came from: {}", queue.text);
    let marker = "href=\"/admin/access-requests/";
    let at = queue.text.find(marker).expect("the request is queued") + marker.len();
    let id = queue.text[at..].split('"').next().unwrap().to_owned();
    let here = format!("/admin/access-requests/{id}");
    let page = app.page(&mut adm, &here).await.expect(Status::Ok);
    assert!(page.text.contains("Подготовка новостей и фотогалерей"), "the functions asked for, in Russian");
    assert!(page.text.contains("<dt>Организация</dt><dd>access-pages</dd>"), "{}", page.text);
    // The roles that give the functions asked for are ticked beforehand; the administrator's not.
    let ticked = |role: &str| {
        let at = page.text.find(&format!("\">{role} — ")).unwrap_or_else(|| panic!("{role}: {}", page.text));
        let input = &page.text[page.text[..at].rfind("<input").unwrap()..at];
        input.contains(" checked>")
    };
    assert!(ticked("Редактор организации") && ticked("Ответственный за отчётность"));
    assert!(!ticked("Администратор сайта") && !ticked("Модератор новостей"));
    let resp = app.submit(&mut adm, &here, &format!("{here}/decline"), &[("reason", "")]).await;
    assert_eq!(resp.status, Status::UnprocessableEntity, "{}", resp.text);
    assert!(resp.text.contains("id=\"f-reason-error\""), "{}", resp.text);

    let marker = "name=\"role_ids\" value=\"";
    let at = page.text.find(marker).expect("roles to choose") + marker.len();
    let role = page.text[at..].split('"').next().unwrap().to_owned();
    let resp = app.submit(&mut adm, &here, &format!("{here}/approve"), &[("role_ids", &role)]).await;
    assert_eq!(resp.status, Status::Ok, "{}", resp.text);
    assert!(resp.text.contains("Стартовый пароль:") && resp.text.contains("petrova@example.ru"), "{}", resp.text);

    let page = app.page(&mut browser, "/access-requests").await.expect(Status::Ok);
    assert!(page.text.contains("логин petrova@example.ru"), "{}", page.text);
    let resp = app.submit(&mut adm, &here, &format!("{here}/approve"), &[("role_ids", &role)]).await;
    assert_eq!(resp.status, Status::Conflict, "deciding twice is refused: {}", resp.text);
}

on_both_backends!(an_organization_asks_and_the_administrator_decides_on_pages);
