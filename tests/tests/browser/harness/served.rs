//! What the server sent for the page on screen, read from Chromium's network log: the HTML
//! as it came over the wire (the DOM that WebDriver serializes has been through the parser and
//! the page's scripts), and the HTTP status. This works for a page shown after a form's POST
//! too, which no second request could fetch again.

use base64::Engine as _;
use serde_json::{Value, json};

use super::Browser;
use super::driver::chrome;

/// The newest main document seen in the network log.
#[derive(Default)]
pub struct Served {
    last: Option<Document>,
}

#[derive(Clone)]
struct Document {
    request_id: String,
    url: String,
    status: u16,
}

impl Browser {
    /// The HTTP status of the page on screen.
    pub async fn status(&self) -> u16 {
        self.document().await.status
    }

    /// The HTML the server sent for the page on screen.
    pub(super) async fn served_html(&self) -> String {
        let document = self.document().await;
        let params = json!({ "cmd": "Network.getResponseBody", "params": { "requestId": document.request_id } });
        let body = chrome(&self.client, "goog/cdp/execute", params).await;
        let text = body["body"].as_str().unwrap_or_else(|| panic!("no body for {}: {body}", document.url));
        if body["base64Encoded"].as_bool() == Some(true) {
            let bytes = base64::engine::general_purpose::STANDARD.decode(text).expect("base64 body");
            String::from_utf8(bytes).unwrap_or_else(|_| panic!("{} is not UTF-8", document.url))
        } else {
            text.to_owned()
        }
    }

    /// The response of the document on screen: the newest `Document` response whose address
    /// is the current one, from the log entries since the last call (or remembered from before).
    async fn document(&self) -> Document {
        let mut served = self.served.lock().await;
        let mut current = self.client.current_url().await.expect("current url");
        current.set_fragment(None);
        let entries = chrome(&self.client, "se/log", json!({ "type": "performance" })).await;
        for entry in entries.as_array().into_iter().flatten() {
            let Some(message) = entry["message"].as_str() else { continue };
            let message: Value = serde_json::from_str(message).unwrap_or_default();
            let params = &message["message"]["params"];
            if message["message"]["method"] == "Network.responseReceived" && params["type"] == "Document" {
                served.last = Some(Document {
                    request_id: params["requestId"].as_str().unwrap_or_default().to_owned(),
                    url: params["response"]["url"].as_str().unwrap_or_default().to_owned(),
                    status: params["response"]["status"].as_u64().unwrap_or_default() as u16,
                });
            }
        }
        match &served.last {
            Some(document) if document.url == current.as_str() => document.clone(),
            other => panic!(
                "no response for {current} in the network log (newest document: {:?})",
                other.as_ref().map(|d| &d.url)
            ),
        }
    }
}
