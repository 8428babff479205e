//! Writing an item: the editor for a new item and for an existing one, saving with a photo
//! uploaded on the way, the §5.4 findings and the preview, and submission to moderation.

use cabinet_core::Permission;
use cabinet_core::policy::{InUnit, WriteNews, authorize, may_attempt};
use cabinet_storage::units;
use rocket::State;
use rocket::http::Status;
use rocket::{get, post, routes};
use serde_json::json;

use super::super::input::{Input, Inputs};
use super::super::posted::Posted;
use super::super::reply::{PageResult, Reply};
use super::super::visitor::Visitor;
use super::super::when::moment_of;
use super::article::Article;
use super::draft::{Draft, at_file_field};
use super::{findings, history};
use crate::App;
use crate::auth::{ClientOrigin, Staff};
use crate::error::ApiError;
use crate::json::Body;
use crate::routes::media::upload::upload_photo_bytes;
use crate::routes::news::{NewsView, items, moves};

pub fn routes() -> Vec<rocket::Route> {
    routes![new_form, create, edit_form, save, submit]
}

/// What the editor shows besides the form: the item as stored, if it exists.
struct Shown<'a> {
    item: Option<&'a NewsView>,
    draft: &'a Draft,
    error: Option<&'a ApiError>,
    submit_error: Option<&'a ApiError>,
}

fn readiness() -> Input {
    Input::new(
        "checkbox",
        "readiness_confirmed",
        "Новость полностью готова к размещению: факты проверены, цитаты согласованы со спикерами, текст проверен \
         на перспективу судебных разбирательств (п. 5.6 Положения)",
    )
    .required()
}

/// The item's public page, once it is published.
async fn public_href(app: &App, v: &NewsView) -> Result<Option<String>, ApiError> {
    if v.state != "published" {
        return Ok(None);
    }
    let unit = units::get(&app.db, v.unit_id.parse().map_err(|_| ApiError::internal())?).await?;
    Ok(Some(format!("/o/{}/news/{}", unit.slug, v.id)))
}

async fn editor(app: &App, visitor: &Visitor, shown: Shown<'_>) -> PageResult {
    let Shown { item, draft, error, submit_error } = shown;
    let status = error.or(submit_error).map_or(Status::Ok, |e| e.status);
    let title = if item.is_some() { "Новость" } else { "Новая новость" };
    let editable = item.is_none_or(|v| v.state != "published");
    let submit = item.filter(|v| v.state == "draft").map(|_| {
        let form = match submit_error {
            Some(e) if e.code == "news_readiness_not_confirmed" => {
                let mut input = readiness();
                input.error = Some(e.message.clone());
                Inputs::new(vec![input])
            }
            Some(e) => Inputs { problem: Some(e.message.clone()), ..Inputs::new(vec![readiness()]) },
            None => Inputs::new(vec![readiness()]),
        };
        json!({ "readiness": form.inputs.first(), "problem": form.problem })
    });
    let item_json = match item {
        Some(v) => {
            let public_href = public_href(app, v).await?;
            Some(json!({
            "id": v.id,
            "state": v.state,
            "state_label": v.state_label,
            "reason": v.reason,
            "author": v.author,
            "updated_at": moment_of(Some(&v.updated_at)),
            "submitted_at": moment_of(v.submitted_at.as_deref()),
            "published_at": moment_of(v.published_at.as_deref()),
            "public_href": public_href,
            "findings": findings(&v.findings, v.state != "published"),
            "blocks_submission": v.blocks_submission,
            "article": Article::preview(v),
            "history": history(&v.history),
            }))
        }
        None => None,
    };
    let action = item.map_or_else(|| "/news/new".to_owned(), |v| format!("/news/{}", v.id));
    let chrome = visitor.chrome(app, title, "/news").await?;
    app.pages.render_as(
        status,
        "news_edit",
        &json!({
            "chrome": chrome,
            "title": title,
            "item": item_json,
            "editable": editable,
            "action": action,
            "form": draft.view(visitor.may(Permission::MediaUpload), error),
            "submit": submit,
        }),
    )
}

#[get("/news/new")]
async fn new_form(app: &State<App>, visitor: Visitor) -> PageResult {
    let staff = visitor.staff()?;
    authorize::<WriteNews>(Some(staff.actor()), InUnit(staff.actor().unit.id))?;
    let draft = Draft::default();
    editor(app, &visitor, Shown { item: None, draft: &draft, error: None, submit_error: None }).await
}

#[get("/news/<id>")]
async fn edit_form(app: &State<App>, visitor: Visitor, id: &str) -> PageResult {
    let staff = visitor.staff()?;
    may_attempt::<WriteNews>(Some(staff.actor()))?;
    let item = items::get_one(app, staff, id).await?.into_inner();
    let draft = Draft::of(&item);
    editor(app, &visitor, Shown { item: Some(&item), draft: &draft, error: None, submit_error: None }).await
}

/// What the author is told after a save: the state and how many findings stand.
fn saved(v: &NewsView) -> String {
    let blocking = v.findings.iter().filter(|f| f.severity == "blocking").count();
    let warnings = v.findings.len() - blocking;
    let mut text = String::from("Новость сохранена как черновик.");
    if blocking > 0 {
        text.push_str(&format!(" Замечаний, без исправления которых её нельзя отправить: {blocking}."));
    }
    if warnings > 0 {
        text.push_str(&format!(" Рекомендаций по п. 5.4 Положения: {warnings}."));
    }
    if v.findings.is_empty() {
        text.push_str(" Замечаний по п. 5.4 Положения нет: её можно отправить на модерацию.");
    }
    text
}

/// Uploads the photo chosen in the form, if any, into the draft; a refusal comes back placed at
/// the file field.
async fn take_photo(
    app: &App,
    staff: &Staff,
    origin: &ClientOrigin,
    unit: &str,
    form: &Posted,
    draft: &mut Draft,
) -> Result<(), ApiError> {
    let Some(file) = form.file("photo") else { return Ok(()) };
    let uploaded =
        upload_photo_bytes(app, staff, origin, unit, &file.file_name, form.has("downscale"), file.bytes.clone()).await;
    match uploaded {
        Ok(media) => {
            draft.add(media, form.get("photo_caption"));
            Ok(())
        }
        Err(e) if e.status.code >= 500 || e.status == Status::Unauthorized => Err(e),
        Err(e) => Err(at_file_field(e)),
    }
}

/// Saves the posted draft (a new item when `item` is `None`) and answers with the item's page.
async fn store(
    app: &App,
    visitor: &Visitor,
    origin: ClientOrigin,
    form: &Posted,
    item: Option<NewsView>,
) -> PageResult {
    let staff = visitor.staff()?;
    let unit = item.as_ref().map_or_else(|| staff.actor().unit.id.to_string(), |v| v.unit_id.clone());
    let mut draft = Draft::posted(app, form);
    if let Err(e) = take_photo(app, &staff, &origin, &unit, form, &mut draft).await {
        if e.status.code >= 500 || e.status == Status::Unauthorized {
            return Err(e.into());
        }
        let shown = Shown { item: item.as_ref(), draft: &draft, error: Some(&e), submit_error: None };
        return editor(app, visitor, shown).await;
    }
    let body = Body::of(&draft.body());
    let result = match &item {
        Some(v) => moves::update(app.into(), staff.clone(), origin, &v.id, body).await.map(|j| j.into_inner()),
        None => items::create(app.into(), staff.clone(), origin, &unit, body).await.map(|(_, j)| j.into_inner()),
    };
    match result {
        Ok(v) => Ok(Reply::done(format!("/news/{}", v.id), saved(&v))),
        Err(e) if matches!(e.status.code, 409 | 413 | 422) => {
            let shown = Shown { item: item.as_ref(), draft: &draft, error: Some(&e), submit_error: None };
            editor(app, visitor, shown).await
        }
        Err(e) => Err(e.into()),
    }
}

#[post("/news/new", data = "<form>")]
async fn create(app: &State<App>, visitor: Visitor, origin: ClientOrigin, form: Posted) -> PageResult {
    let staff = visitor.staff()?;
    authorize::<WriteNews>(Some(staff.actor()), InUnit(staff.actor().unit.id))?;
    store(app, &visitor, origin, &form, None).await
}

#[post("/news/<id>", data = "<form>")]
async fn save(app: &State<App>, visitor: Visitor, origin: ClientOrigin, id: &str, form: Posted) -> PageResult {
    let staff = visitor.staff()?;
    may_attempt::<WriteNews>(Some(staff.actor()))?;
    let item = items::get_one(app, staff, id).await?.into_inner();
    store(app, &visitor, origin, &form, Some(item)).await
}

#[post("/news/<id>/submit", data = "<form>")]
async fn submit(app: &State<App>, visitor: Visitor, origin: ClientOrigin, id: &str, form: Posted) -> PageResult {
    let staff = visitor.staff()?;
    may_attempt::<WriteNews>(Some(staff.actor()))?;
    let body = Body::of(&json!({ "readiness_confirmed": form.has("readiness_confirmed") }));
    match moves::submit(app, staff.clone(), origin, id, body).await {
        Ok(_) => Ok(Reply::done(
            "/news",
            "Новость отправлена на модерацию. Когда модератор её опубликует или вернёт, это будет видно в списке.",
        )),
        Err(e) if matches!(e.status.code, 409 | 422) => {
            let item = items::get_one(app, staff, id).await?.into_inner();
            let draft = Draft::of(&item);
            editor(app, &visitor, Shown { item: Some(&item), draft: &draft, error: None, submit_error: Some(&e) }).await
        }
        Err(e) => Err(e.into()),
    }
}
