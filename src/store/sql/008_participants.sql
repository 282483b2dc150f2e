-- Kith schema step 8: group interactions.
--
-- An interaction can be with several people at once (a dinner with four
-- friends is one entry): who it was with moves out of the interactions
-- table into `participants`, one row per person. Who reached out stays in
-- `interactions.initiated_by` ('me', 'them' or 'mutual'); with 'them', the
-- participant row marked `initiated` says which of them. An interaction
-- whose initiator was deleted keeps 'them' with no one marked, which reads
-- as 'mutual': neither side's turn, for everyone still in it.
--
-- The interaction's time is copied into each participant row, so that a
-- person's timeline, summary and latest interaction walk one index of
-- their own (participants_by_contact), as they walked interactions_by_contact
-- before; the store writes both in the same statement group.
--
-- The migration runs with foreign keys off (see migrations.rs): dropping
-- the old interactions table must not touch the follow-ups that refer to
-- interactions (ON DELETE SET NULL), and `PRAGMA foreign_key_check` runs
-- after it.

CREATE TABLE interactions_new (
    id           INTEGER PRIMARY KEY,
    uuid         TEXT    NOT NULL UNIQUE,
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

CREATE TABLE participants (
    interaction_id INTEGER NOT NULL REFERENCES interactions (id) ON DELETE CASCADE,
    contact_id     INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    occurred_at    INTEGER NOT NULL, -- the interaction's, copied
    initiated      INTEGER NOT NULL DEFAULT 0 CHECK (initiated IN (0, 1)),
    PRIMARY KEY (interaction_id, contact_id)
) WITHOUT ROWID;

INSERT INTO interactions_new (id, uuid, occurred_at, channel, initiated_by, tone, depth,
                              minutes, note, created_at)
    SELECT id, uuid, occurred_at, channel, initiated_by, tone, depth, minutes, note, created_at
    FROM interactions;

-- A person's timeline, newest first, and their latest interaction. Made
-- before the rows arrive, so it grows with them: made after, it would sort
-- every row at once, in memory (temp_store) or in a temporary file that
-- SQLCipher does not encrypt.
CREATE INDEX participants_by_contact ON participants (contact_id, occurred_at);

INSERT INTO participants (interaction_id, contact_id, occurred_at, initiated)
    SELECT id, contact_id, occurred_at, initiated_by = 'them' FROM interactions
    ORDER BY id;

DROP TABLE interactions;
ALTER TABLE interactions_new RENAME TO interactions;

-- Recent intimate disclosure, for the too-fast rule.
CREATE INDEX interactions_intimate ON interactions (occurred_at) WHERE depth = 'intimate';
-- At most one participant reached out.
CREATE UNIQUE INDEX participants_initiator ON participants (interaction_id) WHERE initiated = 1;

-- The interaction's time, kept in its participant rows whatever writes it.
CREATE TRIGGER interactions_moved AFTER UPDATE OF occurred_at ON interactions
BEGIN UPDATE participants SET occurred_at = NEW.occurred_at WHERE interaction_id = NEW.id; END;

CREATE TRIGGER interactions_changed_insert AFTER INSERT ON interactions
BEGIN UPDATE change_counter SET changes = changes + 1; END;
CREATE TRIGGER interactions_changed_update AFTER UPDATE ON interactions
BEGIN UPDATE change_counter SET changes = changes + 1; END;
CREATE TRIGGER interactions_changed_delete AFTER DELETE ON interactions
BEGIN UPDATE change_counter SET changes = changes + 1; END;

CREATE TRIGGER participants_changed_insert AFTER INSERT ON participants
BEGIN UPDATE change_counter SET changes = changes + 1; END;
CREATE TRIGGER participants_changed_update AFTER UPDATE ON participants
BEGIN UPDATE change_counter SET changes = changes + 1; END;
CREATE TRIGGER participants_changed_delete AFTER DELETE ON participants
BEGIN UPDATE change_counter SET changes = changes + 1; END;
