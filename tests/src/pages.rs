//! Driving the cabinet's pages as a browser does without JavaScript: GET a page, post its form
//! with the CSRF token it carries, follow the redirect with the message it leaves.

use rocket::http::{ContentType, Cookie, Header, Method, Status};

use crate::app::{CLIENT_ADDRESS, Resp, Session, TestApp};

/// A visitor's cookies, as a browser keeps them between pages.
#[derive(Clone, Debug, Default)]
pub struct Browser {
    pub cookies: Vec<(String, String)>,
}

impl Browser {
    /// A browser signed in with `session`'s cookie.
    pub fn signed_in(session: &Session) -> Self {
        let mut browser = Browser::default();
        if let Some(cookie) = &session.cookie {
            browser.cookies.push((cabinet_http::auth::SESSION_COOKIE.to_owned(), cookie.clone()));
        }
        browser
    }

    fn keep(&mut self, resp: &Resp) {
        for (_, value) in resp.headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case("set-cookie")) {
            let pair = value.split(';').next().unwrap_or_default();
            let Some((name, value)) = pair.split_once('=') else { continue };
            self.cookies.retain(|(n, _)| n != name);
            let removed = value.is_empty() || value.contains("removed") || pair.contains("Max-Age=0");
            if !removed {
                // Sent back as the browser got it; the local client wants it decoded.
                let value = percent_encoding::percent_decode_str(value).decode_utf8_lossy().into_owned();
                self.cookies.push((name.to_owned(), value));
            }
        }
    }
}

/// The value of the page's hidden CSRF field.
pub fn csrf_of(html: &str) -> String {
    let at = html.find("name=\"_csrf\" value=\"").map(|i| i + "name=\"_csrf\" value=\"".len());
    at.and_then(|start| html[start..].split('"').next()).unwrap_or_default().to_owned()
}

impl TestApp {
    /// A page as a browser asks for it (`Accept: text/html`), keeping the cookies it sets.
    pub async fn page(&self, browser: &mut Browser, path: &str) -> Resp {
        let resp = self.browse(browser, Method::Get, path, None, None).await;
        browser.keep(&resp);
        resp
    }

    /// Posts a page's form: `fields` urlencoded, with the CSRF token the page at `from` carries.
    pub async fn submit(&self, browser: &mut Browser, from: &str, action: &str, fields: &[(&str, &str)]) -> Resp {
        let page = self.page(browser, from).await;
        let token = csrf_of(&page.text);
        let mut all: Vec<(&str, &str)> = vec![("_csrf", token.as_str())];
        all.extend_from_slice(fields);
        self.post_form(browser, action, &all).await
    }

    /// Posts exactly these fields, urlencoded.
    pub async fn post_form(&self, browser: &mut Browser, action: &str, fields: &[(&str, &str)]) -> Resp {
        let mut body = form_urlencoded::Serializer::new(String::new());
        for (name, value) in fields {
            body.append_pair(name, value);
        }
        let body = body.finish();
        let resp = self.browse(browser, Method::Post, action, Some(body.into_bytes()), Some(ContentType::Form)).await;
        browser.keep(&resp);
        resp
    }

    /// Posts a multipart form with one file.
    pub async fn post_multipart(
        &self,
        browser: &mut Browser,
        action: &str,
        fields: &[(&str, &str)],
        file: (&str, &str, &[u8]),
    ) -> Resp {
        let boundary = "cabinet-test-boundary-7d1c";
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                    .as_bytes(),
            );
        }
        let (name, file_name, bytes) = file;
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\n\
                 Content-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let ct = ContentType::new("multipart", "form-data").with_params(("boundary", boundary));
        let resp = self.browse(browser, Method::Post, action, Some(body), Some(ct)).await;
        browser.keep(&resp);
        resp
    }

    async fn browse(
        &self,
        browser: &Browser,
        method: Method,
        path: &str,
        body: Option<Vec<u8>>,
        content_type: Option<ContentType>,
    ) -> Resp {
        let mut request = self.client.req(method, path.to_owned()).remote(CLIENT_ADDRESS);
        request.add_header(Header::new("User-Agent", "cabinet-tests"));
        request.add_header(Header::new("Accept", "text/html,application/xhtml+xml"));
        for (name, value) in &browser.cookies {
            request = request.cookie(Cookie::new(name.clone(), value.clone()));
        }
        if let Some(body) = body {
            if let Some(ct) = content_type {
                request.add_header(ct);
            }
            request.set_body(body);
        }
        let response = request.dispatch().await;
        let status: Status = response.status();
        let headers = response.headers().iter().map(|h| (h.name().to_string(), h.value().to_string())).collect();
        let bytes = response.into_bytes().await.unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        Resp { status, body: serde_json::Value::Null, text, bytes, headers }
    }

    /// A page asked for with extra headers (`If-None-Match`), keeping the cookies it sets.
    pub async fn page_with(&self, browser: &mut Browser, path: &str, headers: &[(&str, &str)]) -> Resp {
        let mut request = self.client.req(Method::Get, path.to_owned()).remote(CLIENT_ADDRESS);
        request.add_header(Header::new("Accept", "text/html,application/xhtml+xml"));
        for (name, value) in headers {
            request.add_header(Header::new(name.to_string(), value.to_string()));
        }
        for (name, value) in &browser.cookies {
            request = request.cookie(Cookie::new(name.clone(), value.clone()));
        }
        let response = request.dispatch().await;
        let status: Status = response.status();
        let headers = response.headers().iter().map(|h| (h.name().to_string(), h.value().to_string())).collect();
        let bytes = response.into_bytes().await.unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let resp = Resp { status, body: serde_json::Value::Null, text, bytes, headers };
        browser.keep(&resp);
        resp
    }
}
