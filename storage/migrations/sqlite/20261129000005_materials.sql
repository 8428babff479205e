-- Information materials the central committee sends to organizations (§2.3), and one receipt
-- per recipient organization. Timestamps are milliseconds since the Unix epoch (UTC); ids are
-- UUIDv7 text.

CREATE TABLE materials (
    id             TEXT PRIMARY KEY,
    title          TEXT NOT NULL,
    -- Markdown source.
    body           TEXT NOT NULL,
    -- JSON: [{"url", "label"}].
    links          TEXT NOT NULL,
    -- JSON: [{"id", "name"}], documents of the central committee as named when sent.
    attachments    TEXT NOT NULL,
    -- JSON: {"kind": "all" | "region" | "organizations", …}, as the sender chose it.
    audience       TEXT NOT NULL,
    sent_at        INTEGER NOT NULL,
    -- A user, or NULL for a machine client; the label names either.
    sent_by_id     TEXT,
    sent_by_label  TEXT NOT NULL
);

-- The recipients, resolved once when the material is sent: organizations created later do not
-- receive it. The first opening by anyone of the organization is kept.
CREATE TABLE material_receipts (
    material_id   TEXT NOT NULL REFERENCES materials (id),
    unit_id       TEXT NOT NULL REFERENCES units (id),
    opened_at     INTEGER,
    opened_by_id  TEXT,
    opened_by     TEXT,
    PRIMARY KEY (material_id, unit_id)
);
-- An organization's inbox, newest first.
CREATE INDEX material_receipts_inbox ON material_receipts (unit_id, material_id);

-- Roles seeded before `materials.read` existed: the administrator's role keeps every permission,
-- and the roles of organization staff (reference info, reports) read their materials. The stored
-- form is a JSON array of codes; their order does not matter.
UPDATE roles SET permissions = REPLACE(permissions, ']', ',"materials.read"]')
WHERE permissions LIKE '["%]' AND permissions NOT LIKE '%"materials.read"%'
  AND (name = 'Администратор сайта' OR permissions LIKE '%"profile.edit"%' OR permissions LIKE '%"reports.fill"%');
