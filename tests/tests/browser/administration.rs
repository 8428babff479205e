//! The rest of the cabinet, walked as its people use it: the login and recovery pages, help,
//! a password change, an organization's request for a new user (§3.2) granted by the
//! administrator, and the administrator's other pages — roles, API tokens, a user's card, a
//! unit's card, the audit log, the news norm and the reference-info overview.

use crate::harness::{ADMIN_PASSWORD, Browser, STAFF_PASSWORD, Site};

journeys!(an_access_request_is_granted_and_the_administrators_pages_are_walked);

async fn an_access_request_is_granted_and_the_administrators_pages_are_walked(site: &Site, user: &Browser) {
    let admin = site.app.admin().await;
    let org = site.app.organization(&admin, "kazan").await;
    let chairman = site.person(&org, &["access.request", "profile.edit"]).await;

    // The pages before signing in.
    user.visit("/login").await;
    user.see("Не получается войти?").await;
    user.snapshot("login").await;
    user.follow("Забыли пароль?").await;
    user.snapshot("forgot-password").await;
    user.fill("Адрес электронной почты (логин)", &chairman).await;
    user.press("Отправить ссылку").await;
    user.snapshot("forgot-password-sent").await;

    // The organization asks for a new user, reads the help and changes its password.
    user.sign_in(&chairman, STAFF_PASSWORD).await;
    user.visit("/access-requests").await;
    user.see("Заявок пока не было").await;
    user.snapshot("access-requests-empty").await;
    user.select("Что нужно сделать", "Подключить нового пользователя").await;
    user.fill("Фамилия, имя, отчество нового пользователя", "Петрова Анна Сергеевна").await;
    user.fill("Должность", "бухгалтер").await;
    user.fill("Телефон", "+7 843 765-43-21").await;
    user.fill("Адрес электронной почты (станет логином)", "petrova@example.ru").await;
    user.check("Заполнение и отправка отчётов").await;
    user.press("Отправить заявку").await;
    user.see("Петрова Анна Сергеевна").await;
    user.snapshot("access-requests").await;
    user.follow("Справка по этой странице").await;
    user.see("Заявки на подключение пользователей").await;
    user.snapshot("help").await;
    user.visit("/account/password").await;
    user.see("Смена пароля").await;
    user.snapshot("password-change").await;
    user.fill("Текущий пароль", STAFF_PASSWORD).await;
    user.fill("Новый пароль", "Председатель2027").await;
    user.fill("Новый пароль ещё раз", "Председатель2027").await;
    user.press("Сменить пароль").await;
    let done = user.flash().await;
    assert!(done.contains("Пароль"), "{done}");
    user.snapshot("password-changed").await;
    user.sign_out().await;

    // The administrator grants the request: the new user is registered.
    user.sign_in(&site.app.admin_email, ADMIN_PASSWORD).await;
    user.visit("/admin/access-requests").await;
    user.see("Петрова Анна Сергеевна").await;
    user.snapshot("access-queue").await;
    user.follow("Подключение").await;
    user.see("petrova@example.ru").await;
    user.snapshot("access-request").await;
    user.press("Подключить пользователя").await;
    user.see("petrova@example.ru").await;
    user.snapshot("access-request-granted").await;

    // Roles: a new one made in the editor.
    user.visit("/admin/roles").await;
    user.snapshot("admin-roles").await;
    user.follow("Создать роль").await;
    user.fill("Название роли", "Пресс-секретарь").await;
    user.fill("Описание", "Новости и фотографии организации.").await;
    user.check("Подготовка новостей и фотогалерей").await;
    user.check("Загрузка фотографий и документов").await;
    user.snapshot("admin-role-new").await;
    user.press("Создать роль").await;
    user.see("Пресс-секретарь").await;
    user.follow("Пресс-секретарь").await;
    user.see("Роль «Пресс-секретарь»").await;
    user.snapshot("admin-role").await;

    // An API token for a site: its secret is shown once.
    user.visit("/admin/tokens").await;
    user.see("Токенов ещё не выдавали").await;
    user.snapshot("admin-tokens-empty").await;
    user.fill("Кто пользуется токеном", "Сайт Казанской организации").await;
    user.select("От имени подразделения", "kazan (организация)").await;
    user.press("Выдать токен").await;
    let secret = user.text_of("#token-secret").await;
    assert!(secret.len() >= 32, "the secret is shown once: «{secret}»");
    user.snapshot("admin-token-issued").await;
    user.follow("Все токены").await;
    user.see("Сайт Казанской организации").await;
    user.dont_see(&secret).await;
    user.snapshot("admin-tokens").await;

    // A user's card, a unit's card and the overviews.
    user.visit("/admin/users").await;
    user.follow("Петрова Анна Сергеевна").await;
    user.see("История входов").await;
    user.snapshot("admin-user-card").await;
    user.visit("/admin/units").await;
    user.follow("kazan").await;
    user.snapshot("admin-unit").await;
    user.visit("/admin/audit").await;
    user.see("Журнал аудита").await;
    user.snapshot("admin-audit").await;
    user.visit("/admin/news-norm").await;
    user.see("kazan").await;
    user.snapshot("admin-news-norm").await;
    user.visit("/admin/profiles").await;
    user.see("kazan").await;
    user.snapshot("admin-profiles").await;

    // Operations: nothing announced, then planned maintenance that every page shows (§2.7).
    user.visit("/admin/operations").await;
    user.see("Плановых работ не объявлено").await;
    user.snapshot("admin-operations-empty").await;
    // Announced through the API: a date-time field is typed differently in every browser.
    let start = time::OffsetDateTime::now_utc() + time::Duration::hours(30);
    let rfc = |t: time::OffsetDateTime| t.format(&time::format_description::well_known::Rfc3339).unwrap();
    let body = serde_json::json!({ "starts_at": rfc(start), "ends_at": rfc(start + time::Duration::hours(2)),
                                   "note": "Переезд на новый сервер." });
    site.app.post("/api/v1/maintenance", body, Some(&admin)).await.expect(rocket::http::Status::Created);
    // The listening instance reads announcements every five seconds.
    tokio::time::sleep(std::time::Duration::from_millis(5500)).await;
    user.visit("/admin/operations").await;
    user.see("Переезд на новый сервер.").await;
    user.see("Технические работы.").await;
    user.snapshot("admin-operations").await;
}
