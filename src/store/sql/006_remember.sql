-- Kith schema step 6: remembering what matters.
--
-- Follow-ups (what you meant to do or ask, maybe by a day), dates to
-- remember (yearly days that matter to someone), the first line of the
-- latest interaction's note kept in each contact's summary (so a nudge can
-- carry it without reading the interactions), and the two nudge kinds that
-- come with them.

CREATE TABLE follow_ups (
    id         INTEGER PRIMARY KEY,
    uuid       TEXT    NOT NULL UNIQUE,
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    what       TEXT    NOT NULL CHECK (length(trim(what)) BETWEEN 1 AND 500),
    due        TEXT,   -- 'YYYY-MM-DD'
    -- The interaction it was noted in, and the day it was noted (that
    -- interaction's day, else the day it was added).
    noted_in   INTEGER REFERENCES interactions (id) ON DELETE SET NULL,
    noted_on   TEXT    NOT NULL,
    done_at    INTEGER,
    -- The interaction it was ticked off with, if any.
    done_with  INTEGER REFERENCES interactions (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
);

-- A person's follow-ups, open ones first (done_at IS NULL sorts first).
CREATE INDEX follow_ups_by_contact ON follow_ups (contact_id, done_at, due);
-- Every open follow-up, for the nudges and `kith followup list`.
CREATE INDEX follow_ups_open ON follow_ups (contact_id, due) WHERE done_at IS NULL;
CREATE INDEX follow_ups_by_noted_in ON follow_ups (noted_in) WHERE noted_in IS NOT NULL;
CREATE INDEX follow_ups_by_done_with ON follow_ups (done_with) WHERE done_with IS NOT NULL;

CREATE TABLE dates (
    id         INTEGER PRIMARY KEY,
    uuid       TEXT    NOT NULL UNIQUE,
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    label      TEXT    NOT NULL CHECK (length(trim(label)) BETWEEN 1 AND 100),
    month      INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    day        INTEGER NOT NULL CHECK (day BETWEEN 1 AND 31),
    year       INTEGER,
    created_at INTEGER NOT NULL
);

CREATE INDEX dates_by_contact ON dates (contact_id, month, day);

CREATE TRIGGER follow_ups_changed_insert AFTER INSERT ON follow_ups
BEGIN UPDATE change_counter SET changes = changes + 1; END;
CREATE TRIGGER follow_ups_changed_update AFTER UPDATE ON follow_ups
BEGIN UPDATE change_counter SET changes = changes + 1; END;
CREATE TRIGGER follow_ups_changed_delete AFTER DELETE ON follow_ups
BEGIN UPDATE change_counter SET changes = changes + 1; END;

CREATE TRIGGER dates_changed_insert AFTER INSERT ON dates
BEGIN UPDATE change_counter SET changes = changes + 1; END;
CREATE TRIGGER dates_changed_update AFTER UPDATE ON dates
BEGIN UPDATE change_counter SET changes = changes + 1; END;
CREATE TRIGGER dates_changed_delete AFTER DELETE ON dates
BEGIN UPDATE change_counter SET changes = changes + 1; END;

-- The first line of the latest interaction's note, cut at 100 characters
-- (see summary.sql, which keeps it up to date).
ALTER TABLE contacts ADD COLUMN last_note TEXT NOT NULL DEFAULT '';

UPDATE contacts SET last_note = ifnull((
    SELECT CASE WHEN length(line) > 100 THEN rtrim(substr(line, 1, 99)) || '…' ELSE line END
    FROM (
        SELECT rtrim(CASE WHEN instr(note, char(10)) > 0
                          THEN substr(note, 1, instr(note, char(10)) - 1)
                          ELSE note END, char(13, 9, 32)) AS line
        FROM (
            SELECT ltrim(note, char(10, 13, 9, 32)) AS note FROM interactions
            WHERE contact_id = contacts.id
            ORDER BY occurred_at DESC, id DESC LIMIT 1
        )
    )
), '')
WHERE interaction_count > 0;

-- The nudge kinds are checked by the table; SQLite cannot change a CHECK in
-- place, so the table is made anew with the two new kinds and filled from
-- the old one.
CREATE TABLE nudge_states_new (
    id                    INTEGER PRIMARY KEY,
    contact_id            INTEGER REFERENCES contacts (id) ON DELETE CASCADE,
    kind                  TEXT    NOT NULL CHECK (kind IN ('neglect', 'unanswered', 'too_fast',
                                                           'souring', 'one_sided', 'over_capacity',
                                                           'follow_up', 'date')),
    snoozed_until         TEXT,
    dismissed_at_evidence INTEGER
);

INSERT INTO nudge_states_new (id, contact_id, kind, snoozed_until, dismissed_at_evidence)
    SELECT id, contact_id, kind, snoozed_until, dismissed_at_evidence FROM nudge_states;

DROP TABLE nudge_states;
ALTER TABLE nudge_states_new RENAME TO nudge_states;

CREATE UNIQUE INDEX nudge_states_by_key ON nudge_states (ifnull(contact_id, 0), kind);

CREATE TRIGGER nudge_states_changed_insert AFTER INSERT ON nudge_states
BEGIN UPDATE change_counter SET changes = changes + 1; END;
CREATE TRIGGER nudge_states_changed_update AFTER UPDATE ON nudge_states
BEGIN UPDATE change_counter SET changes = changes + 1; END;
CREATE TRIGGER nudge_states_changed_delete AFTER DELETE ON nudge_states
BEGIN UPDATE change_counter SET changes = changes + 1; END;
