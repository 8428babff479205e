//! A department's pages: a form uploaded from the page with the check's verdict, who has
//! reported, a submission reviewed (returned with a remark at a field, then accepted with the
//! changes since the last submission shown), the aggregated table, its downloads and charts.

use cabinet_tests::pages::{Browser, csrf_of};
use cabinet_tests::{TestApp, on_both_backends};
use rocket::http::Status;
use serde_json::json;

use super::follow;
use crate::reports::{plugin, union};

async fn a_department_uploads_reviews_and_sums_up_on_its_pages(app: TestApp) {
    let u = union(&app, "page-review", 2).await;
    let mut dept = Browser::signed_in(&u.reviewer);
    let page = app.page(&mut dept, "/forms").await.expect(Status::Ok);
    let token = csrf_of(&page.text);

    // A broken file: every problem listed; then the form itself.
    let mut broken = plugin("review-page", &u.dept_slug, 1);
    broken["schema"]["properties"]["members"]["properties"]["total"]["type"] = json!("integr");
    let resp = app
        .post_multipart(
            &mut dept,
            "/forms",
            &[("_csrf", &token)],
            ("plugin", "форма.json", broken.to_string().as_bytes()),
        )
        .await;
    assert_eq!(resp.status, Status::UnprocessableEntity, "{}", resp.text);
    assert!(resp.text.contains("<code>/schema/properties/members/properties/total/type</code>"), "{}", resp.text);
    let good = plugin("review-page", &u.dept_slug, 1).to_string();
    let resp =
        app.post_multipart(&mut dept, "/forms", &[("_csrf", &token)], ("plugin", "форма.json", good.as_bytes())).await;
    let page = follow(&app, &mut dept, resp).await.expect(Status::Ok);
    assert!(page.text.contains("версии 1 принята"), "{}", page.text);
    let marker = "href=\"/forms/review-page/";
    let at = page.text.find(marker).expect("the current period is linked") + marker.len();
    let period = page.text[at..].split('"').next().unwrap().to_owned();

    // Two organizations report through the API.
    for (n, (org, filler)) in u.orgs.iter().enumerate() {
        let data = json!({ "members": { "total": 100 + n * 100, "women": 50 + n * 10 }, "status": "active" });
        let path = format!("/api/v1/units/{org}/reports/review-page/{period}");
        app.call(rocket::http::Method::Put, &path, Some(&json!({ "revision": 0, "data": data })), Some(filler))
            .await
            .expect(Status::Ok);
        app.post(&format!("{path}/submit"), json!({ "revision": 1 }), Some(filler)).await.expect(Status::Ok);
    }
    let here = format!("/forms/review-page/{period}");
    let page = app.page(&mut dept, &here).await.expect(Status::Ok);
    assert!(page.text.contains("<strong>2</strong> ждут проверки"), "{}", page.text);
    let org = &u.orgs[0].0;
    let review = format!("{here}/reports/{org}");
    assert!(page.text.contains(&format!("href=\"{review}\"")));

    let page = app.page(&mut dept, &review).await.expect(Status::Ok);
    assert!(
        page.text.contains("name=\"/members/total\" value=\"100\" type=\"text\" inputmode=\"numeric\" readonly"),
        "{}",
        page.text
    );
    // Neither a reason nor a remark: refused, and said where.
    let resp = app.submit(&mut dept, &review, &format!("{review}/return"), &[("revision", "2"), ("reason", "")]).await;
    assert_eq!(resp.status, Status::UnprocessableEntity, "{}", resp.text);
    assert!(resp.text.contains("field-error"), "{}", resp.text);
    let fields = [
        ("revision", "2"),
        ("reason", ""),
        ("comment_field_0", "/members/women"),
        ("comment_text_0", "Сверьте с отделом кадров."),
    ];
    let resp = app.submit(&mut dept, &review, &format!("{review}/return"), &fields).await;
    let page = follow(&app, &mut dept, resp).await.expect(Status::Ok);
    assert!(page.text.contains("возвращён на доработку"), "{}", page.text);

    // Corrected and sent again: the change is shown, then accepted.
    let filler = &u.orgs[0].1;
    let path = format!("/api/v1/units/{org}/reports/review-page/{period}");
    let data = json!({ "members": { "total": 100, "women": 45 }, "status": "active" });
    app.call(rocket::http::Method::Put, &path, Some(&json!({ "revision": 3, "data": data })), Some(filler))
        .await
        .expect(Status::Ok);
    app.post(&format!("{path}/submit"), json!({ "revision": 4 }), Some(filler)).await.expect(Status::Ok);
    let page = app.page(&mut dept, &review).await.expect(Status::Ok);
    assert!(page.text.contains("Изменено с прошлой отправки"), "{}", page.text);
    assert!(page.text.contains("было «50», стало «45»"), "{}", page.text);
    let resp = app.submit(&mut dept, &review, &format!("{review}/accept"), &[("revision", "5")]).await;
    let page = follow(&app, &mut dept, resp).await.expect(Status::Ok);
    assert!(page.text.contains("принят."), "{}", page.text);

    // The table, its downloads and charts.
    let page = app.page(&mut dept, &format!("{here}/table")).await.expect(Status::Ok);
    assert!(page.text.contains("Всего членов Профсоюза") && page.text.contains(">300<"), "the total: {}", page.text);
    assert!(page.text.contains("<svg") && page.text.contains("role=\"img\""), "charts drawn on the server");
    assert!(page.text.contains("Данные диаграммы таблицей"), "a table beside each chart");
    assert!(page.text.contains("Итого по Профсоюзу"));
    assert!(page.text.contains(">Действует<") && !page.text.contains(">active<"), "a choice by its label");
    for link in ["export.csv", "export.xlsx"] {
        let url = format!("/api/v1/forms/review-page/periods/{period}/{link}");
        assert!(page.text.contains(&url), "{link}");
        let file = app.page(&mut dept, &url).await.expect(Status::Ok);
        assert!(!file.bytes.is_empty());
    }

    // An organization's staff reach none of it.
    let mut outsider = Browser::signed_in(&u.orgs[1].1);
    assert_eq!(app.page(&mut outsider, &review).await.status, Status::Forbidden);
    assert_eq!(app.page(&mut outsider, "/forms").await.status, Status::Forbidden);
}

on_both_backends!(a_department_uploads_reviews_and_sums_up_on_its_pages);
