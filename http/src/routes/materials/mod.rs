//! Information materials of the central committee (§2.3): the central committee sends, each
//! recipient organization reads its inbox, and the sender sees who has opened what.
//!
//! One material answers differently by who asks: the sender (central committee staff with
//! `materials.publish`) sees every receipt; a recipient organization sees only its own, and its
//! first opening is recorded; any other organization gets 404, exactly as for an unknown id.

mod body;
mod view;

use cabinet_core::Permission;
use cabinet_core::ids::MaterialId;
use cabinet_core::policy::{Global, InUnit, PublishMaterials, ReadMaterials, authorize, may_attempt};
use cabinet_storage::{materials, outbox, units, users};
use rocket::http::Status;
use rocket::serde::json::Json;
use rocket::{State, get, post};
use serde_json::json;

pub use body::{AudienceBody, LinkBody, MaterialBody};
pub use view::{AttachmentView, InboxItem, LinkView, MaterialView, ReceiptView, SentSummaryView};

use crate::App;
use crate::auth::{ClientOrigin, Staff};
use crate::error::{ApiError, ApiResult};
use crate::json::Body;
use crate::mail::Letter;
use crate::params::{self, path_id, query_id};

pub fn routes() -> Vec<rocket::Route> {
    rocket::routes![send, sent, get_one, inbox]
}

/// Sends a material; its recipients are resolved now and kept.
#[utoipa::path(post, path = "/api/v1/materials", tag = "materials", request_body = MaterialBody,
    responses((status = 201, body = MaterialView), (status = 422)))]
#[post("/materials", data = "<body>")]
pub async fn send(
    app: &State<App>,
    staff: Staff,
    origin: ClientOrigin,
    body: Body<MaterialBody>,
) -> ApiResult<(Status, Json<MaterialView>)> {
    let auth = authorize::<PublishMaterials>(Some(staff.actor()), Global)?;
    let input = body.parse()?.input();
    let known = materials::known(&app.db, &auth, &input.attachment_ids()).await?;
    let material = input.parse(&known).map_err(ApiError::invalid)?;
    let id = MaterialId::new();
    let letters = letters(app, &material).await?;
    let id = materials::send(&app.db, &auth, id, &material, &letters, &origin.0).await?;
    app.jobs.wake();
    let (sent, receipts) = materials::get_sent(&app.db, &auth, id).await?;
    Ok((Status::Created, Json(view::for_sender(app, sent, receipts))))
}

/// A letter to each user of a recipient organization who reads materials, telling them one
/// has come (§2.3); written to the outbox with the material.
async fn letters(app: &App, material: &cabinet_core::materials::Material) -> ApiResult<Vec<outbox::Letter>> {
    let recipients: std::collections::HashSet<_> = material.recipients.iter().collect();
    let names: std::collections::HashMap<_, _> = units::list(&app.db, Some(cabinet_core::UnitKind::Organization))
        .await?
        .into_iter()
        .map(|u| (u.id, u.full_name))
        .collect();
    let mut letters = Vec::new();
    for to in users::holding(&app.db, Permission::MaterialsRead).await? {
        if !recipients.contains(&to.unit_id) {
            continue;
        }
        let data = json!({
            "full_name": to.full_name,
            "organization": names.get(&to.unit_id).cloned().unwrap_or_default(),
            "title": material.title,
            "link": format!("{}/", app.config.public_url),
        });
        letters.push(app.mailer.render(&to.email, Letter::Material, &data)?);
    }
    Ok(letters)
}

/// Sent materials, newest first, with how many organizations have opened each.
#[utoipa::path(get, path = "/api/v1/materials", tag = "materials",
    params(("before" = Option<uuid::Uuid>, Query),
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 200, description = "По умолчанию 50")),
    responses((status = 200, body = [SentSummaryView])))]
#[get("/materials?<before>&<limit>")]
pub async fn sent(
    app: &State<App>,
    staff: Staff,
    before: Option<&str>,
    limit: Option<&str>,
) -> ApiResult<Json<Vec<SentSummaryView>>> {
    let auth = authorize::<PublishMaterials>(Some(staff.actor()), Global)?;
    let before: Option<MaterialId> = query_id(before, "before")?;
    let list = materials::list_sent(&app.db, &auth, before, params::limit(limit, 50, 200)?).await?;
    Ok(Json(list.into_iter().map(SentSummaryView::from).collect()))
}

/// One material: with every receipt for the sender; for a recipient organization, with its own
/// receipt, its first opening recorded.
#[utoipa::path(get, path = "/api/v1/materials/{id}", tag = "materials", params(("id" = uuid::Uuid, Path)),
    responses((status = 200, body = MaterialView), (status = 404)))]
#[get("/materials/<id>")]
pub async fn get_one(app: &State<App>, staff: Staff, origin: ClientOrigin, id: &str) -> ApiResult<Json<MaterialView>> {
    let actor = staff.actor();
    may_attempt::<PublishMaterials>(Some(actor))
        .or_else(|denied| may_attempt::<ReadMaterials>(Some(actor)).map_err(|_| denied))?;
    let id: MaterialId = path_id(id)?;
    if let Ok(auth) = authorize::<PublishMaterials>(Some(actor), Global) {
        let (sent, receipts) = materials::get_sent(&app.db, &auth, id).await?;
        return Ok(Json(view::for_sender(app, sent, receipts)));
    }
    let auth = authorize::<ReadMaterials>(Some(actor), InUnit(actor.unit.id))?;
    let (material, receipt) = materials::open(&app.db, &auth, id, &origin.0).await?;
    Ok(Json(view::for_recipient(app, material, receipt)))
}

/// The organization's inbox, newest first, with when the organization first opened each.
#[utoipa::path(get, path = "/api/v1/units/{unit_id}/materials", tag = "materials",
    params(("unit_id" = uuid::Uuid, Path), ("before" = Option<uuid::Uuid>, Query),
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 200, description = "По умолчанию 50")),
    responses((status = 200, body = [InboxItem]), (status = 404)))]
#[get("/units/<unit_id>/materials?<before>&<limit>")]
pub async fn inbox(
    app: &State<App>,
    staff: Staff,
    unit_id: &str,
    before: Option<&str>,
    limit: Option<&str>,
) -> ApiResult<Json<Vec<InboxItem>>> {
    let auth = authorize::<ReadMaterials>(Some(staff.actor()), InUnit(path_id(unit_id)?))?;
    let before: Option<MaterialId> = query_id(before, "before")?;
    let items = materials::inbox(&app.db, &auth, before, params::limit(limit, 50, 200)?).await?;
    Ok(Json(items.into_iter().map(InboxItem::from).collect()))
}
