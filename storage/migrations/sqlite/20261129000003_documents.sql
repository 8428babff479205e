-- An organization page's list of documents (§4.2): each entry shows an uploaded document of
-- the same unit. The organization publishes its list itself; a hidden entry leaves the list,
-- while its file, once published, stays reachable by its address.
-- Timestamps are milliseconds since the Unix epoch (UTC); ids are UUIDv7 text.

CREATE TABLE page_documents (
    id          TEXT PRIMARY KEY,
    unit_id     TEXT NOT NULL REFERENCES units (id),
    -- A document (never a photo) of the same unit; checked when written. The reference keeps
    -- a listed file from being deleted under its entry.
    media_id    TEXT NOT NULL REFERENCES media (id),
    title       TEXT NOT NULL,
    -- YYYY-MM-DD: the document's own date, a day rather than an instant.
    doc_date    TEXT,
    category    TEXT NOT NULL CHECK (category IN ('charter', 'decision', 'report', 'agreement', 'other')),
    -- Smaller first; entries of one position are ordered by date, newest first.
    position    INTEGER NOT NULL,
    published   BOOLEAN NOT NULL DEFAULT FALSE,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    -- The login (or token name) of whoever added it.
    created_by  TEXT NOT NULL
);
CREATE INDEX page_documents_unit ON page_documents (unit_id, position);
CREATE INDEX page_documents_media ON page_documents (media_id);
