-- Electronic appeals from the public to an organization (§4.2). They are personal data (152-FZ):
-- each row keeps the consent the sender gave, word for word, and is deleted after the retention
-- period. Timestamps are milliseconds since the Unix epoch (UTC); ids are UUIDv7 text.

CREATE TABLE appeals (
    id               TEXT PRIMARY KEY,
    unit_id          TEXT NOT NULL REFERENCES units (id),
    received_at      BIGINT NOT NULL,
    name             TEXT NOT NULL,
    email            TEXT NOT NULL,
    phone            TEXT,
    text             TEXT NOT NULL,
    -- The consent as the sender was shown it: its version and its very text.
    consent_version  TEXT NOT NULL,
    consent_text     TEXT NOT NULL,
    -- The sender's address: what the per-address limit counts, across every instance.
    ip               TEXT,
    status           TEXT NOT NULL CHECK (status IN ('new', 'answered')),
    answered_at      BIGINT,
    -- The login (or token name) of who marked it answered.
    answered_by      TEXT,
    note             TEXT,
    -- Whether a letter went to the organization's address; false when its profile has none.
    mailed           BOOLEAN NOT NULL
);
-- The per-address limit counts recent appeals from one address.
CREATE INDEX appeals_ip ON appeals (ip, received_at);
-- An organization's appeals, newest first; and the purge of old ones.
CREATE INDEX appeals_unit ON appeals (unit_id, received_at);
CREATE INDEX appeals_received ON appeals (received_at);
