//! Reading back the letters the application sent: `.eml` files of the file transport, or the
//! HTTP API of a real SMTP server (maildev) on loopback.

use std::path::PathBuf;
use std::time::Duration;

use base64::Engine as _;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

pub enum Mailbox {
    Files(PathBuf),
    Maildev { host_port: String },
}

impl Mailbox {
    /// Whether every instance's letters land here (a real SMTP server), rather than in a
    /// folder of this instance's own.
    pub fn is_shared(&self) -> bool {
        matches!(self, Mailbox::Maildev { .. })
    }

    /// The text of every letter sent to `to` so far, oldest first.
    pub async fn letters_to(&self, to: &str) -> Vec<String> {
        match self {
            Mailbox::Files(dir) => files_to(dir, to),
            Mailbox::Maildev { host_port } => maildev_to(host_port, to).await,
        }
    }

    /// Waits (up to 15 s) until at least `n` letters reached `to`, and returns them.
    pub async fn wait_for(&self, to: &str, n: usize) -> Vec<String> {
        self.wait_for_matching(to, n, |_| true).await
    }

    /// Waits (up to 15 s) until at least `n` letters to `to` contain `needle`, and returns those.
    pub async fn wait_for_matching(&self, to: &str, n: usize, keep: impl Fn(&str) -> bool) -> Vec<String> {
        for _ in 0..150 {
            let letters: Vec<String> = self.letters_to(to).await.into_iter().filter(|l| keep(l)).collect();
            if letters.len() >= n {
                return letters;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("expected {n} matching letter(s) to {to}, got {:?}", self.letters_to(to).await);
    }
}

fn files_to(dir: &PathBuf, to: &str) -> Vec<String> {
    let mut found: Vec<(std::time::SystemTime, String)> = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let Ok(raw) = std::fs::read_to_string(entry.path()) else { continue };
        let Some((headers, body)) = raw.split_once("\r\n\r\n") else { continue };
        let addressed = headers.lines().any(|l| l.to_lowercase().starts_with("to:") && l.to_lowercase().contains(to));
        if addressed {
            let text = base64::engine::general_purpose::STANDARD
                .decode(body.split_whitespace().collect::<String>())
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .unwrap_or_else(|_| body.to_owned());
            let modified = entry.metadata().and_then(|m| m.modified()).unwrap_or(std::time::UNIX_EPOCH);
            found.push((modified, text));
        }
    }
    found.sort_by_key(|(t, _)| *t);
    found.into_iter().map(|(_, text)| text).collect()
}

async fn maildev_to(host_port: &str, to: &str) -> Vec<String> {
    let body = http_get(host_port, "/api/email").await;
    let letters: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
    letters
        .as_array()
        .into_iter()
        .flatten()
        .filter(|m| {
            m["to"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|a| a["address"].as_str().is_some_and(|x| x.eq_ignore_ascii_case(to)))
        })
        .map(|m| m["text"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// A plain HTTP/1.0 GET on loopback, enough for maildev's JSON API.
async fn http_get(host_port: &str, path: &str) -> String {
    let mut stream = tokio::net::TcpStream::connect(host_port).await.expect("maildev must be reachable");
    let request = format!("GET {path} HTTP/1.0\r\nHost: {host_port}\r\nAccept: application/json\r\n\r\n");
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.expect("read");
    let text = String::from_utf8_lossy(&response).into_owned();
    text.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default()
}

/// The recovery link (`…/password-reset?token=…`) in a letter.
pub fn reset_token(letter: &str) -> String {
    let start = letter.find("token=").expect("a reset link in the letter") + "token=".len();
    letter[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect()
}
