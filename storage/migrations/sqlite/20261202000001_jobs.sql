-- Work that happens later (§2.4, §2.7: the service runs around the clock and keeps its data):
-- background jobs, the e-mail outbox, recurring schedules, reminders sent, and the notice of
-- planned maintenance. A row is written in the transaction that causes the work, and any
-- instance may claim it. Timestamps are milliseconds since the Unix epoch (UTC).

CREATE TABLE jobs (
    id              TEXT PRIMARY KEY,
    kind            TEXT NOT NULL,
    payload         TEXT NOT NULL DEFAULT '{}',
    state           TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
    run_at          INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    max_attempts    INTEGER NOT NULL,
    -- The instance that claimed it and until when; past `locked_until` another may take it over.
    locked_by       TEXT,
    locked_until    INTEGER,
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    finished_at     INTEGER
);
CREATE INDEX jobs_due ON jobs (state, run_at);

-- Every letter, written with the change that causes it and sent by the job runner. The SMTP
-- server's answer is kept: a letter it accepted is never sent again. The body of a letter that
-- carries a password or a link is erased once it is sent.
CREATE TABLE outbox (
    id              TEXT PRIMARY KEY,
    kind            TEXT NOT NULL,
    recipient       TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    -- What the letter is about (`appeal`, `user`…), to tell it when the letter cannot be sent.
    about_kind      TEXT,
    about_id        TEXT,
    state           TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed')),
    created_at      INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    locked_by       TEXT,
    locked_until    INTEGER,
    last_error      TEXT,
    smtp_reply      TEXT,
    sent_at         INTEGER
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);

-- Recurring jobs: the instance that moves `next_run` forward enqueues the run, once for all.
CREATE TABLE schedules (
    name            TEXT PRIMARY KEY,
    next_run        INTEGER NOT NULL,
    last_run        INTEGER,
    last_instance   TEXT
);

-- Reminders sent, one row per occasion («report X for period P is due in 3 days» for one
-- organization): the key makes a second send impossible, whichever instance tries.
CREATE TABLE reminders (
    kind            TEXT NOT NULL,
    unit_id         TEXT NOT NULL REFERENCES units (id) ON DELETE CASCADE,
    occasion        TEXT NOT NULL,
    sent_at         INTEGER NOT NULL,
    letters         INTEGER NOT NULL,
    -- What the dashboard shows of it: the letter's subject and the page to act on.
    subject         TEXT NOT NULL,
    path            TEXT NOT NULL,
    PRIMARY KEY (kind, unit_id, occasion)
);

-- Planned maintenance the administrator announces (§2.7): every page shows it from
-- `announce_from` until `ends_at`.
CREATE TABLE maintenance (
    id              TEXT PRIMARY KEY,
    starts_at       INTEGER NOT NULL,
    ends_at         INTEGER NOT NULL,
    announce_from   INTEGER NOT NULL,
    note            TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    created_by      TEXT NOT NULL,
    cancelled_at    INTEGER
);

-- The administrator's role holds every permission, the new one too.
UPDATE roles SET permissions = json_insert(permissions, '$[#]', 'service.operate')
WHERE name = 'Администратор сайта' AND permissions NOT LIKE '%"service.operate"%';
