//! [`Browser::snapshot`]: screenshots at 1280 and 375 px, the layout check and axe-core at both
//! widths, and the HTML as served saved for the Nu Html Checker.

use serde_json::Value;

use super::driver::{WINDOW, scripts};
use super::{Browser, Js};
use crate::known::{self, Known};

/// The widths every snapshot is taken at: a desktop and a small phone.
pub const WIDTHS: [u32; 2] = [1280, 375];
/// A page taller than this is cut in its screenshot (and checked only down to here).
const MAX_HEIGHT: u32 = 8000;

const LAYOUT_JS: &str = include_str!("layout.js");
const AXE_RUN_JS: &str = include_str!("axe.js");

/// One axe-core violation: a rule, and the elements that break it.
#[derive(Debug, Clone)]
pub struct Violation {
    pub id: String,
    pub impact: String,
    pub help: String,
    pub url: String,
    /// `selector — failure summary` per element.
    pub nodes: Vec<String>,
}

impl Browser {
    /// Screenshots the page at 1280 and 375 px wide, full height, into the screenshots folder
    /// (`<name>-1280.png`, `<name>-375.png`; `<name>-nojs-…` with JavaScript off), saves the HTML
    /// the server sent (`html/<name>.html`) for the Nu Html Checker, and fails, listing every
    /// problem at once, when at either width the layout check or axe-core (WCAG 2.1 AA) finds
    /// anything not in `known.rs`. `name`: lowercase latin, digits and dashes.
    pub async fn snapshot(&self, name: &str) {
        let stem = self.file_stem(name);
        let html = self.tools.screenshots.join("html").join(format!("{stem}.html"));
        std::fs::write(&html, self.served_html().await).unwrap_or_else(|e| panic!("{}: {e}", html.display()));
        self.saved.lock().expect("lock").push(html);

        let mut layout = Vec::new();
        let mut violations: Vec<Violation> = Vec::new();
        for width in WIDTHS {
            self.fit_window(width).await;
            let png = self.client.screenshot().await.expect("screenshot");
            assert_eq!(png_width(&png), width, "the screenshot of «{name}» is not {width} px wide");
            let file = self.tools.screenshots.join(format!("{stem}-{width}.png"));
            std::fs::write(&file, png).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            layout.extend(self.layout_problems().await.into_iter().map(|p| format!("at {width} px: {p}")));
            for found in self.axe().await {
                if !violations.iter().any(|v| v.id == found.id) {
                    violations.push(found);
                }
            }
        }
        self.client.set_window_size(WINDOW.0, WINDOW.1).await.expect("window size");

        let mut problems = unknown(name, known::LAYOUT, layout.iter().map(|p| (p.as_str(), p.clone())));
        let axe = violations.iter().map(|v| (v.id.as_str(), describe(v)));
        problems.extend(unknown(name, known::AXE, axe));
        if !problems.is_empty() {
            let mode = if self.js == Js::Enabled { "" } else { ", JavaScript off" };
            panic!(
                "«{name}» ({}{mode}) has {} problem(s):\n{}",
                self.path().await,
                problems.len(),
                problems.join("\n")
            );
        }
    }

    /// The problems the layout check finds at the window's present size.
    pub async fn layout_problems(&self) -> Vec<String> {
        let found = self.client.execute(LAYOUT_JS, vec![]).await.expect("layout check");
        found.as_array().expect("a list").iter().map(|p| p.as_str().unwrap_or_default().to_owned()).collect()
    }

    /// The axe-core violations on the page as it is now; none when axe is not configured.
    pub async fn axe(&self) -> Vec<Violation> {
        let Some(source) = &self.tools.axe else { return Vec::new() };
        let loaded = self.client.execute("return typeof axe === 'object'", vec![]).await.expect("axe?");
        if loaded != Value::Bool(true) {
            let inject = format!("{source}\n;return typeof axe === 'object'");
            let loaded = self.client.execute(&inject, vec![]).await.expect("inject axe");
            assert_eq!(loaded, Value::Bool(true), "axe-core did not load into the page");
        }
        // axe-core needs timers: with JavaScript off, scripts are let run for the check alone.
        // The page's own scripts, kept from running when it loaded, do not run now.
        if self.js == Js::Disabled {
            scripts(&self.client, Js::Enabled).await;
        }
        let result = self.client.execute_async(AXE_RUN_JS, vec![]).await;
        if self.js == Js::Disabled {
            scripts(&self.client, Js::Disabled).await;
        }
        let result = result.expect("axe.run");
        if let Some(error) = result["error"].as_str() {
            panic!("axe-core failed on {}: {error}", self.path().await);
        }
        let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
        let violations = result["violations"].as_array().expect("violations");
        violations
            .iter()
            .map(|v| Violation {
                id: text(&v["id"]),
                impact: text(&v["impact"]),
                help: text(&v["help"]),
                url: text(&v["url"]),
                nodes: v["nodes"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|n| format!("{} — {}", text(&n["target"]), text(&n["summary"]).replace('\n', " ")))
                    .collect(),
            })
            .collect()
    }

    /// Makes the window `width` wide and as tall as the page (up to [`MAX_HEIGHT`]).
    pub async fn fit_window(&self, width: u32) {
        self.client.set_window_size(width, WINDOW.1).await.expect("window size");
        let script = "return [innerWidth, innerHeight, Math.max(document.documentElement.scrollHeight, \
                      document.body ? document.body.scrollHeight : 0)]";
        let sizes = self.client.execute(script, vec![]).await.expect("sizes");
        let number = |i: usize| sizes[i].as_u64().expect("a size") as u32;
        let (inner_width, inner_height, page_height) = (number(0), number(1), number(2));
        assert_eq!(inner_width, width, "the window did not become {width} px wide");
        // The window's height includes what headless Chromium keeps for its (invisible) frame.
        let frame = WINDOW.1.saturating_sub(inner_height);
        let height = page_height.clamp(200, MAX_HEIGHT) + frame;
        self.client.set_window_size(width, height).await.expect("window size");
    }
}

/// The problems whose key (an axe rule id, a message) no entry of `known` for `page` matches,
/// plus one for each entry of `known` for `page` that matched nothing: fixed problems must
/// leave the list.
pub fn unknown<'a>(page: &str, known: &[Known], found: impl Iterator<Item = (&'a str, String)>) -> Vec<String> {
    let for_page: Vec<&Known> = known.iter().filter(|k| k.page == page).collect();
    let mut used = vec![false; for_page.len()];
    let mut problems = Vec::new();
    for (key, text) in found {
        match for_page.iter().position(|k| key.contains(k.problem)) {
            Some(i) => used[i] = true,
            None => problems.push(text),
        }
    }
    for (k, used) in for_page.iter().zip(used) {
        if !used {
            problems.push(format!(
                "«{}» no longer happens on «{page}»: remove it from tests/tests/browser/known.rs",
                k.problem
            ));
        }
    }
    problems
}

fn describe(v: &Violation) -> String {
    format!("axe {} ({}): {} <{}>\n    {}", v.id, v.impact, v.help, v.url, v.nodes.join("\n    "))
}

/// The width in a PNG's header.
fn png_width(png: &[u8]) -> u32 {
    assert!(png.len() > 24 && png.starts_with(b"\x89PNG"), "not a PNG");
    u32::from_be_bytes([png[16], png[17], png[18], png[19]])
}
