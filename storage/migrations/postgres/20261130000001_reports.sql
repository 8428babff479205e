-- Report forms (§7.2) and the reports organizations submit on them (§7.3).
-- Timestamps are milliseconds since the Unix epoch (UTC); ids are UUIDv7 text.

-- Every version of every form, as its plugin file was accepted. A version never changes: a
-- change is a new version, and a report stays pinned to the version it was made with.
CREATE TABLE forms (
    id               TEXT NOT NULL,
    version          BIGINT NOT NULL,
    title            TEXT NOT NULL,
    -- The slug the plugin names; the department is looked up by it when needed, so a plugin
    -- shipped before its department is created starts working once the department exists.
    department_slug  TEXT NOT NULL,
    -- The plugin file as accepted (JSON text) and its SHA-256, to tell a repeated upload of
    -- the same file from a different file under the same version.
    plugin           TEXT NOT NULL,
    sha256           TEXT NOT NULL,
    -- 'shipped' (plugins/forms at start) or 'uploaded' (through the API).
    source           TEXT NOT NULL CHECK (source IN ('shipped', 'uploaded')),
    defined_by       TEXT NOT NULL,
    created_at       BIGINT NOT NULL,
    PRIMARY KEY (id, version)
);

-- One organization's report on one form for one period.
CREATE TABLE reports (
    id              TEXT PRIMARY KEY,
    form_id         TEXT NOT NULL,
    form_version    BIGINT NOT NULL,
    -- The period's stable id: 2025, 2025S1, 2025Q3, 2025-07, once.
    period          TEXT NOT NULL,
    unit_id         TEXT NOT NULL REFERENCES units (id),
    state           TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'returned', 'accepted')),
    -- The data as the form engine left it (computed fields filled), JSON text.
    data            TEXT NOT NULL,
    -- The submitter's explanations of warnings, by rule id: JSON object text.
    explanations    TEXT NOT NULL DEFAULT '{}',
    -- Grows with every change: a save is written only over the revision it was based on.
    revision        BIGINT NOT NULL DEFAULT 1,
    -- Whether the first submission came after the due day.
    late            BOOLEAN NOT NULL DEFAULT FALSE,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    updated_by      TEXT NOT NULL,
    submitted_at    BIGINT,
    reviewed_at     BIGINT,
    -- The department's latest reason to return it, with field remarks (JSON array text).
    return_reason   TEXT,
    return_comments TEXT,
    UNIQUE (form_id, period, unit_id),
    FOREIGN KEY (form_id, form_version) REFERENCES forms (id, version)
);
CREATE INDEX reports_form_period ON reports (form_id, period, state);
CREATE INDEX reports_unit ON reports (unit_id, form_id, period);

-- Every move of a report, with the data as submitted, so that the reviewer sees what changed
-- between two submissions.
CREATE TABLE report_transitions (
    id           TEXT PRIMARY KEY,
    report_id    TEXT NOT NULL REFERENCES reports (id),
    at           BIGINT NOT NULL,
    actor_kind   TEXT NOT NULL,
    actor_id     TEXT,
    actor_label  TEXT NOT NULL,
    from_state   TEXT,
    to_state     TEXT NOT NULL,
    -- save, submit, accept, return.
    event        TEXT NOT NULL,
    reason       TEXT,
    -- JSON array of {field, message} for a return.
    comments     TEXT,
    -- The data as submitted, for a submit.
    data         TEXT
);
CREATE INDEX report_transitions_report ON report_transitions (report_id, id);

-- Typed values of submitted reports, written with each submission, so that aggregating never
-- re-parses reports: one row a report, its values packed as a JSON array of
-- [field, row, value] — the field's pointer template (/agreements/*/workers), the table row or
-- null, and the value as a JSON number, string or boolean. One row a report rather than one a
-- value keeps a period of 10 000 organizations to 10 000 rows to read.
CREATE TABLE report_facts (
    report_id  TEXT PRIMARY KEY REFERENCES reports (id),
    form_id    TEXT NOT NULL,
    period     TEXT NOT NULL,
    facts      TEXT NOT NULL
);
CREATE INDEX report_facts_form ON report_facts (form_id, period);

-- Organizations the department let off a period.
CREATE TABLE report_exemptions (
    form_id     TEXT NOT NULL,
    period      TEXT NOT NULL,
    unit_id     TEXT NOT NULL REFERENCES units (id),
    reason      TEXT NOT NULL,
    granted_by  TEXT NOT NULL,
    granted_at  BIGINT NOT NULL,
    PRIMARY KEY (form_id, period, unit_id)
);

-- Organizations the department gave more time after the lock day.
CREATE TABLE report_extensions (
    form_id     TEXT NOT NULL,
    period      TEXT NOT NULL,
    unit_id     TEXT NOT NULL REFERENCES units (id),
    until_at    BIGINT NOT NULL,
    granted_by  TEXT NOT NULL,
    granted_at  BIGINT NOT NULL,
    PRIMARY KEY (form_id, period, unit_id)
);
