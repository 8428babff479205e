//! When a photo is on its public address: published with the content that shows it (a photo
//! gallery, a news item), taken off when no published content shows it any more.
//!
//! Both moves run inside the transaction that publishes or unpublishes the content, so a reader
//! never finds a published gallery whose photos answer 404, nor a photo left public by content
//! that is gone. Each is one statement (after the lock below), one text for both backends:
//!
//! * [`make_photos_public!`] publishes the holder's photos that are not public yet; a photo
//!   already public keeps its first time;
//! * [`withdraw_photos!`] takes the holder's photos off their public addresses, except those
//!   that another published gallery or a published news item still shows. The holder itself is
//!   left out of that test by id, so the call may come before or after its state changes.
//!
//! Concurrent publications are put in order. Each move first takes the one row that every
//! publication bumps (`public_version`, see [`crate::public`]) and holds it to the end of its
//! transaction; the next one waits, then decides on a fresh view with the earlier one committed.
//! Without it, on Postgres (read committed), two galleries sharing a photo and unpublished at
//! once would each see the other still published and both leave the photo public; a gallery
//! published while another is unpublished could end up showing a photo that answers 404.
//! (SQLite takes its write lock at `BEGIN IMMEDIATE`: writers already come one at a time.)
//! The lock is held to the commit, so within its transaction the move may come before or after
//! the content's state changes. Pass the transaction as `&mut *tx`: it is used twice.
//!
//! Only photos count: a page's document (`page_documents`) is a document, never a photo. A photo
//! published by hand through the media API and then shown by a gallery is, to these moves, a
//! photo of that gallery: unpublishing the gallery withdraws it too, unless other content shows it.

use cabinet_core::ids::{GalleryId, NewsId};

/// Content that shows photos of its unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Holder {
    Gallery(GalleryId),
    News(NewsId),
}

/// Publishes the holder's photos of its own unit that are not public yet; `$2` is the time.
macro_rules! make_public_sql {
    ($photos:literal, $key:literal, $content:literal) => {
        concat!(
            "UPDATE media SET published_at = $2 WHERE published_at IS NULL AND kind = 'photo' ",
            "AND id IN (SELECT media_id FROM ",
            $photos,
            " WHERE ",
            $key,
            " = $1) ",
            "AND unit_id = (SELECT unit_id FROM ",
            $content,
            " WHERE id = $1)"
        )
    };
}

/// Withdraws the holder's photos that no other published content shows.
macro_rules! withdraw_sql {
    ($photos:literal, $key:literal, $gallery_other:literal, $news_other:literal) => {
        concat!(
            "UPDATE media SET published_at = NULL WHERE published_at IS NOT NULL ",
            "AND id IN (SELECT media_id FROM ",
            $photos,
            " WHERE ",
            $key,
            " = $1) ",
            "AND NOT EXISTS (SELECT 1 FROM gallery_photos gp JOIN galleries g ON g.id = gp.gallery_id ",
            "WHERE gp.media_id = media.id AND g.state = 'published'",
            $gallery_other,
            ") ",
            "AND NOT EXISTS (SELECT 1 FROM news_photos np JOIN news n ON n.id = np.news_id ",
            "WHERE np.media_id = media.id AND n.state = 'published'",
            $news_other,
            ")"
        )
    };
}

impl Holder {
    pub(crate) fn id(self) -> String {
        match self {
            Holder::Gallery(id) => id.to_string(),
            Holder::News(id) => id.to_string(),
        }
    }

    pub(crate) fn make_public_sql(self) -> &'static str {
        match self {
            Holder::Gallery(_) => make_public_sql!("gallery_photos", "gallery_id", "galleries"),
            Holder::News(_) => make_public_sql!("news_photos", "news_id", "news"),
        }
    }

    pub(crate) fn withdraw_sql(self) -> &'static str {
        match self {
            Holder::Gallery(_) => withdraw_sql!("gallery_photos", "gallery_id", " AND g.id <> $1", ""),
            Holder::News(_) => withdraw_sql!("news_photos", "news_id", "", " AND n.id <> $1"),
        }
    }
}

/// Takes the row every publication bumps, without bumping it: the lock that puts concurrent
/// publications in order (see the module's documentation).
pub(crate) const IN_ORDER_SQL: &str = "UPDATE public_version SET version = version WHERE id = 1";

/// Publishes, inside the transaction `$conn`, the photos of `$holder` (a [`Holder`]) that are not
/// public yet, at `$now`; evaluates to the number of photos it published.
macro_rules! make_photos_public {
    ($conn:expr, $holder:expr, $now:expr) => {{
        let holder: $crate::media::publication::Holder = $holder;
        match sqlx::query($crate::media::publication::IN_ORDER_SQL).execute($conn).await {
            Ok(_) => sqlx::query(holder.make_public_sql())
                .bind(holder.id())
                .bind($now)
                .execute($conn)
                .await
                .map(|done| done.rows_affected()),
            Err(e) => Err(e),
        }
    }};
}

/// Takes the photos of `$holder` (a [`Holder`]) off their public addresses inside the
/// transaction `$conn`, except those another published gallery or a published news item shows;
/// evaluates to the number of photos it withdrew.
macro_rules! withdraw_photos {
    ($conn:expr, $holder:expr) => {{
        let holder: $crate::media::publication::Holder = $holder;
        match sqlx::query($crate::media::publication::IN_ORDER_SQL).execute($conn).await {
            Ok(_) => sqlx::query(holder.withdraw_sql())
                .bind(holder.id())
                .execute($conn)
                .await
                .map(|done| done.rows_affected()),
            Err(e) => Err(e),
        }
    }};
}

pub(crate) use {make_photos_public, withdraw_photos};
