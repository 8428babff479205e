//! The roles editor: permissions ticked by their Russian names, the role then offered on the
//! user's form.

use cabinet_tests::pages::Browser;
use cabinet_tests::{TestApp, on_both_backends};
use rocket::http::Status;

use super::href_of;
use crate::pages::follow;

async fn a_role_made_in_the_editor_is_offered_on_the_user_form(app: TestApp) {
    let admin = app.admin().await;
    let mut browser = Browser::signed_in(&admin);
    let page = app.page(&mut browser, "/admin/roles/new").await.expect(Status::Ok);
    for label in ["Подготовка новостей и фотогалерей", "Загрузка фотографий и документов", "Просмотр журнала аудита"]
    {
        assert!(page.text.contains(&format!(">{label}</label>")), "{label}: {}", page.text);
    }
    assert!(page.text.contains("<legend>Работа организации</legend>"), "grouped: {}", page.text);

    let fields = [
        ("name", "Пресс-секретарь"),
        ("description", "Новости и фотографии организации"),
        ("permissions", "news.write"),
        ("permissions", "media.upload"),
    ];
    let resp = app.submit(&mut browser, "/admin/roles/new", "/admin/roles", &fields).await;
    let list = follow(&app, &mut browser, resp).await.expect(Status::Ok);
    assert!(list.text.contains("Роль «Пресс-секретарь» создана"), "{}", list.text);
    assert!(list.text.contains("<li>Подготовка новостей и фотогалерей</li><li>Загрузка фотографий и документов</li>"));
    let form = app.page(&mut browser, "/admin/users/new").await.expect(Status::Ok);
    assert!(form.text.contains(">Пресс-секретарь</label>"), "the new role is offered: {}", form.text);

    let edit = href_of(&list.text, "Пресс-секретарь");
    let page = app.page(&mut browser, &edit).await.expect(Status::Ok);
    assert!(page.text.contains("value=\"news.write\" checked") && !page.text.contains("value=\"audit.read\" checked"));
    let fields = [("name", "Пресс-секретарь"), ("description", ""), ("permissions", "news.write")];
    let resp = app.submit(&mut browser, &edit, &edit, &fields).await;
    follow(&app, &mut browser, resp).await.expect(Status::Ok);
    let role = app.get(&format!("/api/v1/roles/{}", edit.rsplit('/').next().unwrap()), Some(&admin)).await;
    assert_eq!(role.expect(Status::Ok).body["permissions"], serde_json::json!(["news.write"]));

    // A name taken is refused at its field; an unheld role can be deleted.
    let fields = [("name", "Модератор новостей"), ("permissions", "news.write")];
    let resp = app.submit(&mut browser, "/admin/roles/new", "/admin/roles", &fields).await;
    assert_eq!(resp.status, Status::Conflict);
    assert!(resp.text.contains("f-name-error") && resp.text.contains("value=\"news.write\" checked"), "{}", resp.text);
    let resp = app.submit(&mut browser, &edit, &format!("{edit}/delete"), &[]).await;
    let list = follow(&app, &mut browser, resp).await.expect(Status::Ok);
    assert!(list.text.contains("Роль удалена") && !list.text.contains("Пресс-секретарь"));
}

on_both_backends!(a_role_made_in_the_editor_is_offered_on_the_user_form);
