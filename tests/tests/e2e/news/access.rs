//! Who may touch a news item: another organization does not see it at all, a colleague without
//! the right is told so, only the moderator publishes, and of two publishes at once one wins.

use cabinet_tests::{TestApp, on_both_backends};
use rocket::http::Status;
use serde_json::json;

use super::{HEADLINE, desk, draft, put, submitted, text};

async fn another_organizations_news_answer_exactly_like_unknown_ids(app: TestApp) {
    let desk = desk(&app, "news-owner").await;
    let id = draft(&app, &desk).await;
    let admin = app.admin().await;
    let other_org = app.organization(&admin, "news-stranger").await;
    let (_, stranger) = app.staff(&admin, &other_org, &["news.write"]).await;
    let unknown = uuid::Uuid::now_v7().to_string();

    for target in [&id, &unknown] {
        let get = app.get(&format!("/api/v1/news/{target}"), Some(&stranger)).await.expect(Status::NotFound);
        let edit = put(&app, target, text(HEADLINE, 4), &stranger).await.expect(Status::NotFound);
        let submit_path = format!("/api/v1/news/{target}/submit");
        let submit = app.post(&submit_path, json!({ "readiness_confirmed": true }), Some(&stranger)).await;
        let submit = submit.expect(Status::NotFound);
        assert_eq!(get.body, edit.body);
        assert_eq!(get.body, submit.body);
        assert_eq!(get.code(), "not_found");
    }
    let foreign = app.get(&format!("/api/v1/news/{id}"), Some(&stranger)).await;
    let missing = app.get(&format!("/api/v1/news/{unknown}"), Some(&stranger)).await;
    assert_eq!(foreign.text, missing.text, "nothing tells a foreign item from an unknown one");
    app.post(&format!("/api/v1/units/{}/news", desk.org), text(HEADLINE, 4), Some(&stranger))
        .await
        .expect(Status::NotFound);
    app.get(&format!("/api/v1/units/{}/news", desk.org), Some(&stranger)).await.expect(Status::NotFound);

    // The owner's list shows it; the item stays a draft.
    let list = app.get(&format!("/api/v1/units/{}/news", desk.org), Some(&desk.editor)).await.expect(Status::Ok);
    assert_eq!(list.body[0]["id"], id.as_str());
    assert_eq!(list.body[0]["state"], "draft");
}

async fn a_colleague_without_news_write_is_refused_and_only_the_moderator_publishes(app: TestApp) {
    let desk = desk(&app, "news-rights").await;
    let id = submitted(&app, &desk).await;
    let admin = app.admin().await;
    let (_, colleague) = app.staff(&admin, &desk.org, &["media.upload"]).await;
    let read = app.get(&format!("/api/v1/news/{id}"), Some(&colleague)).await.expect(Status::Forbidden);
    assert_eq!(read.code(), "forbidden");
    put(&app, &id, text(HEADLINE, 4), &colleague).await.expect(Status::Forbidden);
    app.post(&format!("/api/v1/units/{}/news", desk.org), text(HEADLINE, 4), Some(&colleague))
        .await
        .expect(Status::Forbidden);

    let by_editor = app.post(&format!("/api/v1/news/{id}/publish"), json!({}), Some(&desk.editor)).await;
    assert_eq!(by_editor.expect(Status::Forbidden).code(), "forbidden");
    let reject = app.post(&format!("/api/v1/news/{id}/reject"), json!({ "reason": "нет" }), Some(&desk.editor)).await;
    reject.expect(Status::Forbidden);
    let empty = app.post(&format!("/api/v1/news/{id}/reject"), json!({ "reason": "  " }), Some(&desk.moderator)).await;
    assert_eq!(empty.expect(Status::UnprocessableEntity).body["error"]["details"]["fields"][0]["field"], "reason");
    // The moderator reads and judges the text but does not correct it (§5.7).
    app.get(&format!("/api/v1/news/{id}"), Some(&desk.moderator)).await.expect(Status::Ok);
    put(&app, &id, text(HEADLINE, 4), &desk.moderator).await.expect(Status::Forbidden);
}

async fn of_two_publishes_at_once_one_wins_and_the_other_is_told(app: TestApp) {
    let desk = desk(&app, "news-race").await;
    let id = submitted(&app, &desk).await;
    let path = format!("/api/v1/news/{id}/publish");
    let (a, b) = tokio::join!(
        app.post(&path, json!({}), Some(&desk.moderator)),
        app.post(&path, json!({}), Some(&desk.moderator))
    );
    let mut statuses = [a.status.code, b.status.code];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 409], "{} / {}", a.text, b.text);
    let loser = if a.status == Status::Conflict { &a } else { &b };
    assert!(["news_state_changed", "news_not_submitted"].contains(&loser.code()), "{}", loser.text);

    let admin = app.admin().await;
    let audit = app.get(&format!("/api/v1/audit?target_id={id}&action=news.published"), Some(&admin)).await;
    assert_eq!(audit.expect(Status::Ok).body["entries"].as_array().unwrap().len(), 1, "published once");
    let item = app.get(&format!("/api/v1/news/{id}"), Some(&desk.editor)).await.expect(Status::Ok);
    let publishes = item.body["history"].as_array().unwrap().iter().filter(|s| s["event"] == "publish").count();
    assert_eq!(publishes, 1);
}

on_both_backends!(
    another_organizations_news_answer_exactly_like_unknown_ids,
    a_colleague_without_news_write_is_refused_and_only_the_moderator_publishes,
    of_two_publishes_at_once_one_wins_and_the_other_is_told,
);
