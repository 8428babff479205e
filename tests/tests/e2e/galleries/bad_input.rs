//! Bad input on every gallery route gets a 4xx with the error envelope, never a 500.

use cabinet_tests::{Resp, TestApp, on_both_backends};
use rocket::http::{ContentType, Method, Status};
use serde_json::{Value, json};

use super::{TITLE, desk, draft, photo};

#[track_caller]
fn refused(resp: &Resp, what: &str) {
    assert!(resp.status.code >= 400 && resp.status.code < 500, "{what}: {} {}", resp.status, resp.text);
    assert!(!resp.code().is_empty(), "{what}: the envelope: {}", resp.text);
    let message = resp.body["error"]["message"].as_str().unwrap_or_default();
    assert!(message.chars().any(|c| ('а'..='я').contains(&c.to_lowercase().next().unwrap())), "{what}: Russian");
}

async fn bad_gallery_input_is_refused_with_the_envelope_and_never_a_500(app: TestApp) {
    let desk = desk(&app, "gallery-bad").await;
    let own = photo(&app, &desk.org, &desk.editor, 1).await;
    let id = draft(&app, &desk, &[&own]).await;
    let s = Some(&desk.editor);
    let bodies: Vec<(&str, Value)> = vec![
        ("title of the wrong type", json!({ "title": 5 })),
        ("no title", json!({ "photos": [] })),
        ("photos not a list", json!({ "title": TITLE, "photos": "all" })),
        ("media id of the wrong type", json!({ "title": TITLE, "photos": [{ "media_id": 5 }] })),
        ("a photo without its id", json!({ "title": TITLE, "photos": [{ "caption": "Зал" }] })),
        ("unknown field", json!({ "title": TITLE, "cover": own })),
        ("unknown field of a photo", json!({ "title": TITLE, "photos": [{ "media_id": own, "order": 1 }] })),
        ("a list instead of an object", json!([1, 2])),
        ("event date of the wrong type", json!({ "title": TITLE, "event_date": 20261120 })),
    ];
    for path in [format!("/api/v1/units/{}/galleries", desk.org), format!("/api/v1/galleries/{id}")] {
        let method = if path.contains("/units/") { Method::Post } else { Method::Put };
        for (what, body) in &bodies {
            let resp = app.call(method, &path, Some(body), s).await;
            refused(&resp, &format!("{method} {path}: {what}"));
            assert_eq!(resp.status, Status::UnprocessableEntity, "{what}: {}", resp.text);
        }
        let truncated = app.raw(method, &path, Some("{\"title\": "), Some(ContentType::JSON), s, &[]).await;
        refused(&truncated, "truncated JSON");
        assert_eq!(truncated.code(), "malformed_json");
        let form = app.raw(method, &path, Some("title=x"), Some(ContentType::Form), s, &[]).await;
        assert_eq!(form.status, Status::UnsupportedMediaType, "{}", form.text);

        // 201 photos: named by count, not one by one.
        let many: Vec<Value> = (0..201).map(|_| json!({ "media_id": uuid::Uuid::now_v7() })).collect();
        let resp = app.call(method, &path, Some(&json!({ "title": TITLE, "photos": many })), s).await;
        refused(&resp, "201 photos");
        let fields = resp.body["error"]["details"]["fields"].as_array().unwrap();
        assert_eq!((fields[0]["field"].as_str(), fields[0]["code"].as_str()), (Some("photos"), Some("too_many")));
        assert!(fields[0]["message"].as_str().unwrap().contains("201 фотография"), "{}", resp.text);

        // Values out of their limits, each under its path.
        let long = json!({
            "title": "ж".repeat(201), "event_date": "2026-02-30", "event_place": "м".repeat(301),
            "description": "о".repeat(2001),
            "photos": [{ "media_id": "nope" }, { "media_id": own, "caption": "п".repeat(501) }, { "media_id": own }],
        });
        let resp = app.call(method, &path, Some(&long), s).await.expect(Status::UnprocessableEntity);
        let named: Vec<&str> = resp.body["error"]["details"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["field"].as_str().unwrap())
            .collect();
        assert_eq!(
            named,
            [
                "title",
                "event_date",
                "event_place",
                "description",
                "photos[0].media_id",
                "photos[1].caption",
                "photos[2].media_id"
            ],
            "{}",
            resp.text
        );
    }

    // Moves, lists and ids.
    let submit = format!("/api/v1/galleries/{id}/submit");
    let resp = app.post(&submit, json!({ "readiness_confirmed": "yes" }), s).await.expect(Status::UnprocessableEntity);
    assert_eq!(resp.body["error"]["details"]["fields"][0]["field"], "readiness_confirmed");
    let reject = format!("/api/v1/galleries/{id}/reject");
    for body in [json!({}), json!({ "reason": 5 }), json!({ "reason": "п".repeat(2001) })] {
        let resp = app.post(&reject, body, Some(&desk.moderator)).await;
        refused(&resp, "a bad reason");
    }
    for path in [
        format!("/api/v1/units/{}/galleries?limit=0", desk.org),
        format!("/api/v1/units/{}/galleries?before=nope", desk.org),
        "/api/v1/galleries/moderation?limit=100000".to_owned(),
    ] {
        let session = if path.contains("moderation") { &desk.moderator } else { &desk.editor };
        let resp = app.get(&path, Some(session)).await.expect(Status::UnprocessableEntity);
        refused(&resp, &path);
    }
    for path in ["/api/v1/galleries/nope", "/api/v1/galleries/nope/submit", "/api/v1/units/nope/galleries"] {
        let resp = if path.ends_with("submit") || path.ends_with("galleries") {
            app.post(path, json!({ "title": TITLE, "readiness_confirmed": true }), s).await
        } else {
            app.get(path, s).await
        };
        assert_eq!(resp.status, Status::NotFound, "{path}: {}", resp.text);
        refused(&resp, path);
    }
    // Central staff may name any unit; one that does not exist is not found.
    let admin = app.admin().await;
    let nowhere = format!("/api/v1/units/{}/galleries", uuid::Uuid::now_v7());
    let resp = app.post(&nowhere, json!({ "title": TITLE, "photos": [{ "media_id": own }] }), Some(&admin)).await;
    assert_eq!(resp.expect(Status::NotFound).code(), "not_found");
}

on_both_backends!(bad_gallery_input_is_refused_with_the_envelope_and_never_a_500);
