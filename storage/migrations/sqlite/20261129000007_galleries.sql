-- Photo galleries of a unit (§5.5): the album of an event, moderated like news (§5.6–5.8).
-- Timestamps are milliseconds since the Unix epoch (UTC); ids are UUIDv7 text.

CREATE TABLE galleries (
    id                      TEXT PRIMARY KEY,
    unit_id                 TEXT NOT NULL REFERENCES units (id),
    state                   TEXT NOT NULL
                            CHECK (state IN ('draft', 'submitted', 'published', 'rejected', 'unpublished')),
    title                   TEXT NOT NULL,
    -- Plain text.
    description             TEXT,
    -- YYYY-MM-DD: a day, not an instant.
    event_date              TEXT,
    event_place             TEXT,
    -- Who made it: a user, or NULL for a machine client; the label names either.
    author_id               TEXT,
    author_label            TEXT NOT NULL,
    -- Grows with every change: a change is written only over the revision it was decided on.
    revision                INTEGER NOT NULL DEFAULT 1,
    created_at              INTEGER NOT NULL,
    updated_at              INTEGER NOT NULL,
    submitted_at            INTEGER,
    -- The author's statement that the gallery is ready, with the submission.
    readiness_confirmed_at  INTEGER,
    readiness_confirmed_by  TEXT,
    published_at            INTEGER,
    published_by            TEXT,
    -- The moderator's latest reason to reject or unpublish, shown to the author.
    reason                  TEXT
);
-- The moderation queue: submitted galleries, oldest first.
CREATE INDEX galleries_queue ON galleries (state, submitted_at);
-- A unit's galleries, newest first.
CREATE INDEX galleries_unit ON galleries (unit_id, id);
-- The public lists: published galleries newest first, across the union and per organization
-- (keyset paging on these keys).
CREATE INDEX galleries_public ON galleries (published_at DESC, id DESC) WHERE state = 'published';
CREATE INDEX galleries_public_unit ON galleries (unit_id, published_at DESC, id DESC) WHERE state = 'published';

-- Photos of the gallery's own unit, in the author's order (position 1 is the first).
-- Publishing the gallery publishes its photos; unpublishing takes them off their public
-- addresses unless another published gallery or news item shows them.
CREATE TABLE gallery_photos (
    gallery_id  TEXT NOT NULL REFERENCES galleries (id),
    media_id    TEXT NOT NULL REFERENCES media (id),
    position    INTEGER NOT NULL,
    caption     TEXT,
    PRIMARY KEY (gallery_id, media_id)
);
CREATE UNIQUE INDEX gallery_photos_order ON gallery_photos (gallery_id, position);
CREATE INDEX gallery_photos_media ON gallery_photos (media_id);

CREATE TABLE gallery_transitions (
    id           TEXT PRIMARY KEY,
    gallery_id   TEXT NOT NULL REFERENCES galleries (id),
    at           INTEGER NOT NULL,
    actor_kind   TEXT NOT NULL,
    actor_id     TEXT,
    actor_label  TEXT NOT NULL,
    -- NULL when the gallery was created.
    from_state   TEXT,
    to_state     TEXT NOT NULL,
    -- create, edit, submit, publish, reject, unpublish.
    event        TEXT NOT NULL,
    reason       TEXT
);
CREATE INDEX gallery_transitions_gallery ON gallery_transitions (gallery_id, id);
