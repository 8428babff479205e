//! One gallery's whole life, as its author and the moderator live it, and its photos with it.

use cabinet_tests::{TestApp, on_both_backends};
use rocket::http::Status;
use serde_json::json;

use super::{TITLE, anonymous_status, codes, create, desk, gallery, photo, put, submit, unpublish};

async fn a_gallery_goes_through_moderation_to_the_site_and_off_it_taking_its_photos_along(app: TestApp) {
    let desk = desk(&app, "gallery-walk").await;
    let (editor, moderator) = (&desk.editor, &desk.moderator);
    let (p1, p2, p3) = (
        photo(&app, &desk.org, editor, 1).await,
        photo(&app, &desk.org, editor, 2).await,
        photo(&app, &desk.org, editor, 3).await,
    );

    // A title in capitals only is saved, with the finding the author sees at once.
    let shouting = create(&app, &desk, gallery("СЕМИНАР УПОЛНОМОЧЕННЫХ", &[&p1, &p2])).await.expect(Status::Created);
    assert_eq!(shouting.body["state"], "draft");
    assert_eq!(codes(&shouting.body["findings"]), ["title_all_caps"]);
    assert_eq!(shouting.body["blocks_submission"], true);
    let id = shouting.body["id"].as_str().unwrap().to_owned();
    let photos = shouting.body["photos"].as_array().unwrap();
    assert_eq!(photos.len(), 2);
    assert_eq!((photos[0]["media_id"].as_str(), photos[0]["position"].as_i64()), (Some(p1.as_str()), Some(1)));
    assert_eq!(photos[0]["caption"], "Открытие семинара");
    assert_eq!((photos[1]["media_id"].as_str(), photos[1]["caption"].is_null()), (Some(p2.as_str()), true));
    assert_eq!(photos[1]["url"], format!("http://cabinet.test/media/{p2}"));
    assert_eq!((photos[1]["width"].as_u64(), photos[1]["height"].as_u64()), (Some(322), Some(240)));

    // …but it cannot go to moderation.
    let refused = submit(&app, &id, editor).await.expect(Status::UnprocessableEntity);
    assert_eq!(refused.code(), "gallery_blocking_findings");
    assert_eq!(refused.body["error"]["details"]["findings"], json!(["title_all_caps"]));
    let message = refused.body["error"]["message"].as_str().unwrap();
    assert!(message.contains("фотогалерею нельзя отправить на модерацию"), "{message}");

    // Fixed; without the statement of readiness it still waits.
    let fixed = put(&app, &id, gallery(TITLE, &[&p1, &p2]), editor).await.expect(Status::Ok);
    assert_eq!(fixed.body["findings"], json!([]));
    let path = format!("/api/v1/galleries/{id}/submit");
    let unready = app.post(&path, json!({}), Some(editor)).await.expect(Status::UnprocessableEntity);
    assert_eq!(unready.code(), "gallery_readiness_not_confirmed");
    let sent = submit(&app, &id, editor).await.expect(Status::Ok);
    assert_eq!(sent.body["state"], "submitted");
    assert!(sent.body["readiness_confirmed_at"].is_string(), "{}", sent.text);

    // In the moderator's queue with its organization, its photos and how long it has waited.
    let queue = app.get("/api/v1/galleries/moderation", Some(moderator)).await.expect(Status::Ok);
    let waiting = queue.body.as_array().unwrap().iter().find(|q| q["id"] == id.as_str()).cloned();
    let waiting = waiting.unwrap_or_else(|| panic!("the gallery waits in the queue: {}", queue.text));
    assert_eq!((waiting["unit_name"].as_str(), waiting["photo_count"].as_u64()), (Some("gallery-walk"), Some(2)));
    assert!(waiting["waiting_seconds"].as_i64().unwrap() >= 0);
    app.get("/api/v1/galleries/moderation", Some(editor)).await.expect(Status::Forbidden);
    assert_eq!(anonymous_status(&app, &p1).await, Status::Unauthorized, "private while in moderation");

    // Rejected with a reason the author reads, fixes and sends again.
    let reason = "Добавьте снимок вручения наград и подписи к фотографиям.";
    let rejected =
        app.post(&format!("/api/v1/galleries/{id}/reject"), json!({ "reason": reason }), Some(moderator)).await;
    let rejected = rejected.expect(Status::Ok);
    assert_eq!((rejected.body["state"].as_str(), rejected.body["reason"].as_str()), (Some("rejected"), Some(reason)));
    let unchanged = submit(&app, &id, editor).await.expect(Status::Conflict);
    assert_eq!(unchanged.code(), "gallery_edit_before_resubmit");
    assert!(unchanged.body["error"]["message"].as_str().unwrap().starts_with("Фотогалерея отклонена."));
    let edited = put(&app, &id, gallery(TITLE, &[&p3, &p1, &p2]), editor).await.expect(Status::Ok);
    assert_eq!(edited.body["state"], "draft");
    let order: Vec<&str> =
        edited.body["photos"].as_array().unwrap().iter().map(|p| p["media_id"].as_str().unwrap()).collect();
    assert_eq!(order, [p3.as_str(), p1.as_str(), p2.as_str()], "in the author's new order");
    submit(&app, &id, editor).await.expect(Status::Ok);

    // Published: every photo is served to anybody.
    let published = app.post(&format!("/api/v1/galleries/{id}/publish"), json!({}), Some(moderator)).await;
    let published = published.expect(Status::Ok);
    assert_eq!(published.body["state"], "published");
    assert!(published.body["photos"].as_array().unwrap().iter().all(|p| p["published"] == true), "{}", published.text);
    for media in [&p1, &p2, &p3] {
        let served = app.get(&format!("/media/{media}"), None).await.expect(Status::Ok);
        assert_eq!(served.header("Content-Type"), Some("image/jpeg"));
    }
    let frozen = put(&app, &id, gallery(TITLE, &[&p1]), editor).await.expect(Status::Conflict);
    assert_eq!(frozen.code(), "gallery_published_not_editable");

    // Unpublished: the same addresses no longer answer a reader who is not signed in.
    let off = unpublish(&app, &id, moderator).await.expect(Status::Ok);
    assert_eq!(off.body["state"], "unpublished");
    for media in [&p1, &p2, &p3] {
        assert_eq!(anonymous_status(&app, media).await, Status::Unauthorized, "{media} is private again");
    }
    app.get(&format!("/media/{p1}"), Some(editor)).await.expect(Status::Ok);

    // The history and the audit log tell every step.
    let item = app.get(&format!("/api/v1/galleries/{id}"), Some(editor)).await.expect(Status::Ok);
    let history = item.body["history"].as_array().unwrap();
    let events: Vec<&str> = history.iter().map(|s| s["event"].as_str().unwrap()).collect();
    // Saving a draft as it was is not a move; going back to the drafts after a rejection is.
    assert_eq!(events, ["create", "submit", "reject", "edit", "submit", "publish", "unpublish"]);
    assert_eq!(history[2]["reason"], reason);
    assert_eq!(
        (history[2]["from_state"].as_str(), history[2]["to_state"].as_str()),
        (Some("submitted"), Some("rejected"))
    );
    assert_ne!(history[0]["actor"], history[2]["actor"], "the author created it, the moderator rejected it");
    let admin = app.admin().await;
    let audit = app.get(&format!("/api/v1/audit?target_id={id}&limit=100"), Some(&admin)).await.expect(Status::Ok);
    let entries = audit.body["entries"].as_array().unwrap();
    let actions: Vec<&str> = entries.iter().map(|e| e["action"].as_str().unwrap()).collect();
    for action in [
        "gallery.created",
        "gallery.updated",
        "gallery.submitted",
        "gallery.rejected",
        "gallery.published",
        "gallery.unpublished",
    ] {
        assert!(actions.contains(&action), "{action} in the audit log: {actions:?}");
    }
    let publish = entries.iter().find(|e| e["action"] == "gallery.published").unwrap();
    assert_eq!(publish["details"]["photos_made_public"], 3, "{publish}");

    // The unit's list shows it, newest first, with the moderator's reason.
    let list = app.get(&format!("/api/v1/units/{}/galleries", desk.org), Some(editor)).await.expect(Status::Ok);
    assert_eq!(list.body[0]["id"], id.as_str());
    assert_eq!((list.body[0]["state"].as_str(), list.body[0]["photo_count"].as_u64()), (Some("unpublished"), Some(3)));
}

async fn a_gallery_without_photos_is_saved_but_not_submitted(app: TestApp) {
    let desk = desk(&app, "gallery-empty").await;
    let empty = super::create(&app, &desk, gallery(TITLE, &[])).await.expect(Status::Created);
    assert_eq!(codes(&empty.body["findings"]), ["photos_missing"]);
    let finding = &empty.body["findings"][0];
    assert_eq!((finding["severity"].as_str(), finding["field"].as_str()), (Some("blocking"), Some("photos")));
    let id = empty.body["id"].as_str().unwrap();
    let refused = submit(&app, id, &desk.editor).await.expect(Status::UnprocessableEntity);
    assert_eq!(refused.body["error"]["details"]["findings"], json!(["photos_missing"]));
    assert!(refused.body["error"]["message"].as_str().unwrap().starts_with("В фотогалерее нет ни одной фотографии"));
    // One photo without a caption is enough.
    let one = photo(&app, &desk.org, &desk.editor, 7).await;
    let body = json!({ "title": TITLE, "photos": [{ "media_id": one }] });
    put(&app, id, body, &desk.editor).await.expect(Status::Ok);
    submit(&app, id, &desk.editor).await.expect(Status::Ok);
}

on_both_backends!(
    a_gallery_goes_through_moderation_to_the_site_and_off_it_taking_its_photos_along,
    a_gallery_without_photos_is_saved_but_not_submitted,
);
