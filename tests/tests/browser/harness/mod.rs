//! The browser harness: the real application listening on loopback ([`Site`]), a headless
//! Chromium driven through chromedriver ([`Browser`]), helpers that read like what a user does,
//! and [`Browser::snapshot`], which screenshots a page and holds it to the checks.
//!
//! # A journey
//!
//! ```ignore
//! async fn password_recovery_sets_a_new_password(site: &Site, user: &Browser) {
//!     user.visit("/password-reset?token=…").await;
//!     user.fill("Новый пароль", "Восстановлен2026").await;
//!     user.fill("Повторите пароль", "Восстановлен2026").await;
//!     user.press("Сохранить пароль").await;
//!     user.see("Пароль изменён").await;
//!     user.snapshot("password-reset-done").await;
//! }
//! journeys!(password_recovery_sets_a_new_password);
//! ```
//!
//! [`journeys!`] makes each journey two tests, `js::<name>` and `no_js::<name>`: the same steps
//! with JavaScript on and off, each on a fresh database and a fresh browser profile. After the
//! journey it runs the Nu Html Checker over every page the journey snapshotted
//! ([`Browser::finish`]). Set the scene through the API with `site.app` (a [`TestApp`] on the
//! same database): `site.app.admin()`, `site.app.staff(…)`, `site.app.reset_token(…)`.
//!
//! # What pages must follow (the helpers find things only this way)
//!
//! - **Every form control has a `<label>`**, either `<label for="id">` or a label wrapping the
//!   control; `fill`, `choose`, `check`, `select`, `upload` find a control by its label's text
//!   (whitespace collapsed, exact). A hint or a required mark belongs outside the label or in
//!   the text the journey uses.
//! - **Buttons** are `<button>` with text, or `<input type="submit" value="…">`: `press` finds them
//!   by that text. Links: `follow` by their text.
//! - **A field's error** is an element with class `field-error` whose `id` is listed in the
//!   control's `aria-describedby`, and the control has `aria-invalid="true"`:
//!   `<input id="email" aria-describedby="email-error" aria-invalid="true">`
//!   `<p class="field-error" id="email-error">Укажите адрес почты</p>`. [`Browser::field_error`]
//!   reads it (and fails when the markup is incomplete).
//! - **The message after an action** (saved, sent, refused) is an element with `role="status"`
//!   (done, information) or `role="alert"` (an error): [`Browser::flash`] reads the first
//!   visible one.
//! - Every page: `<html lang="ru">`, a `<title>`, `<meta name="viewport"
//!   content="width=device-width, initial-scale=1">` (without it a phone lays the page out 980
//!   px wide and shrinks it; the 375 px check insists on it), content in landmarks (`<main>`).
//! - **At 1280 and at 375 px wide**: no horizontal scrolling, nothing visible past the window's
//!   edges (a wide table goes inside an element with `overflow-x: auto`), no two visible
//!   controls or pieces of text overlapping.
//! - **axe-core** with the tags wcag2a, wcag2aa, wcag21a, wcag21aa: zero violations. **Nu Html
//!   Checker**: zero errors in the HTML as the server sent it.
//!
//! Known problems of pages not yet fixed are listed, with the reason, in `known.rs`; an entry
//! that no longer happens fails the test, so the lists only shrink.
//!
//! # Where things go
//!
//! Screenshots `<name>-1280.png` and `<name>-375.png` (`<name>-nojs-…` with JavaScript off, full
//! page height) and the HTML as served (`html/<name>.html`) go to `target/screenshots/` of the
//! workspace, or to `$CABINET_SCREENSHOTS`.

mod checks;
mod driver;
mod served;
mod site;
mod user;
mod vnu;

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

use cabinet_tests::service_var;
use fantoccini::Client;

pub use checks::unknown;
pub use site::{Site, TempDir, serve};

/// The administrator's password after `site.app.admin()`.
pub const ADMIN_PASSWORD: &str = "Администратор2026";
/// The password of every user [`Site::person`] makes.
pub const STAFF_PASSWORD: &str = "НовыйПароль2026";

/// Declares each `async fn(&Site, &Browser)` journey as two tests, `js::<name>` and
/// `no_js::<name>`, then runs the Nu Html Checker over the pages it snapshotted.
macro_rules! journeys {
    ($($name:ident),* $(,)?) => {
        mod js {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    $crate::harness::walk($crate::harness::Js::Enabled, super::$name).await
                }
            )*
        }
        mod no_js {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    $crate::harness::walk($crate::harness::Js::Disabled, super::$name).await
                }
            )*
        }
    };
}

/// Whether the pages' own scripts run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Js {
    Enabled,
    Disabled,
}

/// Runs one journey: a fresh site and browser, the steps, then [`Browser::finish`]. Skips (with
/// a note) when no chromedriver is configured.
pub async fn walk(js: Js, journey: impl AsyncFnOnce(&Site, &Browser)) {
    let Some(tools) = Tools::from_env() else { return };
    let site = Site::start().await;
    let user = Browser::open(tools, &site.url(""), js).await;
    journey(&site, &user).await;
    user.finish().await;
}

/// Where the tools are: `CABINET_TEST_CHROMEDRIVER`, `CABINET_TEST_CHROMIUM` (optional),
/// `CABINET_TEST_AXE`, `CABINET_TEST_VNU`, `CABINET_SCREENSHOTS` (optional).
pub struct Tools {
    chromedriver: String,
    chromium: Option<String>,
    /// The source of axe.min.js; `None` skips axe (never in CI).
    axe: Option<String>,
    vnu: Option<PathBuf>,
    screenshots: PathBuf,
}

impl Tools {
    /// `None`, after a printed note, when no chromedriver is configured (a failure instead when
    /// `CABINET_TEST_REQUIRE_SERVICES=1`).
    pub fn from_env() -> Option<Tools> {
        let Some(chromedriver) = service_var("CABINET_TEST_CHROMEDRIVER") else {
            eprintln!("browser test skipped: CABINET_TEST_CHROMEDRIVER is not set (eval \"$(.ci/install-browser)\")");
            return None;
        };
        let axe = service_var("CABINET_TEST_AXE")
            .map(|path| std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("CABINET_TEST_AXE={path}: {e}")));
        if axe.is_none() {
            eprintln!("axe-core checks skipped: CABINET_TEST_AXE is not set");
        }
        let vnu = service_var("CABINET_TEST_VNU").map(PathBuf::from);
        if vnu.is_none() {
            eprintln!("Nu Html Checker skipped: CABINET_TEST_VNU is not set");
        }
        let chromium = std::env::var("CABINET_TEST_CHROMIUM").ok().filter(|v| !v.is_empty());
        Some(Tools { chromedriver, chromium, axe, vnu, screenshots: screenshots_dir() })
    }
}

fn screenshots_dir() -> PathBuf {
    let dir = match std::env::var_os("CABINET_SCREENSHOTS") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots"),
    };
    std::fs::create_dir_all(dir.join("html")).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    dir.canonicalize().unwrap_or(dir)
}

/// A Chromium window of one journey, and what its snapshots saved for the Nu Html Checker.
pub struct Browser {
    client: Client,
    js: Js,
    base: String,
    tools: Tools,
    /// The HTML files [`Browser::snapshot`] saved, checked by [`Browser::finish`].
    saved: Mutex<Vec<PathBuf>>,
    /// The response of the document on screen, from the network log.
    served: tokio::sync::Mutex<served::Served>,
    // Last: the session ends and chromedriver goes after everything else is dropped.
    _driver: driver::Driver,
}

impl Browser {
    /// A new Chromium session on a fresh profile, for pages under `base` (`http://127.0.0.1:…`).
    pub async fn open(tools: Tools, base: &str, js: Js) -> Browser {
        // The checker's JVM warms up while the journey runs.
        vnu::start_early(&tools);
        let (driver, client) = driver::Driver::start(&tools.chromedriver, tools.chromium.as_deref(), js).await;
        Browser {
            client,
            js,
            base: base.trim_end_matches('/').to_owned(),
            tools,
            saved: Mutex::new(Vec::new()),
            served: tokio::sync::Mutex::new(served::Served::default()),
            _driver: driver,
        }
    }

    /// The Nu Html Checker's errors in these HTML files (none when it is not configured).
    pub async fn nu_html_errors(&self, files: &[PathBuf]) -> Vec<String> {
        vnu::errors(&self.tools, files).await
    }

    /// Runs the Nu Html Checker over the pages this journey snapshotted and fails listing every
    /// error (file, line, message) not in `known::VNU`; then ends the session.
    pub async fn finish(self) {
        let saved = std::mem::take(&mut *self.saved.lock().expect("lock"));
        let errors = vnu::errors(&self.tools, &saved).await;
        assert!(errors.is_empty(), "the Nu Html Checker found {} error(s):\n{}", errors.len(), errors.join("\n"));
        let _ = self.client.clone().close().await;
    }

    /// `<name>` with JavaScript on, `<name>-nojs` with it off; unique in the test binary.
    fn file_stem(&self, name: &str) -> String {
        static TAKEN: OnceLock<Mutex<HashSet<String>>> = OnceLock::new();
        assert!(
            !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "snapshot name «{name}»: use lowercase latin letters, digits and dashes"
        );
        let stem = match self.js {
            Js::Enabled => name.to_owned(),
            Js::Disabled => format!("{name}-nojs"),
        };
        let fresh = TAKEN.get_or_init(Default::default).lock().expect("lock").insert(stem.clone());
        assert!(fresh, "snapshot name «{name}» is used twice: each snapshot needs its own");
        stem
    }
}
