//! The OpenAPI 3.1 document of the JSON API, served at `/api/v1/openapi.json`.

mod conformance;

use std::sync::OnceLock;

use rocket::http::ContentType;
use rocket::{get, routes};
use utoipa::OpenApi;

use crate::routes::{
    appeals, audit, auth, galleries, materials, media, news, profiles, public, reports, reset, roles, tokens, units,
    users,
};

#[derive(OpenApi)]
#[openapi(
    info(title = "Cabinet API", description = "Личные кабинеты организаций Профсоюза: API администрирования и кабинета."),
    paths(
        openapi_json,
        auth::login, auth::logout, auth::me, auth::change_password, auth::regulation, auth::accept_regulation,
        reset::request, reset::confirm,
        units::list, units::create, units::get_one, units::update,
        profiles::get_one, profiles::update, profiles::confirm, profiles::history, profiles::overdue,
        users::list, users::create, users::get_one, users::update, users::block, users::unblock,
        users::issue_password, users::logins_of,
        roles::permissions, roles::list, roles::create, roles::get_one, roles::update, roles::remove,
        tokens::list, tokens::create, tokens::revoke,
        audit::list,
        media::upload::upload_photo, media::upload::upload_document, media::manage::list, media::manage::get_one,
        media::manage::publish, media::manage::remove,
        news::items::create, news::items::list, news::items::get_one, news::items::queue, news::norm::report,
        news::moves::update,
        news::moves::submit, news::moves::publish, news::moves::reject, news::moves::unpublish,
        galleries::items::create, galleries::items::list, galleries::items::get_one, galleries::items::queue,
        galleries::moves::update, galleries::moves::submit, galleries::moves::publish, galleries::moves::reject,
        galleries::moves::unpublish,
        crate::routes::documents::items::list, crate::routes::documents::items::add,
        crate::routes::documents::items::update, crate::routes::documents::items::remove,
        crate::routes::documents::items::publish, crate::routes::documents::items::hide,
        materials::send, materials::sent, materials::get_one, materials::inbox,
        appeals::public::consent, appeals::public::send, appeals::staff::list, appeals::staff::get_one,
        appeals::staff::answered,
        crate::routes::access_requests::filing::create, crate::routes::access_requests::filing::withdraw,
        crate::routes::access_requests::read::list, crate::routes::access_requests::read::users,
        crate::routes::access_requests::read::queue, crate::routes::access_requests::read::get_one,
        crate::routes::access_requests::deciding::approve, crate::routes::access_requests::deciding::decline,
        public::organizations::directory, public::organizations::page_of, public::organizations::news,
        public::news::list, public::news::item, public::feeds::global, public::feeds::organization,
        public::galleries::albums, public::galleries::album,
        reports::definitions::meta_schema, reports::definitions::list, reports::definitions::get_one,
        reports::definitions::upload,
        reports::fill::list, reports::fill::get_report, reports::fill::save, reports::fill::submit, reports::fill::prefill,
        reports::review::completeness, reports::review::get_submitted, reports::review::accept, reports::review::send_back,
        reports::review::exempt, reports::review::extend,
        reports::table::table_json, reports::table::export_csv, reports::table::export_xlsx, reports::table::template,
        reports::table::upload,
        crate::routes::operations::undelivered, crate::routes::operations::send_again,
        crate::routes::operations::recent_jobs, crate::routes::operations::maintenance_ahead,
        crate::routes::operations::announce, crate::routes::operations::cancel,
        crate::routes::operations::backups, crate::routes::operations::back_up_now,
    ),
    tags(
        (name = "auth", description = "Вход, сеансы, пароль и Положение"),
        (name = "units", description = "Организации и управления"),
        (name = "profiles", description = "Справочная информация организаций и её ежеквартальное подтверждение"),
        (name = "users", description = "Пользователи"),
        (name = "roles", description = "Роли и права"),
        (name = "tokens", description = "API-токены"),
        (name = "audit", description = "Журнал аудита"),
        (name = "media", description = "Фотографии и документы; сами файлы отдаются по адресу /media/{id}"),
        (name = "meta", description = "Описание API"),
        (name = "news", description = "Новости организаций и их модерация"),
        (name = "galleries", description = "Фотогалереи мероприятий организаций и их модерация; фотографии \
            опубликованной фотогалереи отдаются всем по адресу /media/{id}"),
        (name = "documents", description = "Список документов на странице организации: публикует сама организация; \
            скрытая запись уходит со страницы, но опубликованный файл остаётся доступен по своему адресу /media/{id}"),
        (name = "materials", description = "Информационные материалы ЦК для организаций"),
        (name = "appeals", description = "Электронные обращения граждан в организации (§4.2)"),
        (name = "operations", description = "Эксплуатация: недоставленные письма, фоновые задания, объявления \
            о технических работах (§2.7)"),
        (name = "access_requests", description = "Заявки организаций на подключение, замену и отключение \
            пользователей (§3.2, §3.6–3.8) и решения администратора сайта по ним"),
        (name = "forms", description = "Формы отчётности (§7.2): файлы-плагины в формате JSON Schema; управление \
            загружает новую форму или версию без перезапуска"),
        (name = "reports", description = "Отчёты организаций по формам (§7): заполнение, отправка, проверка \
            ответственным управлением, полнота сдачи"),
        (name = "public", description = "Для сайтов: только опубликованное, без входа. Каждый ответ несёт ETag \
            и на If-None-Match отвечает 304; списки листаются курсором next_cursor"),
    )
)]
pub struct ApiDoc;

pub fn routes() -> Vec<rocket::Route> {
    routes![openapi_json]
}

/// The generated document completed with what every route's shape implies, as JSON.
pub fn document() -> &'static str {
    static DOCUMENT: OnceLock<String> = OnceLock::new();
    DOCUMENT.get_or_init(|| {
        let generated = serde_json::to_value(ApiDoc::openapi()).unwrap_or_default();
        conformance::complete(generated).to_string()
    })
}

/// This document.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "meta",
    responses((status = 200, description = "Документ OpenAPI 3.1", content_type = "application/json")))]
#[get("/openapi.json")]
pub fn openapi_json() -> (ContentType, &'static str) {
    (ContentType::JSON, document())
}
