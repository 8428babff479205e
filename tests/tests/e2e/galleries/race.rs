//! Publications that race: the galleries sharing a photo, taken off the site at the same moment,
//! leave it private; one published while another is taken off leaves it public.

use cabinet_tests::{TestApp, on_both_backends};
use rocket::http::Status;
use serde_json::json;

use super::{anonymous_status, desk, draft, photo, published, submit, unpublish};

/// Rounds of each race: the window is small, so it is tried several times.
const ROUNDS: u32 = 6;

async fn two_galleries_sharing_a_photo_taken_off_at_once_leave_it_private(app: TestApp) {
    let desk = desk(&app, "gallery-race-off").await;
    for round in 0..ROUNDS {
        let shared = photo(&app, &desk.org, &desk.editor, round).await;
        let first = published(&app, &desk, &[&shared]).await;
        let second = published(&app, &desk, &[&shared]).await;
        let (a, b) = tokio::join!(unpublish(&app, &first, &desk.moderator), unpublish(&app, &second, &desk.moderator));
        a.expect(Status::Ok);
        b.expect(Status::Ok);
        assert_eq!(anonymous_status(&app, &shared).await, Status::Unauthorized, "round {round}: nothing shows it");
    }
}

async fn a_gallery_published_while_another_is_taken_off_keeps_the_shared_photo_public(app: TestApp) {
    let desk = desk(&app, "gallery-race-swap").await;
    for round in 0..ROUNDS {
        let shared = photo(&app, &desk.org, &desk.editor, round).await;
        let leaving = published(&app, &desk, &[&shared]).await;
        let coming = draft(&app, &desk, &[&shared]).await;
        submit(&app, &coming, &desk.editor).await.expect(Status::Ok);
        let publish = format!("/api/v1/galleries/{coming}/publish");
        let (a, b) = tokio::join!(
            unpublish(&app, &leaving, &desk.moderator),
            app.post(&publish, json!({}), Some(&desk.moderator))
        );
        a.expect(Status::Ok);
        b.expect(Status::Ok);
        assert_eq!(anonymous_status(&app, &shared).await, Status::Ok, "round {round}: a published gallery shows it");
    }
}

on_both_backends!(
    two_galleries_sharing_a_photo_taken_off_at_once_leave_it_private,
    a_gallery_published_while_another_is_taken_off_keeps_the_shared_photo_public,
);
