//! The organization's reference info through its page: every field's problem at its field, what
//! is still missing, the confirmation «Данные актуальны» (§6.2, §6.3) and the history.

use cabinet_tests::pages::Browser;
use cabinet_tests::{TestApp, on_both_backends};
use rocket::http::Status;

use super::follow;

const FILLED: [(&str, &str); 7] = [
    ("full_name", "Татарская республиканская организация Профсоюза работников здравоохранения РФ"),
    ("chairman", "Иванова Мария Петровна"),
    ("address", "420111, г. Казань, ул. Пушкина, д. 1"),
    ("phone", "8 (843) 123-45-67"),
    ("email", "Info@Tatprof.example.ru"),
    ("website", "https://tatprof.example.ru"),
    ("social[0]", "https://vk.com/tatprof"),
];

async fn reference_info_is_refused_at_its_field_then_saved_and_confirmed(app: TestApp) {
    let admin = app.admin().await;
    let org = app.organization(&admin, "profile-page").await;
    let (_, staff) = app.staff(&admin, &org, &["profile.edit"]).await;
    let mut browser = Browser::signed_in(&staff);

    let page = app.page(&mut browser, "/profile").await.expect(Status::Ok);
    assert!(page.text.contains("Ещё не заполнено") && page.text.contains("ФИО председателя"), "{}", page.text);
    assert!(page.text.contains("ни разу не подтверждена"));
    assert!(page.text.contains(">Справочная информация</a>"), "the menu has the section");

    // Confirming an empty profile is refused, each missing field named at its input.
    let resp = app.submit(&mut browser, "/profile", "/profile/confirm", &[]).await;
    assert_eq!(resp.status, Status::UnprocessableEntity, "{}", resp.text);
    assert!(resp.text.contains("id=\"f-chairman-error\""), "the missing field is marked: {}", resp.text);

    let mut fields = FILLED.to_vec();
    fields[3] = ("phone", "12345");
    let resp = app.submit(&mut browser, "/profile", "/profile", &fields).await;
    assert_eq!(resp.status, Status::UnprocessableEntity, "{}", resp.text);
    assert!(resp.text.contains("id=\"f-phone-error\""), "the phone's problem at the phone: {}", resp.text);
    assert!(!resp.text.contains("id=\"f-address-error\""), "only the wrong field is marked");
    assert!(resp.text.contains("value=\"420111, г. Казань, ул. Пушкина, д. 1\""), "what was typed stays");

    let resp = app.submit(&mut browser, "/profile", "/profile", &FILLED).await;
    let page = follow(&app, &mut browser, resp).await.expect(Status::Ok);
    assert!(page.text.contains("Справочная информация сохранена."), "{}", page.text);
    assert!(page.text.contains("Все обязательные сведения заполнены"));
    assert!(page.text.contains("+7 843 123-45-67"), "the phone as the API normalised it: {}", page.text);

    let resp = app.submit(&mut browser, "/profile", "/profile/confirm", &[]).await;
    let page = follow(&app, &mut browser, resp).await.expect(Status::Ok);
    assert!(page.text.contains("Актуальность сведений подтверждена"), "{}", page.text);
    assert!(page.text.contains("Следующий раз подтвердите сведения до"), "{}", page.text);

    let history = app.page(&mut browser, "/profile/history").await.expect(Status::Ok);
    assert!(history.text.contains("Телефон") && history.text.contains("+7 843 123-45-67"), "{}", history.text);
    let api = app.get(&format!("/api/v1/units/{org}/profile"), Some(&staff)).await.expect(Status::Ok);
    assert_eq!(api.body["confirmation"]["status"], "current");
}

on_both_backends!(reference_info_is_refused_at_its_field_then_saved_and_confirmed);
