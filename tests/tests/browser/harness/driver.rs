//! chromedriver as a child process of the test, and a Chromium session opened through it.
//!
//! chromedriver runs in a process group of its own with the Chromium it starts; dropping
//! [`Driver`] ends the session (Chromium quits) and then kills the whole group, so a failed
//! test leaves no browser behind.

use std::io::{Read as _, Write as _};
use std::net::{SocketAddr, TcpStream};
use std::os::unix::process::CommandExt as _;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};

use super::Js;
use super::site::TempDir;

/// The window every page is opened in; snapshots resize it and put it back.
pub const WINDOW: (u32, u32) = (1280, 900);

/// Flags Chromium needs on this kind of machine: no sandbox as root, no GPU, and no background
/// traffic to Google's hosts (the network is closed; each attempt would be refused or time out).
const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
];

pub struct Driver {
    child: Child,
    addr: SocketAddr,
    session: Option<String>,
    profile: TempDir,
}

impl Driver {
    /// Starts `chromedriver` on a free loopback port (retrying if another process takes it
    /// first) and opens a session with JavaScript on or off.
    pub async fn start(chromedriver: &str, chromium: Option<&str>, js: Js) -> (Driver, Client) {
        let mut last_error = String::new();
        for _ in 0..3 {
            let port = free_port();
            let child = Command::new(chromedriver)
                .args([format!("--port={port}"), "--allowed-ips=127.0.0.1".to_owned()])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .process_group(0)
                .spawn()
                .unwrap_or_else(|e| panic!("cannot start {chromedriver}: {e}"));
            let profile = TempDir::new("chromium-profile");
            let mut driver = Driver { child, addr: SocketAddr::from(([127, 0, 0, 1], port)), session: None, profile };
            match driver.wait_ready().await {
                Ok(()) => {
                    let client = driver.open_session(chromium, js).await;
                    return (driver, client);
                }
                Err(e) => last_error = e,
            }
        }
        panic!("chromedriver did not start: {last_error}")
    }

    async fn wait_ready(&mut self) -> Result<(), String> {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(15) {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("it exited with {status}"));
            }
            let addr = self.addr;
            let ready = tokio::task::spawn_blocking(move || http(addr, "GET", "/status")).await.ok().flatten();
            if ready.is_some_and(|body| body.contains("\"ready\":true")) {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Err("no answer on /status within 15 s".to_owned())
    }

    async fn open_session(&mut self, chromium: Option<&str>, js: Js) -> Client {
        let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|f| f.to_string()).collect();
        args.push(format!("--window-size={},{}", WINDOW.0, WINDOW.1));
        args.push(format!("--user-data-dir={}", self.profile.0.display()));
        let mut options = json!({
            "args": args,
            // The network log keeps each document's response, so that the HTML the server sent
            // can be read back after a form's POST too.
            "perfLoggingPrefs": { "enableNetwork": true, "enablePage": false },
        });
        if let Some(binary) = chromium {
            options["binary"] = json!(binary);
        }
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": options,
            "goog:loggingPrefs": { "performance": "ALL" },
            "timeouts": { "implicit": 0, "pageLoad": 30_000, "script": 30_000 },
        });
        let Value::Object(capabilities) = capabilities else { unreachable!() };
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://{}", self.addr))
            .await
            .unwrap_or_else(|e| panic!("chromedriver could not open a Chromium session: {e}"));
        self.session = client.session_id().await.ok().flatten();
        if js == Js::Disabled {
            scripts(&client, Js::Disabled).await;
        }
        client
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // Ending the session makes chromedriver quit Chromium cleanly; then the group goes.
        if let Some(session) = self.session.take() {
            let _ = http(self.addr, "DELETE", &format!("/session/{session}"));
        }
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).stderr(Stdio::null()).status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Turns the pages' scripts on or off in this tab, for every page it opens from now on: Blink's
/// own switch, as with JavaScript off in the browser's settings (`<noscript>` shows, no script
/// of the page runs). The content setting in Chromium's preferences would do the same, but
/// could not be lifted for axe-core, which needs timers: a page loaded with scripts off keeps
/// them from having run when they are turned on again for a check.
pub async fn scripts(client: &Client, js: Js) {
    let params = json!({ "cmd": "Emulation.setScriptExecutionDisabled", "params": { "value": js == Js::Disabled } });
    chrome(client, "goog/cdp/execute", params).await;
}

/// A chromedriver command of its own (`se/log`, `goog/cdp/execute`) in this session.
pub async fn chrome(client: &Client, path: &str, body: Value) -> Value {
    let command = ChromeCommand { path: path.to_owned(), body };
    client.issue_cmd(command).await.unwrap_or_else(|e| panic!("chromedriver {path}: {e}"))
}

#[derive(Debug)]
struct ChromeCommand {
    path: String,
    body: Value,
}

impl WebDriverCompatibleCommand for ChromeCommand {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/{}", session_id.unwrap_or_default(), self.path))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}

/// A loopback port that was free a moment ago.
pub fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("address").port()
}

/// A blocking HTTP/1.1 request without a body; the response body, `None` when nothing answers.
/// Used where no runtime may be at hand (in `Drop`) and for readiness probes. chromedriver
/// answers nothing to HTTP/1.0 and keeps the connection open after `Connection: close`: read
/// `Content-Length` bytes.
fn http(addr: SocketAddr, method: &str, path: &str) -> Option<String> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(2)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    let request = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).ok()?;
    let mut response = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            break;
        }
        response.extend_from_slice(&chunk[..n]);
        let text = String::from_utf8_lossy(&response);
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let length = head.lines().find_map(|l| {
                let (name, value) = l.split_once(':')?;
                name.eq_ignore_ascii_case("content-length").then(|| value.trim().parse::<usize>().ok())?
            });
            if length.is_some_and(|length| body.len() >= length) {
                return Some(body.to_owned());
            }
        }
    }
    let text = String::from_utf8_lossy(&response);
    text.split_once("\r\n\r\n").map(|(_, body)| body.to_owned())
}
