//! Who may touch a gallery: another organization does not see it at all, a colleague without
//! the right is told so, and only the moderator publishes.

use cabinet_tests::{Resp, Session, TestApp, on_both_backends};
use rocket::http::{Method, Status};
use serde_json::{Value, json};

use super::{TITLE, desk, draft, gallery, photo, put, submit};

/// Every gallery route that names a gallery, called by `session` on gallery `id`.
async fn every_route(app: &TestApp, id: &str, session: &Session) -> Vec<(String, Resp)> {
    let reason = json!({ "reason": "Не то мероприятие." });
    let calls: [(Method, String, Option<Value>); 6] = [
        (Method::Get, format!("/api/v1/galleries/{id}"), None),
        (Method::Put, format!("/api/v1/galleries/{id}"), Some(gallery(TITLE, &[]))),
        (Method::Post, format!("/api/v1/galleries/{id}/submit"), Some(json!({ "readiness_confirmed": true }))),
        (Method::Post, format!("/api/v1/galleries/{id}/publish"), Some(json!({}))),
        (Method::Post, format!("/api/v1/galleries/{id}/reject"), Some(reason.clone())),
        (Method::Post, format!("/api/v1/galleries/{id}/unpublish"), Some(reason)),
    ];
    let mut answers = Vec::new();
    for (method, path, body) in calls {
        let resp = app.call(method, &path, body.as_ref(), Some(session)).await;
        answers.push((format!("{method} {}", path.replace(id, "{id}")), resp));
    }
    answers
}

async fn another_organizations_galleries_answer_exactly_like_unknown_ids(app: TestApp) {
    let desk = desk(&app, "gallery-owner").await;
    let own = photo(&app, &desk.org, &desk.editor, 1).await;
    let id = draft(&app, &desk, &[&own]).await;
    submit(&app, &id, &desk.editor).await.expect(Status::Ok);
    let admin = app.admin().await;
    let other = app.organization(&admin, "gallery-stranger").await;
    let unknown = uuid::Uuid::now_v7().to_string();

    // With every right a gallery route asks for, and with the author's right alone.
    for rights in [&["news.write", "news.moderate", "media.upload"][..], &["news.write"]] {
        let (_, stranger) = app.staff(&admin, &other, rights).await;
        let foreign = every_route(&app, &id, &stranger).await;
        let missing = every_route(&app, &unknown, &stranger).await;
        for ((route, foreign), (_, missing)) in foreign.iter().zip(&missing) {
            assert_eq!(foreign.status, missing.status, "{route} with {rights:?}: {}", foreign.text);
            assert_eq!(foreign.text, missing.text, "{route} with {rights:?}: nothing tells a foreign gallery");
            if rights.len() == 3 {
                assert_eq!(foreign.status, Status::NotFound, "{route}: {}", foreign.text);
                assert_eq!(foreign.code(), "not_found");
            }
        }
        let unit_galleries = format!("/api/v1/units/{}/galleries", desk.org);
        app.post(&unit_galleries, gallery(TITLE, &[]), Some(&stranger)).await.expect(Status::NotFound);
        app.get(&unit_galleries, Some(&stranger)).await.expect(Status::NotFound);
    }
    // Nothing moved.
    let item = app.get(&format!("/api/v1/galleries/{id}"), Some(&desk.editor)).await.expect(Status::Ok);
    assert_eq!(item.body["state"], "submitted");
    assert_eq!(item.body["history"].as_array().unwrap().len(), 2);
}

async fn a_colleague_without_news_write_is_refused_and_only_the_moderator_publishes(app: TestApp) {
    let desk = desk(&app, "gallery-rights").await;
    let own = photo(&app, &desk.org, &desk.editor, 1).await;
    let id = draft(&app, &desk, &[&own]).await;
    submit(&app, &id, &desk.editor).await.expect(Status::Ok);
    let admin = app.admin().await;
    let (_, colleague) = app.staff(&admin, &desk.org, &["media.upload"]).await;
    let read = app.get(&format!("/api/v1/galleries/{id}"), Some(&colleague)).await.expect(Status::Forbidden);
    assert_eq!(read.code(), "forbidden");
    put(&app, &id, gallery(TITLE, &[&own]), &colleague).await.expect(Status::Forbidden);
    let path = format!("/api/v1/units/{}/galleries", desk.org);
    app.post(&path, gallery(TITLE, &[]), Some(&colleague)).await.expect(Status::Forbidden);

    let by_editor = app.post(&format!("/api/v1/galleries/{id}/publish"), json!({}), Some(&desk.editor)).await;
    assert_eq!(by_editor.expect(Status::Forbidden).code(), "forbidden");
    let reject = format!("/api/v1/galleries/{id}/reject");
    let empty = app.post(&reject, json!({ "reason": "  " }), Some(&desk.moderator)).await;
    let empty = empty.expect(Status::UnprocessableEntity);
    assert_eq!(empty.body["error"]["details"]["fields"][0]["field"], "reason");
    assert!(empty.body["error"]["message"].as_str().unwrap().contains("истории фотогалереи"), "{}", empty.text);
    // The moderator reads and judges the gallery but does not change it.
    app.get(&format!("/api/v1/galleries/{id}"), Some(&desk.moderator)).await.expect(Status::Ok);
    put(&app, &id, gallery(TITLE, &[&own]), &desk.moderator).await.expect(Status::Forbidden);
}

on_both_backends!(
    another_organizations_galleries_answer_exactly_like_unknown_ids,
    a_colleague_without_news_write_is_refused_and_only_the_moderator_publishes,
);
