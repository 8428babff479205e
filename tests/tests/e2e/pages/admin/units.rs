//! Organizations and departments created and edited through their pages.

use cabinet_tests::pages::Browser;
use cabinet_tests::{TestApp, on_both_backends};
use rocket::http::Status;

use super::href_of;
use crate::pages::follow;

async fn the_administrator_creates_an_organization_and_a_department(app: TestApp) {
    let admin = app.admin().await;
    let mut browser = Browser::signed_in(&admin);
    let new_org = "/admin/units/new?kind=organization";
    let page = app.page(&mut browser, new_org).await.expect(Status::Ok);
    assert!(page.text.contains("Вид организации") && page.text.contains("Регион"), "{}", page.text);
    let fields = [
        ("kind", "organization"),
        ("full_name", "Татарская республиканская организация Профсоюза"),
        ("short_name", "Татарская РО"),
        ("slug", "tatarstan"),
        ("org_kind", "regional"),
        ("region", "Республика Татарстан"),
    ];
    let resp = app.submit(&mut browser, new_org, "/admin/units", &fields).await;
    let list = follow(&app, &mut browser, resp).await.expect(Status::Ok);
    assert!(list.text.contains("Организация «Татарская РО» создана, адрес — tatarstan."), "{}", list.text);
    assert!(
        list.text.contains("Республика Татарстан") && list.text.contains("<code>tatarstan</code>"),
        "{}",
        list.text
    );

    let new_department = "/admin/units/new?kind=department";
    let page = app.page(&mut browser, new_department).await.expect(Status::Ok);
    assert!(!page.text.contains("Вид организации"), "a department has no kind of organization");
    assert!(page.text.contains("формы отчётности"), "the slug's help says what names it: {}", page.text);
    let fields = [
        ("kind", "department"),
        ("full_name", "Организационное управление"),
        ("short_name", "Оргуправление"),
        ("slug", "organizational"),
    ];
    let resp = app.submit(&mut browser, new_department, "/admin/units", &fields).await;
    let list = follow(&app, &mut browser, resp).await.expect(Status::Ok);
    assert!(list.text.contains("Оргуправление") && list.text.contains("<code>organizational</code>"));

    // The same address again is refused at its field, with what was typed kept.
    let fields = [("kind", "department"), ("full_name", "Другое"), ("short_name", "Другое"), ("slug", "tatarstan")];
    let resp = app.submit(&mut browser, new_department, "/admin/units", &fields).await;
    assert_eq!(resp.status, Status::Conflict, "{}", resp.text);
    assert!(resp.text.contains("id=\"f-slug-error\"") && resp.text.contains("уже занят"), "{}", resp.text);
    assert!(resp.text.contains("value=\"Другое\""));

    // Editing: the organization moves to an interregional kind with another region.
    let edit = href_of(&list.text, "Татарская РО");
    let id = edit.rsplit('/').next().unwrap().to_owned();
    let page = app.page(&mut browser, &edit).await.expect(Status::Ok);
    assert!(page.text.contains("value=\"Республика Татарстан\""), "the form shows what is stored");
    let fields = [
        ("full_name", "Татарская межрегиональная организация Профсоюза"),
        ("short_name", "Татарская МРО"),
        ("slug", "tatarstan"),
        ("org_kind", "interregional"),
        ("region", "Поволжье"),
    ];
    let resp = app.submit(&mut browser, &edit, &edit, &fields).await;
    let list = follow(&app, &mut browser, resp).await.expect(Status::Ok);
    assert!(list.text.contains("Изменения сохранены"), "{}", list.text);
    assert!(
        list.text.contains("Татарская МРО") && list.text.contains("межрегиональная") && list.text.contains("Поволжье")
    );
    let stored = app.get(&format!("/api/v1/units/{id}"), Some(&admin)).await.expect(Status::Ok);
    assert_eq!(stored.body["org_kind"], "interregional");

    let fields = [("full_name", ""), ("short_name", "Т"), ("slug", "Не Латиница"), ("org_kind", "regional")];
    let resp = app.submit(&mut browser, &edit, &edit, &fields).await;
    assert_eq!(resp.status, Status::UnprocessableEntity);
    assert!(
        resp.text.contains("f-full_name-error") && resp.text.contains("f-slug-error"),
        "all at once: {}",
        resp.text
    );
}

on_both_backends!(the_administrator_creates_an_organization_and_a_department);
