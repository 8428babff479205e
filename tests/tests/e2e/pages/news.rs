//! News through the pages only (§5): the author writes an item with a photo — a Cyrillic file
//! name refused with its Latin suggestion, then the renamed file taken —, sees the §5.4
//! findings and submits with the readiness statement; the moderator rejects with a reason, the
//! author fixes and resubmits, the moderator publishes; the item shows on the organization's
//! public page until it is taken off.

use cabinet_tests::media::jpeg;
use cabinet_tests::pages::{Browser, csrf_of};
use cabinet_tests::{Resp, TestApp, on_both_backends};
use rocket::http::{Method, Status};

use super::follow;

const CAPS: &str = "ПРОФСОЮЗ ПРОВЁЛ СЕМИНАР ПО ОХРАНЕ ТРУДА";
const HEADLINE: &str = "Профсоюз провёл семинар по охране труда";
const LEAD: &str = "Профсоюз провёл в Казани семинар для уполномоченных по охране труда больниц республики.";
const CAPTION: &str = "Участники семинара";

fn body(paragraphs: usize) -> String {
    (1..=paragraphs).map(|i| format!("Абзац номер {i} о семинаре по охране труда.")).collect::<Vec<_>>().join("\n\n")
}

/// The id an editor's redirect points at.
fn item_id(resp: &Resp) -> String {
    let location = resp.header("Location").unwrap_or_else(|| panic!("a redirect: {}", resp.text));
    location.trim_start_matches("/news/").to_owned()
}

/// The id of the first photo in the editor.
fn photo_id(html: &str) -> String {
    let marker = "name=\"photos[0].media_id\" value=\"";
    let start = html.find(marker).expect("a photo row") + marker.len();
    html[start..].split('"').next().unwrap().to_owned()
}

async fn photos_stored(app: &TestApp, org: &str, author: &cabinet_tests::Session) -> usize {
    let list = app.get(&format!("/api/v1/units/{org}/media?kind=photo"), Some(author)).await.expect(Status::Ok);
    list.body.as_array().unwrap().len()
}

async fn a_news_item_goes_from_the_editor_through_moderation_to_the_public_page(app: TestApp) {
    let admin = app.admin().await;
    let org = app.organization(&admin, "news-journey").await;
    let (_, author) = app.staff(&admin, &org, &["news.write", "media.upload"]).await;
    let central = app.central(&admin).await;
    let (_, moderator) = app.staff(&admin, &central, &["news.moderate"]).await;
    let mut writer = Browser::signed_in(&author);
    let mut desk = Browser::signed_in(&moderator);
    let mut reader = Browser::default();

    // A photo named in Cyrillic is refused at its field, with a Latin name to rename it to.
    let page = app.page(&mut writer, "/news/new").await.expect(Status::Ok);
    let csrf = csrf_of(&page.text);
    let body4 = body(4);
    let fields = [
        ("_csrf", csrf.as_str()),
        ("headline", CAPS),
        ("lead", LEAD),
        ("body", body4.as_str()),
        ("event_date", "2026-11-20"),
        ("event_place", "Казань"),
        ("photo_caption", CAPTION),
    ];
    let photo = jpeg(800, 600);
    let resp = app.post_multipart(&mut writer, "/news/new", &fields, ("photo", "Фото с семинара.jpg", &photo)).await;
    assert_eq!(resp.status, Status::UnprocessableEntity, "{}", resp.text);
    assert!(resp.text.contains("id=\"f-photo-error\""), "the refusal at the file field: {}", resp.text);
    assert!(resp.text.contains("Foto_s_seminara.jpg"), "the suggested name: {}", resp.text);
    assert!(resp.text.contains(&format!("value=\"{CAPS}\"")), "what was typed stays");
    assert_eq!(photos_stored(&app, &org, &author).await, 0, "nothing stored");
    let list = app.page(&mut writer, "/news").await.expect(Status::Ok);
    assert!(list.text.contains("Новостей пока нет"), "nothing saved either: {}", list.text);

    // Renamed, the photo is taken and the draft saved; the findings of §5.4 are shown.
    let resp = app.post_multipart(&mut writer, "/news/new", &fields, ("photo", "Foto_s_seminara.jpg", &photo)).await;
    let id = item_id(&resp);
    let page = follow(&app, &mut writer, resp).await.expect(Status::Ok);
    assert!(page.text.contains("Новость сохранена как черновик"), "{}", page.text);
    assert!(page.text.contains("одними заглавными буквами") && page.text.contains("Мешает отправке"), "{}", page.text);
    let photo_id = photo_id(&page.text);
    assert!(page.text.contains(&format!("/media/{photo_id}")), "the photo is shown");
    assert!(page.text.contains("Как увидит посетитель сайта") && page.text.contains(LEAD), "the preview");
    assert_eq!(photos_stored(&app, &org, &author).await, 1);

    let editor = format!("/news/{id}");
    let submit = format!("/news/{id}/submit");
    let resp = app.submit(&mut writer, &editor, &submit, &[("readiness_confirmed", "on")]).await;
    assert_eq!(resp.status, Status::UnprocessableEntity, "a blocking finding stops it: {}", resp.text);
    assert!(resp.text.contains("нельзя отправить на модерацию"), "{}", resp.text);

    let photo_field = [("photos[0].media_id", photo_id.as_str()), ("photos[0].caption", CAPTION)];
    let mut fixed = vec![("headline", HEADLINE), ("lead", LEAD), ("body", body4.as_str()), ("event_place", "Казань")];
    fixed.extend(photo_field);
    fixed.push(("event_date", "2026-11-20"));
    let resp = app.submit(&mut writer, &editor, &editor, &fixed).await;
    let page = follow(&app, &mut writer, resp).await.expect(Status::Ok);
    assert!(page.text.contains("Замечаний по п. 5.4 Положения нет"), "{}", page.text);

    let resp = app.submit(&mut writer, &editor, &submit, &[]).await;
    assert_eq!(resp.status, Status::UnprocessableEntity, "{}", resp.text);
    assert!(resp.text.contains("id=\"f-readiness_confirmed-error\""), "readiness asked at its box: {}", resp.text);
    let resp = app.submit(&mut writer, &editor, &submit, &[("readiness_confirmed", "on")]).await;
    let page = follow(&app, &mut writer, resp).await.expect(Status::Ok);
    assert!(page.text.contains("Новость отправлена на модерацию") && page.text.contains("на модерации"));

    // The moderator finds it in the queue and rejects it; an empty reason is refused at its field.
    let queue = app.page(&mut desk, "/moderation").await.expect(Status::Ok);
    assert!(queue.text.contains(HEADLINE) && queue.text.contains("news-journey"), "{}", queue.text);
    let item = format!("/moderation/{id}");
    let page = app.page(&mut desk, &item).await.expect(Status::Ok);
    assert!(page.text.contains("Как увидит посетитель сайта") && page.text.contains(LEAD), "{}", page.text);
    let resp = app.submit(&mut desk, &item, &format!("{item}/reject"), &[("reason", "")]).await;
    assert_eq!(resp.status, Status::UnprocessableEntity, "{}", resp.text);
    assert!(resp.text.contains("id=\"f-reason-error\""), "the reason is asked at its field: {}", resp.text);
    let reason = "Укажите, кто выступал на семинаре.";
    let resp = app.submit(&mut desk, &item, &format!("{item}/reject"), &[("reason", reason)]).await;
    let page = follow(&app, &mut desk, resp).await.expect(Status::Ok);
    assert!(page.text.contains("отклонена"), "{}", page.text);

    // The author sees why, on the list and in the editor; nothing is public meanwhile.
    let list = app.page(&mut writer, "/news").await.expect(Status::Ok);
    assert!(list.text.contains(reason) && list.text.contains("отклонена"), "{}", list.text);
    let page = app.page(&mut writer, &editor).await.expect(Status::Ok);
    assert!(page.text.contains(&format!("Причина: {reason}")), "{}", page.text);
    let public_item = format!("/o/news-journey/news/{id}");
    app.page(&mut reader, &public_item).await.expect(Status::NotFound);
    let public = app.page(&mut reader, "/o/news-journey").await.expect(Status::Ok);
    assert!(!public.text.contains(HEADLINE), "a rejected item is not on the public page");
    let photo_url = format!("/media/{photo_id}");
    let private = app.raw(Method::Get, &photo_url, None, None, None, &[]).await;
    assert_ne!(private.status, Status::Ok, "nor is its photo");

    let body5 = body(5);
    let mut fixed = vec![("headline", HEADLINE), ("lead", LEAD), ("body", body5.as_str()), ("event_place", "Казань")];
    fixed.extend(photo_field);
    let resp = app.submit(&mut writer, &editor, &editor, &fixed).await;
    follow(&app, &mut writer, resp).await.expect(Status::Ok);
    let resp = app.submit(&mut writer, &editor, &submit, &[("readiness_confirmed", "on")]).await;
    follow(&app, &mut writer, resp).await.expect(Status::Ok);

    let resp = app.submit(&mut desk, &item, &format!("{item}/publish"), &[]).await;
    let page = follow(&app, &mut desk, resp).await.expect(Status::Ok);
    assert!(page.text.contains(&format!("Новость «{HEADLINE}» опубликована")), "{}", page.text);

    // On the organization's public page at once, and on its own page with its photo.
    let public = app.page(&mut reader, "/o/news-journey").await.expect(Status::Ok);
    assert!(public.text.contains(&format!("href=\"{public_item}\"")), "{}", public.text);
    let page = app.page(&mut reader, &public_item).await.expect(Status::Ok);
    assert!(page.text.contains(HEADLINE) && page.text.contains(LEAD), "{}", page.text);
    assert!(page.text.contains(&format!("/media/{photo_id}")) && page.text.contains(CAPTION), "{}", page.text);
    assert_eq!(page.header("Cache-Control"), Some("public, no-cache"));
    let etag = page.header("ETag").expect("an ETag").to_owned();
    let again = app.raw(Method::Get, &public_item, None, None, None, &[("If-None-Match", &etag)]).await;
    assert_eq!(again.status, Status::NotModified);
    app.raw(Method::Get, &photo_url, None, None, None, &[]).await.expect(Status::Ok);

    // Taken off the site, it is gone from both pages.
    let resp = app.submit(&mut desk, &item, &format!("{item}/unpublish"), &[("reason", "Устарела.")]).await;
    follow(&app, &mut desk, resp).await.expect(Status::Ok);
    app.page(&mut reader, &public_item).await.expect(Status::NotFound);
    let public = app.page(&mut reader, "/o/news-journey").await.expect(Status::Ok);
    assert!(!public.text.contains(HEADLINE), "an unpublished item is not on the public page");
    let withdrawn = app.raw(Method::Get, &photo_url, None, None, None, &[]).await;
    assert_ne!(withdrawn.status, Status::Ok, "and its photo is off its public address");
}

async fn another_organizations_item_is_not_found_in_the_editor(app: TestApp) {
    let admin = app.admin().await;
    let ours = app.organization(&admin, "news-ours").await;
    let theirs = app.organization(&admin, "news-theirs").await;
    let (_, author) = app.staff(&admin, &ours, &["news.write"]).await;
    let (_, stranger) = app.staff(&admin, &theirs, &["news.write"]).await;
    let mut writer = Browser::signed_in(&author);
    let resp = app.submit(&mut writer, "/news/new", "/news/new", &[("headline", HEADLINE), ("lead", LEAD)]).await;
    let editor = format!("/news/{}", item_id(&resp));
    let mut other = Browser::signed_in(&stranger);
    app.page(&mut other, &editor).await.expect(Status::NotFound);
    let resp = app.submit(&mut other, "/news", &editor, &[("headline", "Чужая правка")]).await;
    assert_eq!(resp.status, Status::NotFound, "{}", resp.text);
    let page = app.page(&mut writer, &editor).await.expect(Status::Ok);
    assert!(page.text.contains(HEADLINE) && !page.text.contains("Чужая правка"));
}

on_both_backends!(
    a_news_item_goes_from_the_editor_through_moderation_to_the_public_page,
    another_organizations_item_is_not_found_in_the_editor
);
