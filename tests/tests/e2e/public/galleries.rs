//! Published galleries on the public API: the union's list, one organization's, one album whole,
//! and the organization's page; drafts never, whatever a caller adds.

use cabinet_tests::{TestApp, on_both_backends};
use rocket::http::Status;
use serde_json::json;

use super::{desk, photo};

const PRYING: &str = "status=draft&state=draft&published=false&preview=1&include=drafts";

async fn published_galleries_reach_the_public_api_and_drafts_never_do(app: TestApp) {
    let desk = desk(&app, "tver").await;
    let (first, second) =
        (photo(&app, &desk, "open.jpg", 1200, 800).await, photo(&app, &desk, "hall.jpg", 400, 600).await);
    let album = json!({
        "title": "Семинар уполномоченных по охране труда",
        "event_date": "2026-11-20",
        "event_place": "Тверь",
        "photos": [{ "media_id": first, "caption": "Открытие" }, { "media_id": second }],
    });
    let created = app.post(&format!("/api/v1/units/{}/galleries", desk.org), album.clone(), Some(&desk.editor)).await;
    let id = created.expect(Status::Created).body["id"].as_str().unwrap().to_owned();
    let draft = app.post(&format!("/api/v1/units/{}/galleries", desk.org), album, Some(&desk.editor)).await;
    let draft = draft.expect(Status::Created).body["id"].as_str().unwrap().to_owned();
    let submit = format!("/api/v1/galleries/{id}/submit");
    app.post(&submit, json!({ "readiness_confirmed": true }), Some(&desk.editor)).await.expect(Status::Ok);
    app.post(&format!("/api/v1/galleries/{id}/publish"), json!({}), Some(&desk.moderator)).await.expect(Status::Ok);

    for list in
        [format!("/api/v1/public/galleries?{PRYING}"), format!("/api/v1/public/galleries?organization=tver&{PRYING}")]
    {
        let listed = app.get(&list, None).await.expect(Status::Ok);
        let ids: Vec<&str> =
            listed.body["items"].as_array().unwrap().iter().map(|g| g["id"].as_str().unwrap()).collect();
        assert_eq!(ids, [id.as_str()], "{list}: {}", listed.text);
        assert_eq!(listed.body["items"][0]["photo_count"], 2);
        assert_eq!(listed.body["items"][0]["cover"]["width"], 1200);
    }
    let album = app.get(&format!("/api/v1/public/galleries/{id}?{PRYING}"), None).await.expect(Status::Ok);
    assert_eq!(album.body["photos"][0]["caption"], "Открытие");
    assert_eq!(
        (album.body["photos"][1]["width"].as_i64(), album.body["photos"][1]["height"].as_i64()),
        (Some(400), Some(600))
    );
    app.get(&format!("/media/{second}"), None).await.expect(Status::Ok);
    app.get(&format!("/api/v1/public/galleries/{draft}?{PRYING}"), None).await.expect(Status::NotFound);
    let page = app.get("/api/v1/public/organizations/tver", None).await.expect(Status::Ok);
    assert_eq!(page.body["galleries"][0]["id"], id.as_str());
    assert!(!page.text.contains(&draft));
    app.get("/api/v1/public/galleries?organization=nobody", None).await.expect(Status::NotFound);
    let refused = app.get("/api/v1/public/galleries?cursor=x", None).await.expect(Status::UnprocessableEntity);
    assert_eq!(refused.body["error"]["details"]["fields"][0]["field"], "cursor");

    // Unpublished: off the lists and the page at once, its photos off their addresses.
    let reason = json!({ "reason": "Фотографии заменят." });
    app.post(&format!("/api/v1/galleries/{id}/unpublish"), reason, Some(&desk.moderator)).await.expect(Status::Ok);
    let listed = app.get("/api/v1/public/galleries", None).await.expect(Status::Ok);
    assert_eq!(listed.body["items"], json!([]));
    app.get(&format!("/api/v1/public/galleries/{id}"), None).await.expect(Status::NotFound);
    app.get(&format!("/media/{second}"), None).await.expect(Status::Unauthorized);
}

on_both_backends!(published_galleries_reach_the_public_api_and_drafts_never_do);
