-- Kith schema, version 1.
--
-- Times are local wall-clock seconds since 1970-01-01 00:00 (the time a
-- person typed, whatever the time zone), stored as INTEGER; dates are TEXT
-- 'YYYY-MM-DD'. Every record has an integer key for joins and a UUID that
-- stays the same across exports, imports and copies.

PRAGMA application_id = 1265202280; -- 0x4B697468, "Kith"

CREATE TABLE contacts (
    id            INTEGER PRIMARY KEY,
    uuid          TEXT    NOT NULL UNIQUE,
    name          TEXT    NOT NULL CHECK (length(trim(name)) > 0),
    nickname      TEXT,
    birthday      TEXT,   -- 'YYYY-MM-DD', or '--MM-DD' without a year
    organisation  TEXT,
    circle        TEXT    NOT NULL DEFAULT 'personal'
                          CHECK (circle IN ('personal', 'professional', 'both')),
    met_via       TEXT    CHECK (met_via IN ('in-person', 'event', 'work', 'introduction',
                                             'social-media', 'online-community', 'other')),
    met_where     TEXT,
    met_on        TEXT,
    -- The level of the latest trust change, kept here for lists and nudges.
    trust         INTEGER NOT NULL DEFAULT 1 CHECK (trust BETWEEN 1 AND 5),
    cadence_days  INTEGER CHECK (cadence_days BETWEEN 0 AND 3650),
    notes         TEXT    NOT NULL DEFAULT '',
    archived      INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,

    -- A summary of the contact's interactions, rewritten in the same
    -- transaction as every change to them, so that lists and nudges never
    -- scan the interactions table.
    interaction_count    INTEGER NOT NULL DEFAULT 0,
    first_interaction_at INTEGER,
    last_interaction_at  INTEGER,
    first_live_at        INTEGER, -- first in-person, call or video
    total_minutes        INTEGER, -- NULL when no interaction has a duration
    -- The latest 32 interactions, newest first, two characters each: who
    -- initiated (m = me, t = them, u = mutual) and the tone (+, 0, -).
    recent               TEXT    NOT NULL DEFAULT '',
    -- Bumped by every change to the contact's interactions or trust: a
    -- dismissed nudge stays dismissed while this is unchanged.
    evidence             INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX contacts_by_name ON contacts (name COLLATE NOCASE);

CREATE TABLE contact_emails (
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    label      TEXT,
    value      TEXT    NOT NULL,
    PRIMARY KEY (contact_id, position)
) WITHOUT ROWID;

CREATE INDEX contact_emails_by_value ON contact_emails (value COLLATE NOCASE);

CREATE TABLE contact_phones (
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    label      TEXT,
    value      TEXT    NOT NULL,
    PRIMARY KEY (contact_id, position)
) WITHOUT ROWID;

CREATE TABLE contact_tags (
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    tag        TEXT    NOT NULL,
    PRIMARY KEY (contact_id, position)
) WITHOUT ROWID;

CREATE INDEX contact_tags_by_tag ON contact_tags (tag COLLATE NOCASE);

CREATE TABLE interactions (
    id           INTEGER PRIMARY KEY,
    uuid         TEXT    NOT NULL UNIQUE,
    contact_id   INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    occurred_at  INTEGER NOT NULL,
    channel      TEXT    NOT NULL CHECK (channel IN ('in-person', 'call', 'video', 'message',
                                                     'email', 'social', 'letter', 'other')),
    initiated_by TEXT    NOT NULL CHECK (initiated_by IN ('me', 'them', 'mutual')),
    tone         TEXT    NOT NULL CHECK (tone IN ('positive', 'neutral', 'negative')),
    depth        TEXT    NOT NULL CHECK (depth IN ('small-talk', 'personal', 'intimate')),
    minutes      INTEGER CHECK (minutes BETWEEN 0 AND 10080),
    note         TEXT    NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL
);

-- A contact's timeline, newest first, and their latest interaction.
CREATE INDEX interactions_by_contact ON interactions (contact_id, occurred_at);
-- Recent intimate disclosure, for the too-fast rule.
CREATE INDEX interactions_intimate ON interactions (occurred_at) WHERE depth = 'intimate';

CREATE TABLE trust_changes (
    id         INTEGER PRIMARY KEY,
    uuid       TEXT    NOT NULL UNIQUE,
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    level      INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    changed_on TEXT    NOT NULL,
    reason     TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);

CREATE INDEX trust_changes_by_contact ON trust_changes (contact_id, changed_on);

-- A snooze or dismissal of one (contact, kind); contact_id is NULL for
-- nudges about no one contact (over capacity).
CREATE TABLE nudge_states (
    id                    INTEGER PRIMARY KEY,
    contact_id            INTEGER REFERENCES contacts (id) ON DELETE CASCADE,
    kind                  TEXT    NOT NULL CHECK (kind IN ('neglect', 'unanswered', 'too_fast',
                                                           'souring', 'one_sided', 'over_capacity')),
    snoozed_until         TEXT,
    dismissed_at_evidence INTEGER
);

CREATE UNIQUE INDEX nudge_states_by_key ON nudge_states (ifnull(contact_id, 0), kind);

-- Nudge thresholds the person changed; a missing key has its default.
CREATE TABLE settings (
    key   TEXT    PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;
