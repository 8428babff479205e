-- News of a unit (§5) and the history of their moderation (§5.6–5.8).
-- Timestamps are milliseconds since the Unix epoch (UTC); ids are UUIDv7 text.

CREATE TABLE news (
    id                      TEXT PRIMARY KEY,
    unit_id                 TEXT NOT NULL REFERENCES units (id),
    state                   TEXT NOT NULL
                            CHECK (state IN ('draft', 'submitted', 'published', 'rejected', 'unpublished')),
    headline                TEXT NOT NULL,
    lead                    TEXT,
    -- Markdown source.
    body                    TEXT NOT NULL,
    -- YYYY-MM-DD: a day, not an instant.
    event_date              TEXT,
    event_place             TEXT,
    -- Who wrote it: a user, or NULL for a machine client; the label names either.
    author_id               TEXT,
    author_label            TEXT NOT NULL,
    -- Grows with every change: a change is written only over the revision it was decided on,
    -- so that two moderators, or a moderator and an editing author, cannot both win.
    revision                BIGINT NOT NULL DEFAULT 1,
    created_at              BIGINT NOT NULL,
    updated_at              BIGINT NOT NULL,
    submitted_at            BIGINT,
    -- §5.6: the author's statement that the item is ready, with the submission.
    readiness_confirmed_at  BIGINT,
    readiness_confirmed_by  TEXT,
    published_at            BIGINT,
    published_by            TEXT,
    -- The moderator's latest reason to reject or unpublish, shown to the author.
    reason                  TEXT
);
-- The moderation queue: submitted items, oldest first.
CREATE INDEX news_queue ON news (state, submitted_at);
-- A unit's items, newest first; and its published ones, for the public lists.
CREATE INDEX news_unit ON news (unit_id, id);
CREATE INDEX news_published ON news (unit_id, state, published_at);

CREATE TABLE news_transitions (
    id           TEXT PRIMARY KEY,
    news_id      TEXT NOT NULL REFERENCES news (id),
    at           BIGINT NOT NULL,
    actor_kind   TEXT NOT NULL,
    actor_id     TEXT,
    actor_label  TEXT NOT NULL,
    -- NULL when the item was created.
    from_state   TEXT,
    to_state     TEXT NOT NULL,
    -- create, edit, submit, publish, reject, unpublish.
    event        TEXT NOT NULL,
    reason       TEXT
);
CREATE INDEX news_transitions_item ON news_transitions (news_id, id);
