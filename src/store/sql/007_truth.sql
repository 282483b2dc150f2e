-- Kith schema step 7: nudges that tell the truth.
--
-- 1. The handshake someone added without a level gets is a default, not an
--    assessment: a trust change says which it is, and the nudge rules read
--    only assessments (the first level you set is a starting point, never a
--    rise). Earlier versions wrote the default as a handshake "first
--    assessment", the earliest change of its contact: those are marked.
-- 2. "Skip this time" on a neglect nudge restarts that person's cadence
--    clock without an interaction; each skip is kept, for their page and to
--    offer a longer cadence after several in a row.

ALTER TABLE trust_changes ADD COLUMN assessed INTEGER NOT NULL DEFAULT 1
    CHECK (assessed IN (0, 1));

UPDATE trust_changes SET assessed = 0
WHERE level = 1
  AND reason = 'first assessment'
  AND id = (SELECT min(first.id) FROM trust_changes AS first
            WHERE first.contact_id = trust_changes.contact_id);

-- The index the nudge rules read the history from, now of assessments.
DROP INDEX trust_changes_history;
CREATE INDEX trust_changes_history ON trust_changes (contact_id, changed_on, id, level)
    WHERE assessed = 1;
CREATE INDEX trust_changes_by_contact ON trust_changes (contact_id, changed_on, id);

CREATE TABLE skips (
    id         INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    skipped_on TEXT    NOT NULL, -- 'YYYY-MM-DD'
    created_at INTEGER NOT NULL
);

CREATE INDEX skips_by_contact ON skips (contact_id, skipped_on);

CREATE TRIGGER skips_changed_insert AFTER INSERT ON skips
BEGIN UPDATE change_counter SET changes = changes + 1; END;
CREATE TRIGGER skips_changed_update AFTER UPDATE ON skips
BEGIN UPDATE change_counter SET changes = changes + 1; END;
CREATE TRIGGER skips_changed_delete AFTER DELETE ON skips
BEGIN UPDATE change_counter SET changes = changes + 1; END;
