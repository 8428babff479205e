//! A move decided on a gallery as read is written only if nobody changed it meanwhile:
//! otherwise nothing lands — not the move, its photos' publication, its history row nor its
//! audit entry.

use cabinet_core::galleries::{GalleryText, check};
use cabinet_core::news::{NewsEvent, NewsRoles, transition};
use cabinet_core::permission::{Permission, PermissionSet};
use cabinet_core::policy::{Actor, Global, ModerateNews, Principal, UnitRef, authorize};
use cabinet_core::{UnitId, UnitKind, UserId};
use cabinet_storage::StorageError;
use cabinet_storage::audit::Origin;
use cabinet_storage::galleries::{self, Access};
use cabinet_tests::{TestApp, on_both_backends};
use rocket::http::Status;

use super::{TITLE, anonymous_status, desk, draft, gallery, photo, put, submit};

async fn a_publish_decided_before_the_author_withdrew_the_gallery_is_not_written(app: TestApp) {
    let desk = desk(&app, "gallery-stale").await;
    let (p1, p2) = (photo(&app, &desk.org, &desk.editor, 1).await, photo(&app, &desk.org, &desk.editor, 2).await);
    let id = draft(&app, &desk, &[&p1]).await;
    submit(&app, &id, &desk.editor).await.expect(Status::Ok);
    let admin = app.admin().await;
    let central: UnitId = app.central(&admin).await.parse().unwrap();
    let moderator = Actor {
        principal: Principal::User(UserId::new()),
        label: "moderator@example.ru".into(),
        unit: UnitRef { id: central, kind: UnitKind::Central },
        permissions: [Permission::NewsModerate].into_iter().collect::<PermissionSet>(),
    };
    let auth = authorize::<ModerateNews>(Some(&moderator), Global).unwrap();
    let db = app.db();
    let unit = galleries::locate(db, id.parse().unwrap()).await.unwrap();
    let access = Access::moderator(&auth, unit);
    let before = galleries::get(db, &access, id.parse().unwrap()).await.unwrap();
    let checks = check(&GalleryText::parse(&before.input()).unwrap());
    let step = transition(before.state, NewsEvent::Publish, NewsRoles::of(&moderator, unit), &checks).unwrap();

    // The author changes it meanwhile: it leaves moderation, with another photo.
    let edited = put(&app, &id, gallery(TITLE, &[&p2]), &desk.editor).await.expect(Status::Ok);
    assert_eq!(edited.body["state"], "draft");

    let published = galleries::change(db, &access, &before, &step, &Origin::default()).await;
    assert!(matches!(published, Err(StorageError::Conflict { what: "state" })), "{published:?}");
    let item = app.get(&format!("/api/v1/galleries/{id}"), Some(&desk.editor)).await.expect(Status::Ok);
    assert_eq!(item.body["state"], "draft", "the withdrawn gallery was not published");
    assert!(item.body["history"].as_array().unwrap().iter().all(|s| s["event"] != "publish"));
    for media in [&p1, &p2] {
        assert_eq!(anonymous_status(&app, media).await, Status::Unauthorized, "{media} stays private");
    }
    let audit = app.get(&format!("/api/v1/audit?target_id={id}&action=gallery.published"), Some(&admin)).await;
    assert_eq!(audit.expect(Status::Ok).body["entries"], serde_json::json!([]), "no entry for what did not happen");

    // Through the API the stale revision is a conflict in words the moderator understands.
    submit(&app, &id, &desk.editor).await.expect(Status::Ok);
    let publish = format!("/api/v1/galleries/{id}/publish");
    let (a, b) = tokio::join!(
        app.post(&publish, serde_json::json!({}), Some(&desk.moderator)),
        app.post(&publish, serde_json::json!({}), Some(&desk.moderator)),
    );
    let mut statuses = [a.status.code, b.status.code];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 409], "{} / {}", a.text, b.text);
    let loser = if a.status == Status::Conflict { &a } else { &b };
    assert!(["gallery_state_changed", "gallery_not_submitted"].contains(&loser.code()), "{}", loser.text);
    assert!(loser.body["error"]["message"].as_str().unwrap().to_lowercase().contains("фотогалере"), "{}", loser.text);
}

on_both_backends!(a_publish_decided_before_the_author_withdrew_the_gallery_is_not_written);
