//! Bodies already in memory, sent whole.

use std::io::Cursor;

use rocket::response::{Body, Builder};

/// Sets `body` as the response's body, sent in one chunk. Rocket otherwise copies a body out in
/// chunks of 4 KiB, each handed to the connection's task through a channel of one: a page of
/// 12 KB took three copies and three hand-overs where one does. (The chunk size is set after
/// the body, since setting a body resets it.)
pub fn in_one_chunk<'r, 'b, B>(response: &'b mut Builder<'r>, body: B) -> &'b mut Builder<'r>
where
    B: AsRef<[u8]> + Send + Unpin + 'r,
{
    let size = body.as_ref().len();
    response.sized_body(size, Cursor::new(body)).max_chunk_size(size.max(Body::DEFAULT_MAX_CHUNK))
}
