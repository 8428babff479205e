//! The harness held to pages made for it: the helpers find what the conventions promise, and
//! each check catches what it is there for (a check that cannot fail is worse than none).

use std::collections::HashMap;

use rocket::figment::Figment;
use rocket::response::content::RawHtml;
use rocket::{Shutdown, get, routes};

use crate::harness::{Browser, Js, TempDir, Tools, serve};
use crate::known::Known;

const FORM: &str = r#"<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><title>Форма</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main>
<p role="status">Черновик сохранён</p>
<form method="get" action="/echo">
  <p><label for="name">Имя</label>
     <input id="name" name="name" aria-describedby="name-hint name-error" aria-invalid="true">
     <span id="name-hint">Как в паспорте</span> <span class="field-error" id="name-error">Укажите имя</span></p>
  <p><label>Почта <input name="email" type="email"></label></p>
  <fieldset><legend>Вид</legend>
    <label><input type="radio" name="kind" value="primary"> Первичная</label>
    <label><input type="radio" name="kind" value="local"> Местная</label></fieldset>
  <p><label><input type="checkbox" name="agree" value="yes"> Согласен</label>
     <label><input type="checkbox" name="news" value="yes" checked> Присылать новости</label></p>
  <p><label for="region">Регион</label>
     <select id="region" name="region"><option>Казань</option><option>Омск</option></select></p>
  <p><label for="photo">Фото</label> <input type="file" id="photo" name="photo"></p>
  <p><button type="submit">Отправить</button></p>
</form></main></body></html>"#;

const BAD_LAYOUT: &str = r#"<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><title>Вёрстка</title></head>
<body style="margin:0"><main>
<div class="wide" style="width:600px">Слишком широкий блок</div>
<div style="position:relative;height:40px">
  <button id="first" style="position:absolute;left:0;top:0;width:120px">Первая</button>
  <button id="second" style="position:absolute;left:60px;top:0;width:120px">Вторая</button>
</div>
<div style="overflow-x:auto"><table style="width:900px"><tr><td>Широкая таблица в прокрутке</td></tr></table></div>
<span style="position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);left:-9999px">Для чтения с экрана</span>
<p>Обычный текст</p>
</main></body></html>"#;

const INACCESSIBLE: &str = r#"<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><title>Без подписей</title></head>
<body><main>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="20" height="20">
<input name="nameless">
<p style="color:#ccc;background:#fff">Бледный текст</p>
</main></body></html>"#;

const SCRIPTED: &str = r#"<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><title>Сценарий</title></head>
<body><p id="said">Сценарий не выполнялся</p><noscript><p>Без JavaScript</p></noscript>
<script>document.getElementById('said').textContent = 'Сценарий выполнен';</script>
<p><a href="/scripted">Ещё раз</a></p></body></html>"#;

#[get("/<name>")]
fn fixture(name: &str) -> Option<RawHtml<&'static str>> {
    let pages = [("form", FORM), ("bad-layout", BAD_LAYOUT), ("inaccessible", INACCESSIBLE), ("scripted", SCRIPTED)];
    pages.into_iter().find(|(n, _)| *n == name).map(|(_, html)| RawHtml(html))
}

#[get("/echo?<fields..>")]
fn echo(fields: HashMap<&str, &str>) -> RawHtml<String> {
    let mut fields: Vec<String> = fields.into_iter().map(|(k, v)| format!("{k}={v}")).collect();
    fields.sort();
    let text = fields.join("; ").replace('&', "&amp;").replace('<', "&lt;");
    RawHtml(format!(
        "<!doctype html><html lang=\"ru\"><title>Ответ</title><p>{text}</p><a href=\"/form\">Назад к форме</a></html>"
    ))
}

/// The fixture pages on a free loopback port, and a browser for them; `None` to skip.
async fn fixtures() -> Option<(Shutdown, Browser)> {
    fixtures_with(Js::Enabled).await
}

async fn fixtures_with(js: Js) -> Option<(Shutdown, Browser)> {
    let tools = Tools::from_env()?;
    let figment = Figment::from(rocket::Config::default())
        .merge(("address", "127.0.0.1"))
        .merge(("port", 0))
        .merge(("log_level", "off"))
        .merge(("shutdown.ctrlc", false));
    let (base, shutdown) = serve(rocket::custom(figment).mount("/", routes![fixture, echo])).await;
    Some((shutdown, Browser::open(tools, &base, js).await))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_javascript_off_no_page_script_runs_on_any_page_even_after_a_check() {
    let Some((shutdown, user)) = fixtures_with(Js::Disabled).await else { return };
    user.visit("/scripted").await;
    user.see("Сценарий не выполнялся").await;
    user.see("Без JavaScript").await;
    user.axe().await;
    user.dont_see("Сценарий выполнен").await;
    user.follow("Ещё раз").await;
    user.see("Сценарий не выполнялся").await;
    user.finish().await;
    shutdown.notify();

    let Some((shutdown, user)) = fixtures_with(Js::Enabled).await else { return };
    user.visit("/scripted").await;
    user.see("Сценарий выполнен").await;
    user.dont_see("Без JavaScript").await;
    user.finish().await;
    shutdown.notify();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn helpers_find_controls_by_label_and_read_errors_and_messages() {
    let Some((shutdown, user)) = fixtures().await else { return };
    user.visit("/form").await;
    assert_eq!(user.field_error("Имя").await, "Укажите имя");
    assert_eq!(user.flash().await, "Черновик сохранён");
    user.fill("Имя", "Мария").await;
    user.fill("Почта", "maria@example.ru").await;
    user.choose("Местная").await;
    user.check("Согласен").await;
    user.uncheck("Присылать новости").await;
    user.select("Регион", "Омск").await;
    let photo = TempDir::new("upload");
    std::fs::write(photo.0.join("sample.png"), b"not really a picture").unwrap();
    user.upload("Фото", &photo.0.join("sample.png")).await;
    user.press("Отправить").await;
    user.see("agree=yes; email=maria@example.ru; kind=local; name=Мария; photo=sample.png; region=Омск").await;
    assert!(user.path().await.starts_with("/echo?"));
    user.follow("Назад к форме").await;
    assert_eq!(user.path().await, "/form");
    user.finish().await;
    shutdown.notify();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn layout_check_names_what_sticks_out_and_what_overlaps() {
    let Some((shutdown, user)) = fixtures().await else { return };
    user.visit("/bad-layout").await;
    user.fit_window(375).await;
    let problems = user.layout_problems().await.join("\n");
    assert!(problems.contains("no <meta name=\"viewport\""), "{problems}");
    assert!(problems.contains("the page scrolls sideways: 600 px wide in a 375 px window"), "{problems}");
    assert!(problems.contains("div.wide «Слишком широкий блок» sticks out"), "{problems}");
    assert!(
        problems.contains("button#first «Первая» at 0,")
            && problems.contains(" overlaps button#second «Вторая» at 60,"),
        "{problems}"
    );
    assert!(
        !problems.contains("table") && !problems.contains("Для чтения"),
        "held in a scroller or hidden:\n{problems}"
    );
    assert_eq!(problems.lines().count(), 4, "{problems}");
    user.finish().await;
    shutdown.notify();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn axe_names_each_violated_rule_and_its_elements() {
    let Some((shutdown, user)) = fixtures().await else { return };
    user.visit("/inaccessible").await;
    let violations = user.axe().await;
    if std::env::var("CABINET_TEST_AXE").is_ok_and(|v| !v.is_empty()) {
        let found =
            |id: &str| violations.iter().find(|v| v.id == id).unwrap_or_else(|| panic!("no {id}: {violations:?}"));
        assert!(found("image-alt").nodes[0].starts_with("img"), "{violations:?}");
        assert!(found("label").nodes[0].starts_with("input"), "{violations:?}");
        assert!(found("color-contrast").nodes[0].starts_with("p"), "{violations:?}");
        assert_eq!(found("image-alt").impact, "critical");
    }
    user.finish().await;
    shutdown.notify();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nu_html_checker_reports_file_line_and_message() {
    let Some((shutdown, user)) = fixtures().await else { return };
    let dir = TempDir::new("vnu");
    let file = dir.0.join("selftest-invalid.html");
    let html =
        "<!doctype html>\n<html lang=\"ru\"><head><title>x</title></head>\n<body>\n<p>a<div>b</p>\n</body></html>\n";
    std::fs::write(&file, html).unwrap();
    let errors = user.nu_html_errors(std::slice::from_ref(&file)).await;
    if std::env::var("CABINET_TEST_VNU").is_ok_and(|v| !v.is_empty()) {
        let first = errors.first().unwrap_or_else(|| panic!("no error found in {html}"));
        assert!(first.starts_with(&format!("{}:4:", file.display())), "{errors:?}");
        assert!(errors.iter().any(|e| e.contains("No “p” element in scope")), "{errors:?}");
    }
    user.finish().await;
    shutdown.notify();
}

#[test]
fn known_problems_are_silenced_per_page_and_fixed_ones_must_leave_the_list() {
    let known = [
        Known { page: "a", problem: "region", why: "" },
        Known { page: "a", problem: "landmark", why: "" },
        Known { page: "b", problem: "label", why: "" },
    ];
    let found = [("region", "R".to_owned()), ("label", "L".to_owned())];
    let problems = crate::harness::unknown("a", &known, found.into_iter());
    assert_eq!(problems[0], "L", "another page's entry does not silence it");
    assert!(problems[1].contains("«landmark» no longer happens on «a»"), "{problems:?}");
    assert_eq!(problems.len(), 2);
}
