//! One item's whole life, as its author and the moderator live it.

use cabinet_tests::{TestApp, on_both_backends};
use rocket::http::Status;
use serde_json::json;

use super::{HEADLINE, codes, desk, put, text};

async fn a_news_item_goes_from_draft_through_moderation_to_the_site_and_off_it(app: TestApp) {
    let desk = desk(&app, "news-walk").await;
    let (editor, moderator) = (&desk.editor, &desk.moderator);

    // Nine paragraphs: saved, with a warning the author sees at once.
    let created = app.post(&format!("/api/v1/units/{}/news", desk.org), text(HEADLINE, 9), Some(editor)).await;
    let created = created.expect(Status::Created);
    assert_eq!(created.body["state"], "draft");
    let id = created.body["id"].as_str().unwrap().to_owned();
    let warning = created.body["findings"].as_array().unwrap().iter().find(|f| f["code"] == "body_paragraphs");
    let warning = warning.unwrap_or_else(|| panic!("a 9-paragraph body is warned about: {}", created.text));
    assert_eq!(warning["severity"], "warning");
    assert_eq!(warning["details"]["paragraphs"], 9);
    assert!(warning["message"].as_str().unwrap().contains("9 абзацев"), "{warning}");
    assert!(created.body["preview_html"].as_str().unwrap().contains("<p>Абзац номер 1"), "{}", created.text);

    // A headline in capitals only is saved, but cannot go to moderation.
    let shouting = put(&app, &id, text("ПРОФСОЮЗ ПРОВЁЛ СЕМИНАР ПО ОХРАНЕ ТРУДА", 4), editor).await.expect(Status::Ok);
    assert!(codes(&shouting.body["findings"]).contains(&"headline_all_caps"), "{}", shouting.text);
    assert_eq!(shouting.body["blocks_submission"], true);
    let submit = format!("/api/v1/news/{id}/submit");
    let refused = app.post(&submit, json!({ "readiness_confirmed": true }), Some(editor)).await;
    let refused = refused.expect(Status::UnprocessableEntity);
    assert_eq!(refused.code(), "news_blocking_findings");
    assert_eq!(refused.body["error"]["details"]["findings"], json!(["headline_all_caps"]));

    // Fixed; without the §5.6 statement of readiness it still waits.
    put(&app, &id, text(HEADLINE, 4), editor).await.expect(Status::Ok);
    let unready = app.post(&submit, json!({}), Some(editor)).await.expect(Status::UnprocessableEntity);
    assert_eq!(unready.code(), "news_readiness_not_confirmed");
    assert!(unready.body["error"]["message"].as_str().unwrap().contains("5.6"), "{}", unready.text);

    let sent = app.post(&submit, json!({ "readiness_confirmed": true }), Some(editor)).await.expect(Status::Ok);
    assert_eq!(sent.body["state"], "submitted");
    assert!(sent.body["readiness_confirmed_at"].is_string(), "{}", sent.text);

    // In the queue, with its organization and how long it has waited.
    let queue = app.get("/api/v1/news/moderation", Some(moderator)).await.expect(Status::Ok);
    let waiting = queue.body.as_array().unwrap().iter().find(|q| q["id"] == id.as_str());
    let waiting = waiting.unwrap_or_else(|| panic!("the item waits in the queue: {}", queue.text));
    assert_eq!(waiting["unit_name"], "news-walk");
    assert!(waiting["waiting_seconds"].as_i64().unwrap() >= 0);
    app.get("/api/v1/news/moderation", Some(editor)).await.expect(Status::Forbidden);

    // Rejected with a reason the author reads, fixes and sends again.
    let reason = "Укажите, кто проводил семинар и сколько уполномоченных в нём участвовало.";
    let rejected = app.post(&format!("/api/v1/news/{id}/reject"), json!({ "reason": reason }), Some(moderator)).await;
    assert_eq!(rejected.expect(Status::Ok).body["state"], "rejected");
    let seen = app.get(&format!("/api/v1/news/{id}"), Some(editor)).await.expect(Status::Ok);
    assert_eq!((seen.body["state"].as_str(), seen.body["reason"].as_str()), (Some("rejected"), Some(reason)));
    let unchanged = app.post(&submit, json!({ "readiness_confirmed": true }), Some(editor)).await;
    assert_eq!(unchanged.expect(Status::Conflict).code(), "news_edit_before_resubmit");
    let edited = put(&app, &id, text("Профсоюз провёл семинар для уполномоченных", 5), editor).await;
    assert_eq!(edited.expect(Status::Ok).body["state"], "draft");
    app.post(&submit, json!({ "readiness_confirmed": true }), Some(editor)).await.expect(Status::Ok);

    let published = app.post(&format!("/api/v1/news/{id}/publish"), json!({}), Some(moderator)).await;
    let published = published.expect(Status::Ok);
    assert_eq!(published.body["state"], "published");
    assert!(published.body["published_by"].as_str().unwrap().starts_with("staff-"), "{}", published.text);
    let frozen = put(&app, &id, text(HEADLINE, 4), editor).await.expect(Status::Conflict);
    assert_eq!(frozen.code(), "news_published_not_editable");

    let why = "Мероприятие перенесено, новость устарела.";
    let off = app.post(&format!("/api/v1/news/{id}/unpublish"), json!({ "reason": why }), Some(moderator)).await;
    assert_eq!(off.expect(Status::Ok).body["state"], "unpublished");

    // The history tells who moved it where, when and why.
    let item = app.get(&format!("/api/v1/news/{id}"), Some(editor)).await.expect(Status::Ok);
    let history = item.body["history"].as_array().unwrap();
    let events: Vec<&str> = history.iter().map(|s| s["event"].as_str().unwrap()).collect();
    assert_eq!(events, ["create", "submit", "reject", "edit", "submit", "publish", "unpublish"]);
    assert_eq!(history[2]["reason"], reason);
    assert_eq!(history[6]["reason"], why);
    assert_eq!(
        (history[2]["from_state"].as_str(), history[2]["to_state"].as_str()),
        (Some("submitted"), Some("rejected"))
    );
    assert!(history.iter().all(|s| s["at"].is_string() && s["actor"].as_str().is_some_and(|a| !a.is_empty())));
    assert_ne!(history[0]["actor"], history[2]["actor"], "the author created it, the moderator rejected it");

    // And the audit log has every step.
    let admin = app.admin().await;
    let audit = app.get(&format!("/api/v1/audit?target_id={id}&limit=100"), Some(&admin)).await.expect(Status::Ok);
    let actions: Vec<&str> =
        audit.body["entries"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    for action in
        ["news.created", "news.updated", "news.submitted", "news.rejected", "news.published", "news.unpublished"]
    {
        assert!(actions.contains(&action), "{action} in the audit log: {actions:?}");
    }
}

on_both_backends!(a_news_item_goes_from_draft_through_moderation_to_the_site_and_off_it);
