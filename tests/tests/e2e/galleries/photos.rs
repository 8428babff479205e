//! A gallery's photos: only photos of its own unit, public while some published content shows
//! them, and kept from deletion while a gallery shows them.

use cabinet_core::galleries::{GalleryInput, GalleryText, PhotoInput};
use cabinet_core::permission::{Permission, PermissionSet};
use cabinet_core::policy::{Actor, InUnit, Principal, UnitRef, WriteNews, authorize};
use cabinet_core::{UnitKind, UserId};
use cabinet_storage::StorageError;
use cabinet_storage::audit::Origin;
use cabinet_storage::db::Backend;
use cabinet_storage::galleries;
use cabinet_tests::media::PDF;
use cabinet_tests::{TestApp, on_both_backends};
use rocket::http::Status;
use serde_json::json;

use super::{TITLE, anonymous_status, create, desk, draft, gallery, photo, published, put, unpublish};
use crate::media::send_document;

async fn a_photo_another_published_gallery_or_news_item_shows_stays_public(app: TestApp) {
    let desk = desk(&app, "gallery-shared").await;
    let editor = &desk.editor;
    let mut p = Vec::new();
    for n in 1..=4 {
        p.push(photo(&app, &desk.org, editor, n).await);
    }
    let first = published(&app, &desk, &[&p[0], &p[1], &p[3]]).await;
    let second = published(&app, &desk, &[&p[1], &p[2]]).await;
    // A published news item shows the fourth photo (news photos have no API yet: written as
    // the news module will write them).
    let text =
        json!({ "headline": "Итоги семинара", "lead": "Семинар прошёл в Казани.", "body": "Один.\n\nДва.\n\nТри." });
    let news = app.post(&format!("/api/v1/units/{}/news", desk.org), text, Some(editor)).await;
    let news = news.expect(Status::Created).body["id"].as_str().unwrap().to_owned();
    app.post(&format!("/api/v1/news/{news}/submit"), json!({ "readiness_confirmed": true }), Some(editor))
        .await
        .expect(Status::Ok);
    app.post(&format!("/api/v1/news/{news}/publish"), json!({}), Some(&desk.moderator)).await.expect(Status::Ok);
    let sql = "INSERT INTO news_photos (news_id, media_id, position) VALUES ($1, $2, 1)";
    match app.db().backend() {
        Backend::Sqlite(pool) => {
            sqlx::query(sql).bind(news.as_str()).bind(p[3].as_str()).execute(pool).await.map(|_| ())
        }
        Backend::Postgres(pool) => {
            sqlx::query(sql).bind(news.as_str()).bind(p[3].as_str()).execute(pool).await.map(|_| ())
        }
    }
    .unwrap();

    unpublish(&app, &first, &desk.moderator).await.expect(Status::Ok);
    assert_eq!(anonymous_status(&app, &p[0]).await, Status::Unauthorized, "only the first gallery showed it");
    assert_eq!(anonymous_status(&app, &p[1]).await, Status::Ok, "the second gallery still shows it");
    assert_eq!(anonymous_status(&app, &p[2]).await, Status::Ok);
    assert_eq!(anonymous_status(&app, &p[3]).await, Status::Ok, "a published news item still shows it");

    // The author may take it off too (the organization answers for what it publishes).
    unpublish(&app, &second, editor).await.expect(Status::Ok);
    assert_eq!(anonymous_status(&app, &p[1]).await, Status::Unauthorized);
    assert_eq!(anonymous_status(&app, &p[2]).await, Status::Unauthorized);
    assert_eq!(anonymous_status(&app, &p[3]).await, Status::Ok);
}

async fn a_photo_of_another_unit_or_a_document_is_refused_naming_the_entry(app: TestApp) {
    let desk = desk(&app, "gallery-own").await;
    let admin = app.admin().await;
    let other = app.organization(&admin, "gallery-other").await;
    let (_, neighbour) = app.staff(&admin, &other, &["media.upload"]).await;
    let own = photo(&app, &desk.org, &desk.editor, 1).await;
    let foreign = photo(&app, &other, &neighbour, 2).await;
    let document = send_document(&app, &desk.org, "plan.pdf", PDF, &desk.editor).await.expect(Status::Created);
    let document = document.body["id"].as_str().unwrap().to_owned();
    let unknown = uuid::Uuid::now_v7().to_string();

    let body = gallery(TITLE, &[&own, &foreign, &document, &unknown]);
    let refused = create(&app, &desk, body.clone()).await.expect(Status::UnprocessableEntity);
    assert_eq!(refused.code(), "invalid_input");
    let fields = refused.body["error"]["details"]["fields"].as_array().unwrap();
    let named: Vec<(&str, &str)> =
        fields.iter().map(|f| (f["field"].as_str().unwrap(), f["code"].as_str().unwrap())).collect();
    assert_eq!(
        named,
        [
            ("photos[1].media_id", "photo_not_found"),
            ("photos[2].media_id", "not_a_photo"),
            ("photos[3].media_id", "photo_not_found")
        ]
    );
    let told = |f: &serde_json::Value| (f["code"].clone(), f["message"].clone());
    assert_eq!(told(&fields[0]), told(&fields[2]), "another unit's photo is told like an unknown id");
    assert!(fields[1]["message"].as_str().unwrap().starts_with("Это документ, а не фотография"));
    let list = app.get(&format!("/api/v1/units/{}/galleries", desk.org), Some(&desk.editor)).await;
    assert_eq!(list.expect(Status::Ok).body, json!([]), "nothing was saved");

    // An edit is held to the same rule; the gallery keeps what it had.
    let id = draft(&app, &desk, &[&own]).await;
    let edit =
        put(&app, &id, gallery(TITLE, &[&foreign, &own]), &desk.editor).await.expect(Status::UnprocessableEntity);
    assert_eq!(edit.body["error"]["details"]["fields"][0]["field"], "photos[0].media_id");
    let kept = app.get(&format!("/api/v1/galleries/{id}"), Some(&desk.editor)).await.expect(Status::Ok);
    assert_eq!(kept.body["photos"][0]["media_id"], own.as_str());
    assert_eq!(kept.body["photos"].as_array().unwrap().len(), 1);
    assert_eq!(anonymous_status(&app, &foreign).await, Status::Unauthorized);

    // Storage holds the same line by itself: a caller that skipped the check writes nothing.
    let author = Actor {
        principal: Principal::User(UserId::new()),
        label: "author@example.ru".into(),
        unit: UnitRef { id: desk.org.parse().unwrap(), kind: UnitKind::Organization },
        permissions: [Permission::NewsWrite].into_iter().collect::<PermissionSet>(),
    };
    let auth = authorize::<WriteNews>(Some(&author), InUnit(desk.org.parse().unwrap())).unwrap();
    for stray in [&foreign, &document] {
        let photos = [&own, stray].map(|id| PhotoInput { media_id: id.to_string(), caption: String::new() });
        let input = GalleryInput { title: TITLE.into(), photos: photos.to_vec(), ..GalleryInput::default() };
        let text = GalleryText::parse(&input).unwrap();
        let stored = galleries::create(app.db(), &auth, &text, &Origin::default()).await;
        assert!(matches!(stored, Err(StorageError::UnknownReference { what: "photos" })), "{stored:?}");
    }
    let list = app.get(&format!("/api/v1/units/{}/galleries", desk.org), Some(&desk.editor)).await;
    assert_eq!(list.expect(Status::Ok).body.as_array().unwrap().len(), 1, "only the draft made through the API");
}

async fn a_photo_a_gallery_shows_cannot_be_deleted_and_the_author_is_told_why(app: TestApp) {
    let desk = desk(&app, "gallery-keep").await;
    let (p1, p2) = (photo(&app, &desk.org, &desk.editor, 1).await, photo(&app, &desk.org, &desk.editor, 2).await);
    draft(&app, &desk, &[&p1]).await;
    let shown = app.delete(&format!("/api/v1/media/{p1}"), Some(&desk.editor)).await.expect(Status::Conflict);
    assert_eq!(shown.code(), "media_shown");
    assert!(shown.body["error"]["message"].as_str().unwrap().contains("фотогалерее"), "{}", shown.text);
    app.get(&format!("/media/{p1}"), Some(&desk.editor)).await.expect(Status::Ok);

    let public = published(&app, &desk, &[&p2]).await;
    let refused = app.delete(&format!("/api/v1/media/{p2}"), Some(&desk.editor)).await.expect(Status::Conflict);
    assert_eq!(refused.code(), "media_published");
    unpublish(&app, &public, &desk.moderator).await.expect(Status::Ok);
    let still = app.delete(&format!("/api/v1/media/{p2}"), Some(&desk.editor)).await.expect(Status::Conflict);
    assert_eq!(still.code(), "media_shown", "an unpublished gallery still holds its photos");
}

on_both_backends!(
    a_photo_another_published_gallery_or_news_item_shows_stays_public,
    a_photo_of_another_unit_or_a_document_is_refused_naming_the_entry,
    a_photo_a_gallery_shows_cannot_be_deleted_and_the_author_is_told_why,
);
