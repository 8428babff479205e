//! The Nu Html Checker (vnu.jar), started once per test binary as a local HTTP service: a JVM
//! takes seconds to start, then checks a page in milliseconds.
//!
//! The JVM runs under `sh`, which waits on a pipe from this process and kills the JVM when the
//! pipe closes: when the test binary exits, however it exits, the checker goes too.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::Tools;
use super::checks::unknown;
use super::driver::free_port;
use crate::known;

struct Service {
    url: String,
    log: PathBuf,
    /// Held until the process exits; its closing stops the checker.
    _stdin: Mutex<ChildStdin>,
    /// `sh`, which reaps the JVM; its own exit comes after this process's.
    _shell: Mutex<Child>,
}

static SERVICE: OnceLock<Service> = OnceLock::new();

/// Starts the checker in the background if it is not running yet; it logs to `vnu.log` in
/// the screenshots folder.
pub fn start_early(tools: &Tools) {
    if let Some(jar) = &tools.vnu {
        service(jar, &tools.screenshots);
    }
}

fn service(jar: &Path, log_dir: &Path) -> &'static Service {
    SERVICE.get_or_init(|| {
        let port = free_port();
        let log = log_dir.join("vnu.log");
        let out = std::fs::File::create(&log).expect("vnu log");
        let script = "java -Xmx1g -XX:+UseSerialGC -Dnu.validator.servlet.bind-address=127.0.0.1 \
                      -cp \"$0\" nu.validator.servlet.Main \"$1\" & pid=$!; cat >/dev/null; kill $pid";
        let mut child = Command::new("sh")
            .args(["-c", script])
            .arg(jar)
            .arg(port.to_string())
            .stdin(Stdio::piped())
            .stdout(out.try_clone().expect("vnu log"))
            .stderr(out)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start the Nu Html Checker: {e}"));
        let stdin = child.stdin.take().expect("stdin");
        let url = format!("http://127.0.0.1:{port}/?out=json");
        Service { url, log, _stdin: Mutex::new(stdin), _shell: Mutex::new(child) }
    })
}

/// Checks each HTML file; every error not in `known::VNU`, as `file:line:column: message` with
/// the extract (none when the checker is not configured).
pub async fn errors(tools: &Tools, files: &[PathBuf]) -> Vec<String> {
    let Some(jar) = &tools.vnu else { return Vec::new() };
    if files.is_empty() {
        return Vec::new();
    }
    let service = service(jar, &tools.screenshots);
    // The checker answers 400 to a request without a User-Agent.
    let client = reqwest::Client::builder().user_agent("cabinet-browser-tests").build().expect("client");
    wait_ready(service, &client).await;
    let mut problems = Vec::new();
    for file in files {
        let html = std::fs::read(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let response = client
            .post(&service.url)
            .header("Content-Type", "text/html; charset=utf-8")
            .body(html)
            .timeout(Duration::from_secs(60))
            .send()
            .await
            .unwrap_or_else(|e| panic!("the Nu Html Checker did not answer: {e}"));
        let body: Value = serde_json::from_str(&response.text().await.expect("vnu body")).expect("vnu JSON");
        let stem = file.file_stem().unwrap_or_default().to_string_lossy();
        let page = stem.strip_suffix("-nojs").unwrap_or(&stem);
        let errors = body["messages"].as_array().into_iter().flatten().filter(|m| m["type"] != "info").map(|m| {
            let message = m["message"].as_str().unwrap_or_default();
            let text = format!(
                "{}:{}:{}: {message}\n    {}",
                file.display(),
                m["lastLine"],
                m["firstColumn"],
                m["extract"].as_str().unwrap_or_default().replace('\n', "⏎")
            );
            (message, text)
        });
        problems.extend(unknown(page, known::VNU, errors));
    }
    problems
}

async fn wait_ready(service: &Service, client: &reqwest::Client) {
    let started = Instant::now();
    let probe = service.url.replace("?out=json", "");
    let mut last = String::new();
    while started.elapsed() < Duration::from_secs(120) {
        match client.get(&probe).timeout(Duration::from_secs(5)).send().await {
            Ok(response) if response.status().is_success() => return,
            Ok(response) => last = format!("status {}", response.status()),
            Err(e) => last = format!("{e:?}"),
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let mut log = String::new();
    let _ = std::fs::File::open(&service.log).and_then(|mut f| f.read_to_string(&mut log));
    let tail: String = log.chars().rev().take(2000).collect::<Vec<_>>().into_iter().rev().collect();
    panic!("the Nu Html Checker did not start within 120 s ({last}; {}):\n{tail}", service.log.display());
}
