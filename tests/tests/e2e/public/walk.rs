//! Tried as a new user would: an organization's editor fills the profile, writes a news item
//! with photos, goes through moderation, and the item reaches every public place; another
//! organization's draft never does, whatever a caller adds to the address.

use cabinet_tests::media::query_value;
use cabinet_tests::{TestApp, on_both_backends};
use rocket::http::{Method, Status};
use serde_json::json;

use super::{desk, draft, ids, paragraphs, photo, publish, text, unpublish};

/// Everything a caller might add hoping to see what is not published.
const PRYING: &str = "status=draft&state=draft&published=false&preview=1&include=drafts,unpublished&unknown=1";

async fn a_news_item_written_in_a_cabinet_reaches_every_public_place(app: TestApp) {
    let desk = desk(&app, "tver").await;
    let editor = &desk.editor;

    // The profile: only filled sections are published.
    let profile = json!({
        "full_name": "Тверская областная организация Профсоюза работников здравоохранения РФ",
        "chairman": "Иванова Мария Петровна",
        "address": "170100, г. Тверь, ул. Советская, д. 1",
        "phone": "8 (4822) 12-34-56",
        "email": "tver@przrf.ru",
        "responsible": { "name": "Петров Пётр Петрович", "position": "специалист", "email": "petrov@przrf.ru" },
    });
    let path = format!("/api/v1/units/{}/profile", desk.org);
    app.call(Method::Put, &path, Some(&profile), Some(editor)).await.expect(Status::Ok);

    // Photos, one of them shown in the body.
    let (wide, tall) =
        (photo(&app, &desk, "seminar.jpg", 1200, 800).await, photo(&app, &desk, "hall.jpg", 400, 600).await);
    let mut body = text("Профсоюз провёл семинар по охране труда", 9);
    body["body"] = json!(format!("{}\n\n![Участники семинара](media:{wide})", paragraphs(9)));
    body["photos"] = json!([{ "media_id": wide, "caption": "Участники семинара" }, { "media_id": tall }]);
    let created = app.post(&format!("/api/v1/units/{}/news", desk.org), body.clone(), Some(editor)).await;
    let created = created.expect(Status::Created);
    let id = created.body["id"].as_str().unwrap().to_owned();
    let codes: Vec<&str> =
        created.body["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"body_paragraphs"), "a 9-paragraph body is warned about: {}", created.text);
    assert_eq!(created.body["cover_photo_id"], wide.as_str(), "the first photo is the cover");
    assert_eq!(created.body["photos"][0]["width"], 1200);
    assert!(
        created.body["preview_html"].as_str().unwrap().contains(&format!("src=\"http://cabinet.test/media/{wide}\""))
    );

    // Private until published: the public sees no photo, no item.
    app.get(&format!("/media/{wide}"), None).await.expect(Status::Unauthorized);
    app.get(&format!("/api/v1/public/news/{id}"), None).await.expect(Status::NotFound);

    // An all-capitals headline is refused at submission.
    let mut shouting = body.clone();
    shouting["headline"] = json!("ПРОФСОЮЗ ПРОВЁЛ СЕМИНАР ПО ОХРАНЕ ТРУДА");
    app.call(Method::Put, &format!("/api/v1/news/{id}"), Some(&shouting), Some(editor)).await.expect(Status::Ok);
    let submit = format!("/api/v1/news/{id}/submit");
    let refused = app.post(&submit, json!({ "readiness_confirmed": true }), Some(editor)).await;
    assert_eq!(refused.expect(Status::UnprocessableEntity).code(), "news_blocking_findings");

    // Fixed and sent; rejected with a reason; fixed again and published.
    app.call(Method::Put, &format!("/api/v1/news/{id}"), Some(&body), Some(editor)).await.expect(Status::Ok);
    app.post(&submit, json!({ "readiness_confirmed": true }), Some(editor)).await.expect(Status::Ok);
    let reason = json!({ "reason": "Сократите текст до семи абзацев." });
    app.post(&format!("/api/v1/news/{id}/reject"), reason, Some(&desk.moderator)).await.expect(Status::Ok);
    let mut fixed = body.clone();
    fixed["body"] = json!(format!("{}\n\n![Участники семинара](media:{wide})", paragraphs(5)));
    let saved = app.call(Method::Put, &format!("/api/v1/news/{id}"), Some(&fixed), Some(editor)).await;
    assert_eq!(saved.expect(Status::Ok).body["photos"].as_array().unwrap().len(), 2, "photos kept");
    publish(&app, &desk, &id).await;

    // Another organization's draft, to be looked for everywhere.
    let other = super::desk(&app, "pskov").await;
    let hidden = draft(&app, &other, text("Черновик, которого никто не должен видеть", 4)).await;

    // The organization's page: filled sections, never the responsible employee.
    let page = app.get(&format!("/api/v1/public/organizations/tver?{PRYING}"), None).await.expect(Status::Ok);
    let org = &page.body["organization"];
    assert_eq!(org["profile"]["chairman"], "Иванова Мария Петровна");
    assert_eq!(org["profile"]["contacts"]["email"], "tver@przrf.ru");
    assert!(!page.text.contains("petrov@przrf.ru") && !page.text.contains("Петров Пётр"), "{}", page.text);
    assert!(org["profile"].get("website").is_none(), "an empty section is absent: {}", page.text);
    assert_eq!(page.body["latest_news"][0]["id"], id.as_str());
    let by_id = app.get(&format!("/api/v1/public/organizations/{}", desk.org), None).await.expect(Status::Ok);
    assert_eq!(by_id.body["organization"], page.body["organization"]);

    // The organization's news and the union's: the item with its cover, never the draft.
    for list in [format!("/api/v1/public/organizations/tver/news?{PRYING}"), format!("/api/v1/public/news?{PRYING}")] {
        let listed = app.get(&list, None).await.expect(Status::Ok);
        assert_eq!(ids(&listed.body), std::slice::from_ref(&id), "{list}: {}", listed.text);
        let cover = &listed.body["items"][0]["cover"];
        assert_eq!(
            (cover["url"].as_str(), cover["width"].as_i64(), cover["height"].as_i64()),
            (Some(format!("http://cabinet.test/media/{wide}").as_str()), Some(1200), Some(800))
        );
        assert!(!listed.text.contains(&hidden));
    }
    let other_list = app.get(&format!("/api/v1/public/organizations/pskov/news?{PRYING}"), None).await;
    assert_eq!(ids(&other_list.expect(Status::Ok).body), Vec::<String>::new());

    // The item: Markdown source, sanitized HTML with its own photo, every photo with its size.
    let item = app.get(&format!("/api/v1/public/news/{id}?{PRYING}"), None).await.expect(Status::Ok);
    assert_eq!(item.body["organization"]["slug"], "tver");
    assert!(item.body["body_markdown"].as_str().unwrap().contains(&format!("media:{wide}")));
    let html = item.body["body_html"].as_str().unwrap();
    assert!(html.contains(&format!("<img src=\"http://cabinet.test/media/{wide}\"")), "{html}");
    assert_eq!(item.body["photos"][1]["height"], 600);
    assert_eq!(item.body["photos"][0]["caption"], "Участники семинара");
    app.get(&format!("/api/v1/public/news/{hidden}?{PRYING}"), None).await.expect(Status::NotFound);

    // Published photos are public now.
    let served = app.get(&format!("/media/{wide}"), None).await.expect(Status::Ok);
    assert_eq!(served.header("Cache-Control"), Some("public, no-cache"), "revalidated: it may leave");

    // Both Atom feeds carry it, neither the draft.
    for feed in ["/api/v1/public/news.atom".to_owned(), "/api/v1/public/organizations/tver/news.atom".to_owned()] {
        let atom = app.get(&format!("{feed}?{PRYING}"), None).await.expect(Status::Ok);
        assert!(atom.header("Content-Type").unwrap().starts_with("application/atom+xml"));
        assert!(
            atom.text.contains("<feed") && atom.text.contains("Профсоюз провёл семинар по охране труда"),
            "{}",
            atom.text
        );
        assert!(atom.text.contains(&format!("urn:uuid:{id}")));
        assert!(!atom.text.contains(&hidden) && !atom.text.contains("Черновик"));
    }
    let pskov = app.get("/api/v1/public/organizations/pskov/news.atom", None).await.expect(Status::Ok);
    assert!(!pskov.text.contains("<entry"), "{}", pskov.text);

    // The directory lists both organizations, each with its filled sections only.
    let directory = app.get(&format!("/api/v1/public/organizations?{PRYING}"), None).await.expect(Status::Ok);
    let slugs: Vec<&str> = directory.body.as_array().unwrap().iter().map(|o| o["slug"].as_str().unwrap()).collect();
    assert_eq!(slugs, ["pskov", "tver"]);
    assert!(directory.body[0].get("profile").is_none(), "pskov filled nothing: {}", directory.text);
    let region = app
        .get(&format!("/api/v1/public/organizations?region={}", query_value("Нигде")), None)
        .await
        .expect(Status::Ok);
    assert_eq!(region.body, json!([]));

    // Unpublished: gone from every list, the item and its photos leave their public addresses.
    unpublish(&app, &desk, &id).await;
    let after = app.get("/api/v1/public/news", None).await.expect(Status::Ok);
    assert_eq!(ids(&after.body), Vec::<String>::new());
    app.get(&format!("/api/v1/public/news/{id}"), None).await.expect(Status::NotFound);
    app.get(&format!("/media/{wide}"), None).await.expect(Status::Unauthorized);
    let atom = app.get("/api/v1/public/news.atom", None).await.expect(Status::Ok);
    assert!(!atom.text.contains(&id));
}

async fn a_photo_shown_by_another_published_item_stays_public(app: TestApp) {
    let desk = desk(&app, "tula").await;
    let shared = photo(&app, &desk, "shared.jpg", 800, 600).await;
    let mut body = text("Профсоюз провёл семинар по охране труда", 4);
    body["photos"] = json!([{ "media_id": shared }]);
    let (first, second) = (draft(&app, &desk, body.clone()).await, draft(&app, &desk, body).await);
    publish(&app, &desk, &first).await;
    publish(&app, &desk, &second).await;
    unpublish(&app, &desk, &first).await;
    app.get(&format!("/media/{shared}"), None).await.expect(Status::Ok);
    unpublish(&app, &desk, &second).await;
    app.get(&format!("/media/{shared}"), None).await.expect(Status::Unauthorized);
}

async fn news_photos_must_be_the_organizations_own(app: TestApp) {
    let desk = desk(&app, "kursk").await;
    let other = super::desk(&app, "orel").await;
    let foreign = photo(&app, &other, "foreign.jpg", 800, 600).await;
    let own = photo(&app, &desk, "own.jpg", 800, 600).await;
    let mut body = text("Профсоюз провёл семинар по охране труда", 4);
    body["photos"] = json!([{ "media_id": own }, { "media_id": foreign }, { "media_id": own }]);
    body["cover_photo_id"] = json!("00000000-0000-7000-8000-000000000000");
    let refused = app.post(&format!("/api/v1/units/{}/news", desk.org), body.clone(), Some(&desk.editor)).await;
    let refused = refused.expect(Status::UnprocessableEntity);
    let fields: Vec<&str> = refused.body["error"]["details"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["photos[2].media_id", "cover_photo_id"], "{}", refused.text);

    body["photos"] = json!([{ "media_id": own }, { "media_id": foreign }]);
    body["cover_photo_id"] = json!(own);
    let refused = app.post(&format!("/api/v1/units/{}/news", desk.org), body, Some(&desk.editor)).await;
    let refused = refused.expect(Status::UnprocessableEntity);
    assert_eq!(refused.body["error"]["details"]["fields"][0]["field"], "photos[1].media_id");
    assert_eq!(refused.body["error"]["details"]["fields"][0]["code"], "not_own_photo");

    // A photo an item shows cannot be deleted under it.
    let mut body = text("Профсоюз провёл семинар по охране труда", 4);
    body["photos"] = json!([{ "media_id": own }]);
    draft(&app, &desk, body).await;
    let deleted = app.delete(&format!("/api/v1/media/{own}"), Some(&desk.editor)).await.expect(Status::Conflict);
    assert_eq!(deleted.code(), "media_shown");
}

/// What sites insert into their pages as it is: hostile Markdown comes out inert there, benign
/// Markdown keeps its structure.
async fn hostile_markdown_reaches_the_public_api_harmless(app: TestApp) {
    let desk = super::desk(&app, "vladimir").await;
    let hostile = [
        "<script>alert(1)</script>",
        "[нажмите](javascript:alert(1))",
        "[данные](data:text/html;base64,PHNjcmlwdD4=)",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)><circle r=5/></svg>",
        "<iframe src=\"https://evil.example\"></iframe>",
        "<style>body{display:none}</style>",
        "<a href=\"#\" style=\"position:fixed\" onclick=\"steal()\">ссылка</a>",
        "![трекер](https://evil.example/pixel.gif)",
    ];
    let benign = "## Итоги\n\n- первый пункт\n- второй пункт\n\n> Цитата председателя.\n\n[Сайт ФНПР](https://fnpr.ru)";
    let mut body = text("Профсоюз провёл семинар по охране труда", 4);
    body["body"] = json!(format!("{}\n\n{benign}", hostile.join("\n\n")));
    let id = draft(&app, &desk, body).await;
    publish(&app, &desk, &id).await;
    let item = app.get(&format!("/api/v1/public/news/{id}"), None).await.expect(Status::Ok);
    let html = item.body["body_html"].as_str().unwrap().to_lowercase();
    for element in ["<script", "<svg", "<iframe", "<style", "<img", "evil.example/pixel"] {
        assert!(!html.contains(element), "«{element}» survived: {html}");
    }
    // Raw HTML is shown as text; no tag that remains carries a handler, a style or a script URL.
    for tag in html.split('<').skip(1).map(|rest| rest.split('>').next().unwrap_or_default()) {
        for attribute in ["onerror", "onload", "onclick", "style=", "javascript:", "data:"] {
            assert!(!tag.contains(attribute), "<{tag}> carries «{attribute}»: {html}");
        }
    }
    for kept in ["<h2>итоги</h2>", "<li>первый пункт</li>", "<blockquote>", "<a href=\"https://fnpr.ru\"", "alert(1)"]
    {
        assert!(html.contains(kept), "«{kept}» lost: {html}");
    }
    let atom = app.get("/api/v1/public/news.atom", None).await.expect(Status::Ok);
    assert!(!atom.text.to_lowercase().contains("<script"), "the feed escapes its HTML content");
}

on_both_backends!(
    a_news_item_written_in_a_cabinet_reaches_every_public_place,
    a_photo_shown_by_another_published_item_stays_public,
    news_photos_must_be_the_organizations_own,
    hostile_markdown_reaches_the_public_api_harmless,
);
