//! One user's card: their data, unit and roles to edit; cutting and restoring access on a
//! ground of §2.7; a new starting password (§3.11); and the login history kept as the evidence
//! a suspicion of unauthorized access needs.

use std::collections::BTreeSet;

use cabinet_core::Invalid;
use rocket::http::Status;
use rocket::{State, get, post, routes};
use serde::Serialize;
use serde_json::json;

use super::unit_choice::Units;
use super::users::{SECTION, Values, inputs, issued_page, role_checks};
use super::{at_field, moscow, refused_form, select};
use crate::App;
use crate::auth::{ClientOrigin, Staff};
use crate::error::ApiError;
use crate::json::Body;
use crate::pages::input::{Input, Inputs};
use crate::pages::posted::Posted;
use crate::pages::reply::{PageResult, Reply};
use crate::pages::visitor::Visitor;
use crate::routes::{roles, users};
use crate::views::UserView;

pub fn routes() -> Vec<rocket::Route> {
    routes![card, update, block, unblock, issue_password]
}

/// The grounds of §2.7 with the words the card shows.
const GROUNDS: [(&str, &str); 3] = [
    ("user_request", "Письменное заявление самого пользователя"),
    ("organization_request", "Письменное обращение организации"),
    ("suspected_compromise", "Подозрение на несанкционированный доступ по логину пользователя"),
];

/// The stored ground (`code` or `code: comment`) in words.
fn ground_text(stored: &str) -> String {
    let (code, comment) = stored.split_once(": ").unwrap_or((stored, ""));
    let ground = GROUNDS.iter().find(|(c, _)| *c == code).map_or(code, |(_, label)| label);
    if comment.is_empty() { ground.to_owned() } else { format!("{ground}. Комментарий: {comment}") }
}

fn outcome_text(outcome: &str) -> &str {
    match outcome {
        "success" => "Вход выполнен",
        "bad_password" => "Неверный пароль",
        "blocked" => "Отказ: доступ заблокирован",
        "throttled" => "Отказ: слишком много попыток",
        other => other,
    }
}

fn block_inputs(reason: &str, comment: &str) -> Vec<Input> {
    let mut grounds = vec![(String::new(), "— выберите основание —".to_owned())];
    grounds.extend(GROUNDS.iter().map(|(code, label)| ((*code).to_owned(), (*label).to_owned())));
    vec![
        select("reason", "Основание (п. 2.7 Положения)", &grounds, reason).required(),
        Input::new("text", "comment", "Комментарий")
            .value(comment)
            .help("Например, номер и дата письма организации. Виден администраторам и в журнале аудита."),
    ]
}

#[derive(Serialize)]
struct LoginRow {
    at: String,
    outcome: String,
    success: bool,
    ip: String,
    user_agent: String,
}

/// The card with the forms as typed, when one was refused.
#[derive(Default)]
struct Shown {
    status: Option<Status>,
    edit: Option<(Values, ApiError)>,
    block: Option<(String, String, ApiError)>,
}

async fn card_page(app: &App, visitor: &Visitor, staff: &Staff, user: &UserView, shown: Shown) -> PageResult {
    let units = Units::reachable(app, visitor, staff).await?.naming(app, &[&user.unit_id]).await?;
    let all_roles = roles::list(app.into(), staff.clone()).await?.into_inner();
    let logins = users::logins_of(app.into(), staff.clone(), &user.id, Some("30")).await?.into_inner();
    let (edit, roles) = match &shown.edit {
        Some((values, e)) => (
            Inputs::with_error(inputs(values, &units), e),
            role_checks(&all_roles, &values.role_ids).with_error("role_ids", Some(e)),
        ),
        None => {
            let values = Values::stored(user);
            (Inputs::new(inputs(&values, &units)), role_checks(&all_roles, &values.role_ids))
        }
    };
    let block = match &shown.block {
        Some((reason, comment, e)) => Inputs::with_error(block_inputs(reason, comment), e),
        None => Inputs::new(block_inputs("", "")),
    };
    let logins: Vec<LoginRow> = logins
        .into_iter()
        .map(|a| LoginRow {
            at: moscow(&a.at),
            success: a.outcome == "success",
            outcome: outcome_text(&a.outcome).to_owned(),
            ip: a.ip.unwrap_or_default(),
            user_agent: a.user_agent.unwrap_or_default(),
        })
        .collect();
    let chrome = visitor.chrome(app, &user.full_name, SECTION).await?;
    let data = json!({
        "chrome": chrome,
        "user": {
            "id": user.id, "href": format!("{SECTION}/{}", user.id), "full_name": user.full_name,
            "email": user.email, "unit": units.name(&user.unit_id), "blocked": user.status == "blocked",
            "blocked_reason": user.blocked_reason.as_deref().map(ground_text),
            "blocked_at": user.blocked_at.as_deref().map(moscow),
            "must_change_password": user.must_change_password,
            "accepted_at": user.regulation.as_ref().and_then(|r| r.accepted_at.as_deref()).map(moscow),
            "created_at": moscow(&user.created_at),
        },
        "edit": edit, "roles": roles, "block": block, "logins": logins,
    });
    app.pages.render_as(shown.status.unwrap_or(Status::Ok), "admin_user", &data)
}

#[get("/admin/users/<id>")]
async fn card(app: &State<App>, visitor: Visitor, id: &str) -> PageResult {
    let staff = visitor.staff()?;
    let user = users::get_one(app, staff.clone(), id).await?.into_inner();
    card_page(app, &visitor, &staff, &user, Shown::default()).await
}

#[post("/admin/users/<id>", data = "<form>")]
async fn update(app: &State<App>, visitor: Visitor, origin: ClientOrigin, id: &str, form: Posted) -> PageResult {
    let staff = visitor.staff()?;
    let user = users::get_one(app, staff.clone(), id).await?.into_inner();
    let v = Values::posted(&form);
    let mut body = json!({ "email": v.email, "full_name": v.full_name, "position": v.position, "phone": v.phone });
    if v.unit_id != user.unit_id {
        body["unit_id"] = json!(v.unit_id);
    }
    // Roles are sent only when they change: editing a phone never re-grants what is held.
    let held: BTreeSet<&str> = user.roles.iter().map(|r| r.id.as_str()).collect();
    if held != v.role_ids.iter().map(String::as_str).collect() {
        body["role_ids"] = json!(v.role_ids);
    }
    match users::update(app, staff.clone(), origin, id, Body::of(&body)).await {
        Ok(_) => Ok(Reply::done(format!("{SECTION}/{id}"), "Изменения сохранены.")),
        Err(e) if refused_form(&e) => {
            let e = at_field(e);
            let shown = Shown { status: Some(e.status), edit: Some((v, e)), block: None };
            card_page(app, &visitor, &staff, &user, shown).await
        }
        Err(e) => Err(e.into()),
    }
}

#[post("/admin/users/<id>/block", data = "<form>")]
async fn block(app: &State<App>, visitor: Visitor, origin: ClientOrigin, id: &str, form: Posted) -> PageResult {
    let staff = visitor.staff()?;
    let user = users::get_one(app, staff.clone(), id).await?.into_inner();
    let (reason, comment) = (form.get("reason"), form.get("comment"));
    let blocked = if reason.is_empty() {
        Err(Invalid::new(
            "reason",
            "required",
            "Выберите основание блокировки: без него доступ не прекращается (п. 2.7).",
        )
        .into())
    } else {
        users::block(app, staff.clone(), origin, id, Body::of(&json!({ "reason": reason, "comment": comment }))).await
    };
    match blocked {
        Ok(_) => Ok(Reply::done(
            format!("{SECTION}/{id}"),
            "Доступ заблокирован: все сеансы пользователя завершены, войти он не сможет.",
        )),
        Err(e) if refused_form(&e) => {
            let shown =
                Shown { status: Some(e.status), edit: None, block: Some((reason.to_owned(), comment.to_owned(), e)) };
            card_page(app, &visitor, &staff, &user, shown).await
        }
        Err(e) => Err(e.into()),
    }
}

#[post("/admin/users/<id>/unblock", data = "<_form>")]
async fn unblock(app: &State<App>, visitor: Visitor, origin: ClientOrigin, id: &str, _form: Posted) -> PageResult {
    let staff = visitor.staff()?;
    users::unblock(app, staff, origin, id).await?;
    Ok(Reply::done(
        format!("{SECTION}/{id}"),
        "Доступ восстановлен. Прежние сеансы не возобновляются: пользователь входит заново.",
    ))
}

#[post("/admin/users/<id>/password", data = "<_form>")]
async fn issue_password(
    app: &State<App>,
    visitor: Visitor,
    origin: ClientOrigin,
    id: &str,
    _form: Posted,
) -> PageResult {
    let staff = visitor.staff()?;
    let issued = users::issue_password(app, staff.clone(), origin, id).await?.into_inner();
    issued_page(app, &visitor, &staff, "Выдан новый стартовый пароль", &issued.user, &issued.starting_password).await
}
