//! Serving the files at `/media/<id>`: published ones to anybody; private ones to those the
//! policy lets upload media in the item's unit, and private photos also to those who write the
//! unit's news (the editor shows them) and to the news moderator (the queue shows them). The bytes behind an id never change, but a photo
//! leaves its public address when its news item or gallery is unpublished: published photos may
//! be cached only if revalidated (a cheap 304 by ETag), published documents stay published and
//! carry a year-long immutable header. With S3 storage and `presign_seconds` set, the answer is
//! a redirect to a short-lived presigned URL instead of the bytes.

use std::io::Cursor;
use std::time::Duration;

use bytes::Bytes;
use cabinet_core::ids::MediaId;
use cabinet_core::policy::{Global, InUnit, ModerateNews, Public, ReadPublic, UploadMedia, WriteNews, authorize};
use cabinet_storage::blobs::Presentation;
use cabinet_storage::media::{self, Media, MediaKind};
use rocket::http::{ContentType, Header, Status};
use rocket::request::{FromRequest, Outcome, Request};
use rocket::response::{self, Responder, Response};
use rocket::{State, get};

use crate::App;
use crate::auth::Staff;
use crate::error::{ApiError, ApiResult};
use crate::params::path_id;

/// A file leaves in chunks of this size, not Rocket's 4 KiB: each chunk is a copy handed to the
/// connection's task, and a photo of 2 MB took 500 of them. The file is in memory already, so a
/// chunk adds at most this much.
const MEDIA_CHUNK: usize = 64 * 1024;

const PUBLIC_FINAL: &str = "public, max-age=31536000, immutable";
const PUBLIC_REVALIDATE: &str = "public, no-cache";
const PRIVATE_CACHE: &str = "private, no-store";

/// The `If-None-Match` header, to answer 304 when the caller has the file already.
pub struct IfNoneMatch(Option<String>);

#[rocket::async_trait]
impl<'r> FromRequest<'r> for IfNoneMatch {
    type Error = std::convert::Infallible;

    async fn from_request(request: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        Outcome::Success(IfNoneMatch(request.headers().get_one("If-None-Match").map(str::to_owned)))
    }
}

/// The file (or a redirect to it, or "you have it already") with the headers that go with it.
pub enum Served {
    File { bytes: Bytes, content_type: String, disposition: String, cache: &'static str, etag: String },
    NotModified { cache: &'static str, etag: String },
    Redirect { url: String },
}

/// The file of a photo or document.
#[get("/media/<id>")]
pub async fn file(
    app: &State<App>,
    caller: Result<Staff, ApiError>,
    if_none_match: IfNoneMatch,
    id: &str,
) -> ApiResult<Served> {
    let id: MediaId = path_id(id)?;
    let found = media::locate(&app.db, id).await?;
    let (item, cache) = if found.published {
        let auth = authorize::<ReadPublic>(caller.as_ref().ok().map(Staff::actor), Public)?;
        let item = media::get_published(&app.db, &auth, id).await?;
        let cache = match item.kind {
            MediaKind::Photo => PUBLIC_REVALIDATE,
            MediaKind::Document => PUBLIC_FINAL,
        };
        (item, cache)
    } else {
        let staff = caller?;
        let actor = Some(staff.actor());
        let unit = InUnit(found.unit_id);
        // Those who upload a unit's files read them all; those who write its news or moderate
        // news see its photos in the editor and the moderation queue.
        let item = match authorize::<UploadMedia>(actor, unit) {
            Ok(auth) => media::get(&app.db, &auth, id).await?,
            Err(refusal) => {
                if let Ok(auth) = authorize::<WriteNews>(actor, unit) {
                    media::get_news_photo(&app.db, &auth, id).await?
                } else if let Ok(auth) = authorize::<ModerateNews>(actor, Global) {
                    media::get_moderated_photo(&app.db, &auth, id).await?
                } else {
                    return Err(refusal.into());
                }
            }
        };
        (item, PRIVATE_CACHE)
    };
    let etag = format!("\"{}\"", item.sha256);
    if if_none_match.0.is_some_and(|tags| tags.split(',').any(|t| t.trim() == etag || t.trim() == "*")) {
        return Ok(Served::NotModified { cache, etag });
    }
    let disposition = disposition(&item);
    let seconds = app.config.storage.s3.presign_seconds;
    if seconds > 0 {
        let presentation =
            Presentation { content_type: &item.content_type, content_disposition: &disposition, cache_control: cache };
        if let Some(url) = app.blobs.presigned_get(&item.sha256, Duration::from_secs(seconds), &presentation).await? {
            return Ok(Served::Redirect { url });
        }
    }
    let bytes = media::content(&app.blobs, &item).await?;
    Ok(Served::File { bytes, content_type: item.content_type, disposition, cache, etag })
}

/// Photos open in the browser under their checked name; documents download under a generated
/// ASCII name, with the original name (RFC 5987) for browsers that understand it. Both end with
/// the extension of the type found in the content: storage hands out a document's name as
/// `DocumentName` has it, whatever an older version stored.
pub fn disposition(item: &Media) -> String {
    let safe: String =
        item.stored_name.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')).collect();
    match item.kind {
        MediaKind::Photo => format!("inline; filename=\"{safe}\""),
        MediaKind::Document => {
            format!("attachment; filename=\"{safe}\"; filename*=UTF-8''{}", rfc5987(&item.display_name))
        }
    }
}

/// Percent-encodes every byte outside RFC 5987's `attr-char`.
fn rfc5987(value: &str) -> String {
    let mut out = String::with_capacity(value.len() * 3);
    for &b in value.as_bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl<'r> Responder<'r, 'static> for Served {
    fn respond_to(self, _: &'r Request<'_>) -> response::Result<'static> {
        let mut response = Response::build();
        match self {
            Served::File { bytes, content_type, disposition, cache, etag } => {
                let content_type = ContentType::parse_flexible(&content_type).unwrap_or(ContentType::Binary);
                response
                    .header(content_type)
                    .raw_header("Content-Disposition", disposition)
                    .raw_header("Cache-Control", cache)
                    .raw_header("ETag", etag)
                    .sized_body(bytes.len(), Cursor::new(bytes))
                    .max_chunk_size(MEDIA_CHUNK);
            }
            Served::NotModified { cache, etag } => {
                response.status(Status::NotModified).raw_header("Cache-Control", cache).raw_header("ETag", etag);
            }
            Served::Redirect { url } => {
                response
                    .status(Status::Found)
                    .header(Header::new("Location", url))
                    .raw_header("Cache-Control", "no-store");
            }
        }
        response.ok()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn original_names_are_percent_encoded() {
        assert_eq!(super::rfc5987("Отчёт 2025.pdf"), "%D0%9E%D1%82%D1%87%D1%91%D1%82%202025.pdf");
        assert_eq!(super::rfc5987("a\"b;c.pdf"), "a%22b%3Bc.pdf");
    }
}
