-- Access requests (§3.2, §3.6–3.8): an organization's letter asking the site administrator to
-- connect a new user, replace one of its users by a new one, or disconnect one, and the
-- administrator's decision. Timestamps are milliseconds since the Unix epoch (UTC); ids are
-- UUIDv7 text, so they sort by creation time.

CREATE TABLE access_requests (
    id                  TEXT PRIMARY KEY,
    unit_id             TEXT NOT NULL REFERENCES units (id),
    kind                TEXT NOT NULL CHECK (kind IN ('connect', 'replace', 'disconnect')),
    state               TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'declined', 'withdrawn')),
    -- The new user (connect, replace): the phone as the cabinet writes it («+7 495 123-45-67»),
    -- the functions asked for a JSON array of permission codes.
    full_name           TEXT,
    position            TEXT,
    phone               TEXT,
    email               TEXT,
    functions           TEXT NOT NULL DEFAULT '[]',
    -- The user replaced or disconnected, and why (disconnect).
    user_id             TEXT REFERENCES users (id),
    reason              TEXT,
    note                TEXT,
    created_at          BIGINT NOT NULL,
    -- Who filed it, and who took it out of the queue (decided or withdrew): logins or token names.
    created_by          TEXT NOT NULL,
    decided_at          BIGINT,
    decided_by          TEXT,
    -- The administrator's reason to decline, shown to the organization.
    decline_reason      TEXT,
    -- The account an approval created (connect, replace).
    created_user_id     TEXT REFERENCES users (id),
    CHECK ((kind = 'disconnect') = (email IS NULL)),
    CHECK ((kind = 'connect') = (user_id IS NULL))
);
-- The administrator's queue, oldest first, by state; an organization's requests.
CREATE INDEX access_requests_state ON access_requests (state, id);
CREATE INDEX access_requests_unit ON access_requests (unit_id, id);

-- The permission to file them: the administrator's role keeps every permission, and the
-- organization's responsible user (the default «Редактор организации») files them.
UPDATE roles SET permissions = REPLACE(permissions, ']', ',"access.request"]')
WHERE permissions LIKE '["%]' AND permissions NOT LIKE '%"access.request"%'
  AND name IN ('Администратор сайта', 'Редактор организации');
