-- Photos and documents of a unit. The bytes live in the object store under their SHA-256
-- (`sha256`), written before the row; several rows may share one blob.
-- Timestamps are milliseconds since the Unix epoch (UTC); ids are UUIDv7 text.

CREATE TABLE media (
    id             TEXT PRIMARY KEY,
    unit_id        TEXT NOT NULL REFERENCES units (id),
    kind           TEXT NOT NULL CHECK (kind IN ('photo', 'document')),
    sha256         TEXT NOT NULL,
    byte_size      BIGINT NOT NULL,
    content_type   TEXT NOT NULL,
    -- What people see: the checked photo name, or the document's original name made safe.
    display_name   TEXT NOT NULL,
    -- The generated name files are served under.
    stored_name    TEXT NOT NULL,
    width          BIGINT,
    height         BIGINT,
    downscaled     BOOLEAN NOT NULL DEFAULT FALSE,
    document_kind  TEXT,
    -- NULL while private: only the unit's staff with media.upload may read it.
    published_at   BIGINT,
    created_by     TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    CHECK ((kind = 'photo') = (width IS NOT NULL AND height IS NOT NULL AND document_kind IS NULL))
);
CREATE INDEX media_unit ON media (unit_id, id);
CREATE INDEX media_sha256 ON media (sha256);
