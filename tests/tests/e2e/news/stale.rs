//! A move decided on an item as read is written only if nobody changed the item meanwhile:
//! otherwise nothing lands — not the move, its history row nor its audit entry.

use cabinet_core::news::{AbbreviationList, NewsEvent, NewsRoles, NewsText, check, transition};
use cabinet_core::permission::{Permission, PermissionSet};
use cabinet_core::policy::{Actor, Global, ModerateNews, Principal, UnitRef, authorize};
use cabinet_core::{UnitId, UnitKind, UserId};
use cabinet_storage::StorageError;
use cabinet_storage::audit::Origin;
use cabinet_storage::news::{self, Access};
use cabinet_tests::{TestApp, on_both_backends};
use rocket::http::Status;

use super::{HEADLINE, desk, put, submitted, text};

async fn a_publish_decided_before_the_author_withdrew_the_item_is_not_written(app: TestApp) {
    let desk = desk(&app, "news-stale").await;
    let id = submitted(&app, &desk).await;
    let admin = app.admin().await;
    let central: UnitId = app.central(&admin).await.parse().unwrap();
    let moderator = Actor {
        principal: Principal::User(UserId::new()),
        label: "moderator@example.ru".into(),
        unit: UnitRef { id: central, kind: UnitKind::Central },
        permissions: [Permission::NewsModerate].into_iter().collect::<PermissionSet>(),
    };
    let auth = authorize::<ModerateNews>(Some(&moderator), Global).unwrap();
    let db = &app.client.rocket().state::<cabinet_http::App>().unwrap().db;
    let unit = news::locate(db, id.parse().unwrap()).await.unwrap();
    let access = Access::moderator(&auth, unit);
    let before = news::get(db, &access, id.parse().unwrap()).await.unwrap();
    let checks = check(&NewsText::parse(&before.input()).unwrap(), &AbbreviationList::default());
    let step = transition(before.state, NewsEvent::Publish, NewsRoles::of(&moderator, unit), &checks).unwrap();

    // The author edits it meanwhile: it leaves moderation.
    let edited = put(&app, &id, text(HEADLINE, 5), &desk.editor).await.expect(Status::Ok);
    assert_eq!(edited.body["state"], "draft");

    let origin = Origin::default();
    let published = news::change(db, &access, &before, &step, &origin).await;
    assert!(matches!(published, Err(StorageError::Conflict { what: "state" })), "{published:?}");
    let item = app.get(&format!("/api/v1/news/{id}"), Some(&desk.editor)).await.expect(Status::Ok);
    assert_eq!(item.body["state"], "draft", "the withdrawn text was not published");
    assert!(item.body["history"].as_array().unwrap().iter().all(|s| s["event"] != "publish"));
    let audit = app.get(&format!("/api/v1/audit?target_id={id}&action=news.published"), Some(&admin)).await;
    assert_eq!(audit.expect(Status::Ok).body["entries"], serde_json::json!([]), "no entry for what did not happen");
}

on_both_backends!(a_publish_decided_before_the_author_withdrew_the_item_is_not_written);
