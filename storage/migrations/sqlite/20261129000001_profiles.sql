-- An organization's reference info (§6.2) and when it was last confirmed as current (§6.3).
-- The profile is kept as the JSON of its form (core's ProfileInput) and parsed back on every
-- read, so a stored value always passes the same rules as a typed one. One row per
-- organization, made on its first save. Timestamps: milliseconds since the Unix epoch.
CREATE TABLE profiles (
    unit_id          TEXT PRIMARY KEY REFERENCES units (id),
    data             TEXT NOT NULL,
    -- NULL until the first save that changed something.
    updated_at       INTEGER,
    confirmed_at     INTEGER,
    -- Who confirmed: the user's or token's id, and its login or name as the audit log writes it.
    confirmed_by_id  TEXT,
    confirmed_by     TEXT,
    CHECK ((confirmed_at IS NULL) = (confirmed_by IS NULL))
);

-- The change history shown to the organization: who changed which fields, from what, to what.
-- Rows are only ever added; a save that changes nothing adds none.
CREATE TABLE profile_changes (
    id           TEXT PRIMARY KEY,
    unit_id      TEXT NOT NULL REFERENCES units (id),
    at           INTEGER NOT NULL,
    actor_kind   TEXT NOT NULL,
    actor_id     TEXT,
    actor_label  TEXT NOT NULL,
    -- JSON array of {"field", "old", "new"} (core's FieldChange), in the form's order.
    changes      TEXT NOT NULL
);
CREATE INDEX profile_changes_by_unit ON profile_changes (unit_id, at);
