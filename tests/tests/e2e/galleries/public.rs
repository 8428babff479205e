//! What anybody reads of galleries, through storage (the public routes build on it): published
//! galleries only, newest first, paged by key, with their photos in order.

use cabinet_core::UnitId;
use cabinet_core::ids::GalleryId;
use cabinet_core::policy::{Public, ReadPublic, authorize};
use cabinet_storage::StorageError;
use cabinet_storage::galleries::{self, PublicGallery};
use cabinet_tests::{TestApp, on_both_backends};
use rocket::http::Status;

use super::{Desk, desk, draft, photo, published, unpublish};

fn ids(list: &[PublicGallery]) -> Vec<String> {
    list.iter().map(|g| g.id.to_string()).collect()
}

fn key(g: &PublicGallery) -> Option<(i64, GalleryId)> {
    Some((g.published_at, g.id))
}

async fn published_galleries_are_read_newest_first_by_key_with_their_photos_and_nothing_else(app: TestApp) {
    let a = desk(&app, "public-a").await;
    let admin = app.admin().await;
    let org_b = app.organization(&admin, "public-b").await;
    let (_, editor_b) = app.staff(&admin, &org_b, &["news.write", "media.upload"]).await;
    let b = Desk { org: org_b, editor: editor_b, moderator: a.moderator.clone() };
    let mut p = Vec::new();
    for n in 1..=6 {
        p.push(photo(&app, &a.org, &a.editor, n).await);
    }
    let first = published(&app, &a, &[&p[1], &p[0]]).await;
    let second = published(&app, &a, &[&p[2]]).await;
    let hidden = draft(&app, &a, &[&p[3]]).await;
    let withdrawn = published(&app, &a, &[&p[4]]).await;
    unpublish(&app, &withdrawn, &a.editor).await.expect(Status::Ok);
    let waiting = draft(&app, &a, &[&p[5]]).await;
    super::submit(&app, &waiting, &a.editor).await.expect(Status::Ok);
    let other = published(&app, &b, &[&photo(&app, &b.org, &b.editor, 7).await]).await;

    let db = app.db();
    let auth = authorize::<ReadPublic>(None, Public).unwrap();
    let all = galleries::published(db, &auth, None, None, 50).await.unwrap();
    assert_eq!(ids(&all), [other.as_str(), second.as_str(), first.as_str()], "published only, newest first");
    assert!(all.windows(2).all(|w| (w[0].published_at, w[0].id) > (w[1].published_at, w[1].id)));

    // Keyset pages: each starts after the last key of the one before.
    let page = galleries::published(db, &auth, None, None, 2).await.unwrap();
    assert_eq!(ids(&page), [other.as_str(), second.as_str()]);
    let rest = galleries::published(db, &auth, None, key(&page[1]), 2).await.unwrap();
    assert_eq!(ids(&rest), [first.as_str()]);
    assert!(galleries::published(db, &auth, None, key(&rest[0]), 2).await.unwrap().is_empty());

    // One organization's.
    let unit: UnitId = a.org.parse().unwrap();
    let own = galleries::published(db, &auth, Some(unit), None, 50).await.unwrap();
    assert_eq!(ids(&own), [second.as_str(), first.as_str()]);
    let own_rest = galleries::published(db, &auth, Some(unit), key(&own[0]), 50).await.unwrap();
    assert_eq!(ids(&own_rest), [first.as_str()]);

    // The photos, in the gallery's order, with captions and sizes.
    let shown = &own[1];
    assert_eq!(
        (shown.title.as_str(), shown.event_date.as_deref(), shown.event_place.as_deref()),
        (super::TITLE, Some("2026-11-20"), Some("Казань, Дом профсоюзов"))
    );
    assert_eq!(shown.unit_id, unit);
    let photos: Vec<(String, Option<&str>, i64, u32, u32)> = shown
        .photos
        .iter()
        .map(|ph| (ph.media_id.to_string(), ph.caption.as_deref(), ph.position, ph.width, ph.height))
        .collect();
    assert_eq!(photos, [(p[1].clone(), Some("Открытие семинара"), 1, 322, 240), (p[0].clone(), None, 2, 321, 240)]);
    let one = galleries::get_published(db, &auth, first.parse().unwrap()).await.unwrap();
    assert_eq!(&one, shown);

    // A draft, a gallery in moderation and an unpublished one are not found.
    for id in [&hidden, &waiting, &withdrawn] {
        let found = galleries::get_published(db, &auth, id.parse().unwrap()).await;
        assert!(matches!(found, Err(StorageError::NotFound)), "{id}: {found:?}");
    }
    let unknown = galleries::get_published(db, &auth, GalleryId::new()).await;
    assert!(matches!(unknown, Err(StorageError::NotFound)));

    // Taken off: gone from every list at once.
    unpublish(&app, &second, &a.moderator).await.expect(Status::Ok);
    let after = galleries::published(db, &auth, Some(unit), None, 50).await.unwrap();
    assert_eq!(ids(&after), [first]);
}

on_both_backends!(published_galleries_are_read_newest_first_by_key_with_their_photos_and_nothing_else);
