//! The audit log (§2.4): who did what to what and when, newest first, filtered by the action,
//! the actor, the target and a period of days on Moscow time, a page at a time.

use cabinet_core::audit::AuditAction;
use cabinet_core::policy::{Global, ReadAudit, authorize};
use rocket::http::Status;
use rocket::{State, get, routes};
use serde::Serialize;
use serde_json::{Value, json};

use super::{dates_as_text, day_start, moscow, select, with_query};
use crate::App;
use crate::pages::input::{Input, Inputs};
use crate::pages::reply::PageResult;
use crate::pages::visitor::Visitor;
use crate::routes::audit::{self, AuditEntryView};

const SECTION: &str = "/admin/audit";
const PAGE_SIZE: &str = "50";

pub fn routes() -> Vec<rocket::Route> {
    routes![log]
}

/// What each action of the log is called on the page.
const ACTIONS: &[(&str, &str)] = &[
    ("auth.login", "Вход в кабинет"),
    ("auth.login_failed", "Неудачная попытка входа"),
    ("auth.logout", "Выход из кабинета"),
    ("auth.password_changed", "Смена пароля"),
    ("auth.password_reset_requested", "Запрос восстановления пароля"),
    ("auth.password_reset_completed", "Пароль восстановлен"),
    ("auth.regulation_accepted", "Принятие Положения"),
    ("user.bootstrap_admin", "Создан первый администратор"),
    ("user.created", "Регистрация пользователя"),
    ("access_request.created", "Подана заявка на подключение"),
    ("access_request.approved", "Заявка на подключение одобрена"),
    ("access_request.declined", "Заявка на подключение отклонена"),
    ("access_request.withdrawn", "Заявка на подключение отозвана"),
    ("user.updated", "Изменение пользователя"),
    ("user.blocked", "Блокировка доступа"),
    ("user.unblocked", "Восстановление доступа"),
    ("user.password_issued", "Выдан стартовый пароль"),
    ("role.created", "Создание роли"),
    ("role.updated", "Изменение роли"),
    ("role.deleted", "Удаление роли"),
    ("unit.created", "Создание организации или управления"),
    ("unit.updated", "Изменение организации или управления"),
    ("token.created", "Выдача API-токена"),
    ("token.revoked", "Отзыв API-токена"),
    ("media.uploaded", "Загрузка файла"),
    ("media.published", "Публикация файла"),
    ("media.deleted", "Удаление файла"),
    ("profile.updated", "Изменение справочной информации"),
    ("profile.confirmed", "Подтверждение справочной информации"),
    ("news.created", "Создание новости"),
    ("news.updated", "Изменение новости"),
    ("news.submitted", "Новость отправлена на модерацию"),
    ("news.published", "Публикация новости"),
    ("news.rejected", "Отклонение новости"),
    ("news.unpublished", "Снятие новости с публикации"),
    ("gallery.created", "Создание фотогалереи"),
    ("gallery.updated", "Изменение фотогалереи"),
    ("gallery.submitted", "Фотогалерея отправлена на модерацию"),
    ("gallery.published", "Публикация фотогалереи"),
    ("gallery.rejected", "Отклонение фотогалереи"),
    ("gallery.unpublished", "Снятие фотогалереи с публикации"),
    ("form.defined", "Загрузка формы отчётности"),
    ("report.saved", "Сохранение отчёта"),
    ("report.submitted", "Отправка отчёта"),
    ("report.accepted", "Отчёт принят"),
    ("report.returned", "Отчёт возвращён на доработку"),
    ("report.exempted", "Освобождение от отчёта"),
    ("report.extended", "Продление срока отчёта"),
    ("document.added", "Добавление документа"),
    ("document.updated", "Изменение документа"),
    ("document.removed", "Удаление документа"),
    ("document.published", "Публикация документа"),
    ("document.hidden", "Документ скрыт"),
    ("material.sent", "Рассылка информационного материала"),
    ("material.opened", "Материал прочитан"),
    ("appeal.received", "Поступило обращение"),
    ("appeal.read", "Обращение прочитано"),
    ("appeal.answered", "Ответ на обращение"),
    ("appeal.purged", "Удаление старых обращений"),
    ("retention.purged", "Удаление устаревших записей"),
    ("mail.requeued", "Повторная отправка письма"),
    ("maintenance.announced", "Объявлены технические работы"),
    ("maintenance.cancelled", "Технические работы отменены"),
    ("backup.made", "Резервная копия"),
];

/// What kind of thing an entry is about, in words.
fn target_label(kind: &str) -> &str {
    match kind {
        "user" => "пользователь",
        "unit" => "подразделение",
        "role" => "роль",
        "token" => "токен",
        "news" => "новость",
        "gallery" => "фотогалерея",
        "media" => "файл",
        "page_document" => "документ",
        "profile" => "справочная информация",
        "material" => "материал",
        "appeal" => "обращение",
        "appeals" | "appeal_list" => "обращения",
        "form" => "форма",
        "report" => "отчёт",
        other => other,
    }
}

fn action_label(code: &str) -> &str {
    ACTIONS.iter().find(|(c, _)| *c == code).map_or(code, |(_, label)| label)
}

/// The filters as typed, each kept for the next page's link.
struct Filters<'a> {
    action: &'a str,
    actor: &'a str,
    target: &'a str,
    from: &'a str,
    to: &'a str,
}

impl Filters<'_> {
    /// This page's address with the filters and the cursor `before`.
    fn href(&self, before: Option<&str>) -> String {
        let pairs = [
            ("action", self.action),
            ("actor", self.actor),
            ("target", self.target),
            ("from", self.from),
            ("to", self.to),
            ("before", before.unwrap_or_default()),
        ];
        with_query(SECTION, &pairs)
    }

    fn inputs(&self) -> Vec<Input> {
        let mut actions = vec![(String::new(), "Все действия".to_owned())];
        actions.extend(AuditAction::ALL.iter().map(|a| (a.code().to_owned(), action_label(a.code()).to_owned())));
        vec![
            select("action", "Действие", &actions, self.action),
            Input::new("text", "actor", "Кто действовал (идентификатор)")
                .value(self.actor)
                .help("Нажмите на имя в таблице, чтобы увидеть только его действия."),
            Input::new("text", "target", "Над чем (идентификатор)").value(self.target),
            Input::new("date", "from", "С даты").value(self.from),
            Input::new("date", "to", "По дату (включительно)").value(self.to),
        ]
    }
}

#[derive(Serialize)]
struct Row {
    at: String,
    actor: String,
    actor_href: Option<String>,
    action: String,
    code: String,
    target: Option<String>,
    target_href: Option<String>,
    ip: String,
    details: String,
}

fn row(e: AuditEntryView, filters: &Filters<'_>) -> Row {
    let details = match &e.details {
        Value::Null => String::new(),
        Value::Object(map) if map.is_empty() => String::new(),
        other => other.to_string(),
    };
    Row {
        at: moscow(&e.at),
        actor_href: e.actor_id.as_deref().map(|id| Filters { actor: id, ..*filters }.href(None)),
        actor: e.actor_label,
        action: action_label(&e.action).to_owned(),
        code: e.action,
        target: e
            .target_id
            .as_deref()
            .map(|id| format!("{} {id}", target_label(e.target_kind.as_deref().unwrap_or_default()))),
        target_href: e.target_id.as_deref().map(|id| Filters { target: id, ..*filters }.href(None)),
        ip: e.ip.unwrap_or_default(),
        details,
    }
}

#[allow(clippy::too_many_arguments)]
#[get("/admin/audit?<action>&<actor>&<target>&<from>&<to>&<before>")]
async fn log(
    app: &State<App>,
    visitor: Visitor,
    action: Option<&str>,
    actor: Option<&str>,
    target: Option<&str>,
    from: Option<&str>,
    to: Option<&str>,
    before: Option<&str>,
) -> PageResult {
    let staff = visitor.staff()?;
    authorize::<ReadAudit>(Some(staff.actor()), Global)?;
    let filters = Filters {
        action: action.unwrap_or_default(),
        actor: actor.unwrap_or_default().trim(),
        target: target.unwrap_or_default().trim(),
        from: from.unwrap_or_default(),
        to: to.unwrap_or_default(),
    };
    let page = match (day_start(filters.from, "from", false), day_start(filters.to, "to", true)) {
        (Ok(from), Ok(to)) => {
            audit::list(
                app,
                staff,
                Some(filters.action),
                Some(filters.actor),
                Some(filters.target),
                None,
                from.as_deref(),
                to.as_deref(),
                before,
                Some(PAGE_SIZE),
            )
            .await
        }
        (Err(e), _) | (_, Err(e)) => Err(e),
    };
    let chrome = visitor.chrome(app, "Журнал аудита", SECTION).await?;
    let page = match page {
        Ok(page) => page.into_inner(),
        Err(e) if e.status == Status::UnprocessableEntity => {
            let form = dates_as_text(Inputs::with_error(filters.inputs(), &e));
            let data = json!({ "chrome": chrome, "form": form, "rows": [], "next": null, "first": null });
            return app.pages.render_as(e.status, "admin_audit", &data);
        }
        Err(e) => return Err(e.into()),
    };
    let next = page.next_before.as_deref().map(|b| filters.href(Some(b)));
    let first = before.filter(|b| !b.is_empty()).map(|_| filters.href(None));
    let rows: Vec<Row> = page.entries.into_iter().map(|e| row(e, &filters)).collect();
    let form = Inputs::new(filters.inputs());
    app.pages
        .render("admin_audit", &json!({ "chrome": chrome, "form": form, "rows": rows, "next": next, "first": first }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_of_the_log_has_a_label() {
        for action in AuditAction::ALL {
            assert_ne!(action_label(action.code()), action.code(), "{}", action.code());
        }
    }
}
