//! The administrator registers an organization and its first user from the admin pages; the
//! user signs in with the starting password, replaces it, accepts the regulation and fills the
//! organization's reference info, then confirms it (§3.2, §3.3, §6.2, §6.3).

use crate::harness::{ADMIN_PASSWORD, Browser, Site};

journeys!(an_organization_is_registered_and_its_first_user_starts_work);

const EMAIL: &str = "kazan.editor@example.ru";

async fn an_organization_is_registered_and_its_first_user_starts_work(site: &Site, user: &Browser) {
    site.app.admin().await;
    user.sign_in(&site.app.admin_email, ADMIN_PASSWORD).await;
    user.see("Что требует внимания").await;
    user.snapshot("admin-dashboard").await;

    // A new organization: an address in Cyrillic is refused at its field, what was typed stays.
    user.visit("/admin/units").await;
    user.follow("Добавить организацию").await;
    user.fill("Полное наименование", "Татарская республиканская организация Профсоюза").await;
    user.fill("Краткое наименование", "Татарская РО").await;
    user.fill("Адрес страницы на сайте (латиницей)", "татарстан").await;
    user.select("Вид организации", "Региональная").await;
    user.fill("Регион", "Республика Татарстан").await;
    user.snapshot("admin-unit-new").await;
    user.press("Создать").await;
    let refusal = user.field_error("Адрес страницы на сайте (латиницей)").await;
    assert!(refusal.contains("латинск"), "{refusal}");
    assert_eq!(user.value("Полное наименование").await, "Татарская республиканская организация Профсоюза");
    assert_eq!(user.value("Вид организации").await, "regional", "the choice stays");
    user.snapshot("admin-unit-refused").await;
    user.fill("Адрес страницы на сайте (латиницей)", "tatarstan").await;
    user.press("Создать").await;
    let done = user.flash().await;
    assert!(done.contains("Организация «Татарская РО» создана"), "{done}");
    user.see("Республика Татарстан").await;
    user.snapshot("admin-units").await;

    // Its first user, with two of the default roles; the starting password is shown once.
    user.visit("/admin/users/new").await;
    user.fill("Логин — адрес электронной почты", EMAIL).await;
    user.fill("ФИО", "Сафина Гульнара Ильдаровна").await;
    user.fill("Должность", "специалист по информационной работе").await;
    user.fill("Контактный телефон", "+7 843 000-00-00").await;
    user.select("Подразделение", "Татарская РО (организация)").await;
    user.check("Редактор организации").await;
    user.check("Ответственный за отчётность").await;
    user.snapshot("admin-user-new").await;
    user.press("Зарегистрировать").await;
    let starting = user.text_of("#starting-password").await;
    assert!(starting.len() >= 10, "a starting password: «{starting}»");
    user.see(EMAIL).await;
    user.snapshot("admin-user-registered").await;
    user.visit("/admin/users").await;
    user.see("Сафина Гульнара Ильдаровна").await;
    user.snapshot("admin-users").await;
    user.sign_out().await;

    // The first login: the starting password is replaced, then the regulation accepted.
    user.sign_in(EMAIL, &starting).await;
    user.see("Первый вход в личный кабинет").await;
    user.see("Шаг 1. Задайте свой пароль").await;
    user.snapshot("first-login-password").await;
    user.fill("Стартовый пароль (из письма или от администратора)", &starting).await;
    user.fill("Новый пароль", "Казань2026июнь").await;
    user.fill("Новый пароль ещё раз", "Казань2026июль").await;
    user.press("Сохранить пароль").await;
    let refusal = user.field_error("Новый пароль ещё раз").await;
    assert!(refusal.contains("Пароли не совпадают"), "{refusal}");
    user.fill("Стартовый пароль (из письма или от администратора)", &starting).await;
    user.fill("Новый пароль", "Казань2026июнь").await;
    user.fill("Новый пароль ещё раз", "Казань2026июнь").await;
    user.press("Сохранить пароль").await;
    user.see("Шаг 2. Положение о Системе личных кабинетов").await;
    user.see("редакция от 28 марта 2023 г. № 8-17").await;
    user.snapshot("first-login-regulation").await;
    user.check("Я ознакомился(-ась) с Положением и принимаю его").await;
    user.press("Принять Положение").await;
    user.see("Что требует внимания").await;
    user.see("Актуальность сведений ещё ни разу не подтверждена").await;
    user.snapshot("org-dashboard").await;

    // The reference info: a malformed phone is refused at its field, then everything is saved
    // and confirmed as current.
    user.follow("Справочная информация организации").await;
    user.snapshot("profile-empty").await;
    user.fill("Полное наименование организации", "Татарская республиканская организация Профсоюза").await;
    user.fill("ФИО председателя организации", "Хасанов Ильдар Рашитович").await;
    user.fill("Адрес", "420111, г. Казань, ул. Пушкина, д. 1").await;
    user.fill("Телефон", "12-34").await;
    user.fill("E-mail организации", "info@tatarstan.example.ru").await;
    user.fill("Сайт организации", "https://tatarstan.example.ru").await;
    user.fill("Страница в социальной сети № 1", "https://vk.com/tatarstan_profsoyuz").await;
    user.press("Сохранить").await;
    let refusal = user.field_error("Телефон").await;
    assert!(!refusal.trim().is_empty(), "the phone's problem is said at it");
    user.snapshot("profile-refused").await;
    user.fill("Телефон", "+7 843 123-45-67").await;
    user.press("Сохранить").await;
    user.see("Все обязательные сведения заполнены.").await;
    user.press("Данные актуальны").await;
    user.see("Актуальность подтверждена").await;
    user.snapshot("profile-confirmed").await;
    user.follow("История изменений").await;
    user.see("Хасанов Ильдар Рашитович").await;
    user.snapshot("profile-history").await;

    // The organization's public page shows it at once.
    user.visit("/o/tatarstan").await;
    user.see("Хасанов Ильдар Рашитович").await;
    user.see("+7 843 123-45-67").await;
    user.snapshot("public-org-page").await;
}
