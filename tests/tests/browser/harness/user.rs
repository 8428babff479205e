//! What a user does on a page, found the way a user finds it: fields by their label, buttons
//! and links by their text, messages by their role. Every failure says what was on the page.

use std::path::Path;
use std::time::{Duration, Instant};

use fantoccini::Locator;
use fantoccini::elements::Element;

use super::Browser;

/// How long `see` and `dont_see` wait for the page to settle (a script may still be working).
const PATIENCE: Duration = Duration::from_secs(3);

impl Browser {
    /// Opens `path` (`/password-reset?token=…`) of the site.
    pub async fn visit(&self, path: &str) {
        let url = format!("{}{path}", self.base);
        self.client.goto(&url).await.unwrap_or_else(|e| panic!("cannot open {url}: {e}"));
    }

    /// The path and query of the page on screen.
    pub async fn path(&self) -> String {
        let url = self.client.current_url().await.expect("current url");
        match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        }
    }

    pub async fn title(&self) -> String {
        self.client.title().await.expect("title")
    }

    /// Types `value` into the text field, password field or text area labelled `label`,
    /// replacing what it held.
    pub async fn fill(&self, label: &str, value: &str) {
        let field = self.control(label).await;
        field.clear().await.unwrap_or_else(|e| panic!("cannot clear «{label}»: {e}"));
        field.send_keys(value).await.unwrap_or_else(|e| panic!("cannot type into «{label}»: {e}"));
    }

    /// What the field labelled `label` holds now (the chosen option's value, for a list).
    pub async fn value(&self, label: &str) -> String {
        let field = self.control(label).await;
        field.prop("value").await.expect("value").unwrap_or_default()
    }

    /// Picks the radio button labelled `label`.
    pub async fn choose(&self, label: &str) {
        let radio = self.control(label).await;
        self.expect_type(&radio, label, "radio").await;
        if !radio.is_selected().await.expect("is selected") {
            radio.click().await.unwrap_or_else(|e| panic!("cannot choose «{label}»: {e}"));
        }
    }

    /// Ticks the checkbox labelled `label`.
    pub async fn check(&self, label: &str) {
        self.set_checkbox(label, true).await;
    }

    /// Clears the checkbox labelled `label`.
    pub async fn uncheck(&self, label: &str) {
        self.set_checkbox(label, false).await;
    }

    /// Picks the option whose text is `option` in the list labelled `label`.
    pub async fn select(&self, label: &str, option: &str) {
        let list = self.control(label).await;
        list.select_by_label(option).await.unwrap_or_else(|e| panic!("«{label}» has no option «{option}»: {e}"));
    }

    /// Attaches the file at `path` to the file field labelled `label`.
    pub async fn upload(&self, label: &str, path: &Path) {
        let field = self.control(label).await;
        self.expect_type(&field, label, "file").await;
        let path = path.canonicalize().unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        field.send_keys(&path.to_string_lossy()).await.unwrap_or_else(|e| panic!("cannot attach to «{label}»: {e}"));
    }

    /// Presses the button whose text (or `value`, for `<input type=submit>`) is `text`, and waits
    /// for the page it leads to.
    pub async fn press(&self, text: &str) {
        let literal = xpath_literal(text);
        let xpath = format!(
            "//button[normalize-space(.)={literal}] | //input[(@type='submit' or @type='button' or \
             @type='reset') and normalize-space(@value)={literal}]"
        );
        let button = self.one(&xpath, &format!("button «{text}»"), "//button | //input[@type='submit']").await;
        let before = self.root().await;
        button.click().await.unwrap_or_else(|e| panic!("cannot press «{text}»: {e}"));
        self.settle(before).await;
    }

    /// Follows the link whose text is `text`.
    pub async fn follow(&self, text: &str) {
        let xpath = format!("//a[normalize-space(.)={}]", xpath_literal(text));
        let link = self.one(&xpath, &format!("link «{text}»"), "//a").await;
        let before = self.root().await;
        link.click().await.unwrap_or_else(|e| panic!("cannot follow «{text}»: {e}"));
        self.settle(before).await;
    }

    /// Asserts that `text` is visible on the page (whitespace collapsed).
    pub async fn see(&self, text: &str) {
        let wanted = collapse(text);
        let started = Instant::now();
        loop {
            let visible = self.visible_text().await;
            if visible.contains(&wanted) {
                return;
            }
            if started.elapsed() > PATIENCE {
                panic!("«{wanted}» is not visible on {}; the page shows:\n{visible}", self.path().await);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Asserts that `text` is not visible on the page.
    pub async fn dont_see(&self, text: &str) {
        let visible = self.visible_text().await;
        assert!(!visible.contains(&collapse(text)), "«{text}» is visible on {}:\n{visible}", self.path().await);
    }

    /// Signs in on the login page and waits for the page it leads to.
    pub async fn sign_in(&self, email: &str, password: &str) {
        self.visit("/login").await;
        self.fill("Логин (адрес электронной почты)", email).await;
        self.fill("Пароль", password).await;
        self.press("Войти").await;
    }

    /// Signs out with the button in the page's header.
    pub async fn sign_out(&self) {
        self.press("Выйти").await;
        self.see("Вход в личный кабинет").await;
    }

    /// The visible text of the single element matching the CSS `selector`.
    pub async fn text_of(&self, selector: &str) -> String {
        match self.client.find(Locator::Css(selector)).await {
            Ok(element) => element.text().await.expect("text"),
            Err(e) => panic!("no element «{selector}» on {}: {e}", self.path().await),
        }
    }

    /// Downloads what the link whose text is `text` points at, with the browser's cookies, as
    /// the browser would save it: the response's status, `Content-Type` and body.
    pub async fn download(&self, text: &str) -> (u16, String, Vec<u8>) {
        let xpath = format!("//a[normalize-space(.)={}]", xpath_literal(text));
        let link = self.one(&xpath, &format!("link «{text}»"), "//a").await;
        let href = link.prop("href").await.expect("href").unwrap_or_else(|| panic!("the link «{text}» has no href"));
        let cookies: Vec<String> = self
            .client
            .get_all_cookies()
            .await
            .expect("cookies")
            .iter()
            .map(|c| format!("{}={}", c.name(), c.value()))
            .collect();
        let resp = reqwest::Client::new()
            .get(&href)
            .header("Cookie", cookies.join("; "))
            .send()
            .await
            .unwrap_or_else(|e| panic!("cannot download {href}: {e}"));
        let status = resp.status().as_u16();
        let kind = resp.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        let body = resp.bytes().await.expect("body").to_vec();
        (status, kind, body)
    }

    /// The error shown for the field labelled `label`: the element with class `field-error`
    /// named by the control's `aria-describedby`; the control must be `aria-invalid="true"`.
    pub async fn field_error(&self, label: &str) -> String {
        let control = self.control(label).await;
        let described_by = control.attr("aria-describedby").await.expect("aria-describedby").unwrap_or_default();
        for id in described_by.split_whitespace() {
            let Ok(element) = self.client.find(Locator::Id(id)).await else { continue };
            let class = element.attr("class").await.expect("class").unwrap_or_default();
            if class.split_whitespace().any(|c| c == "field-error") && element.is_displayed().await.expect("displayed")
            {
                let invalid = control.attr("aria-invalid").await.expect("aria-invalid");
                assert_eq!(
                    invalid.as_deref(),
                    Some("true"),
                    "«{label}» shows an error but is not aria-invalid=\"true\""
                );
                return element.text().await.expect("text");
            }
        }
        panic!(
            "«{label}» on {} has no visible error: its aria-describedby=\"{described_by}\" names no element with \
             class field-error",
            self.path().await
        )
    }

    /// The message shown after an action: the text of the first visible element with
    /// `role="status"` or `role="alert"`.
    pub async fn flash(&self) -> String {
        let found = self.client.find_all(Locator::Css("[role=status], [role=alert]")).await.expect("find");
        for element in found {
            let text = element.text().await.expect("text");
            if element.is_displayed().await.expect("displayed") && !text.trim().is_empty() {
                return text;
            }
        }
        panic!("no visible element with role=status or role=alert on {}", self.path().await)
    }

    /// The form control labelled `label`: `<label for=id>` or the control inside the label.
    async fn control(&self, label: &str) -> Element {
        // A required field's label ends with its marker, an asterisk hidden from screen readers.
        let literal = xpath_literal(label);
        let xpath = format!("//label[normalize-space(.)={literal} or normalize-space(.)=concat({literal}, ' *')]");
        // After a press the next page may still be replacing the last one: a label found on the
        // old page goes stale, so it is looked up again on the new one.
        let mut found = self.one(&xpath, &format!("label «{label}»"), "//label").await;
        let mut tied = found.attr("for").await;
        for _ in 0..30 {
            if tied.is_ok() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            found = self.one(&xpath, &format!("label «{label}»"), "//label").await;
            tied = found.attr("for").await;
        }
        let control = match tied.expect("for").filter(|f| !f.is_empty()) {
            Some(id) => self.client.find(Locator::Id(&id)).await.ok(),
            None => found.find(Locator::XPath(".//input[not(@type='hidden')] | .//select | .//textarea")).await.ok(),
        };
        control.unwrap_or_else(|| panic!("the label «{label}» is tied to no control (no for=…, none inside)"))
    }

    /// The single element matching `xpath`; fails naming what was wanted and listing what the
    /// page has instead (the texts of the elements matching `others`).
    async fn one(&self, xpath: &str, what: &str, others: &str) -> Element {
        let mut found = self.client.find_all(Locator::XPath(xpath)).await.expect("find");
        match found.len() {
            1 => found.remove(0),
            0 => {
                let mut texts = Vec::new();
                for element in self.client.find_all(Locator::XPath(others)).await.expect("find") {
                    let text = element.text().await.unwrap_or_default();
                    let value = element.attr("value").await.ok().flatten().unwrap_or_default();
                    texts.push(format!("«{}»", collapse(if text.trim().is_empty() { &value } else { &text })));
                }
                panic!("no {what} on {}; there are: {}", self.path().await, texts.join(", "))
            }
            n => panic!("{n} elements match {what} on {}: make it unique", self.path().await),
        }
    }

    async fn set_checkbox(&self, label: &str, on: bool) {
        let checkbox = self.control(label).await;
        self.expect_type(&checkbox, label, "checkbox").await;
        if checkbox.is_selected().await.expect("is selected") != on {
            checkbox.click().await.unwrap_or_else(|e| panic!("cannot tick «{label}»: {e}"));
        }
    }

    async fn expect_type(&self, control: &Element, label: &str, kind: &str) {
        let actual = control.attr("type").await.expect("type").unwrap_or_default();
        assert_eq!(actual, kind, "«{label}» is not a {kind} field");
    }

    /// The page's visible text, whitespace collapsed.
    async fn visible_text(&self) -> String {
        // A page still being replaced can lose its body between finding it and reading it.
        for _ in 0..20 {
            if let Ok(body) = self.client.find(Locator::Css("body")).await
                && let Ok(text) = body.text().await
            {
                return collapse(&text);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the page's text cannot be read on {}", self.path().await)
    }

    /// The root element of the document on screen, to tell when a click has replaced it.
    async fn root(&self) -> Element {
        self.client.find(Locator::Css("html")).await.expect("the document")
    }

    /// Waits until the page after a click has loaded.
    async fn settle(&self, before: Element) {
        // A click that submits a form or follows a link replaces the document: wait until the
        // old one is gone (its root goes stale), for at most 5 s, then until the new one loads.
        for _ in 0..250 {
            if before.tag_name().await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let ready = "return document.readyState";
        for _ in 0..300 {
            if let Ok(state) = self.client.execute(ready, vec![]).await
                && state == "complete"
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("the page after the click did not load within 6 s");
    }
}

/// `text` with runs of whitespace made one space, trimmed.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` as an XPath string literal, whatever quotes it holds.
fn xpath_literal(text: &str) -> String {
    if !text.contains('\'') {
        format!("'{text}'")
    } else if !text.contains('"') {
        format!("\"{text}\"")
    } else {
        let parts: Vec<String> = text.split('\'').map(|p| format!("'{p}'")).collect();
        format!("concat({})", parts.join(", \"'\", "))
    }
}
