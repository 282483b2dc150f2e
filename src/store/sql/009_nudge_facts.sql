-- Kith schema step 9: what the nudge rules read about each person, kept.
--
-- `nudge_facts` holds, per contact, everything the nudge rules read about
-- them (see `store/facts/`): the summary of their interactions, their
-- trust assessments, their latest intimate interactions, open follow-ups,
-- dates to remember and skips, encoded by Kith in one blob. It is derived
-- from the other tables and nothing else: a row that is missing, marked
-- stale or unreadable is computed from them instead, and `kith check`
-- compares every row with a computation from scratch.
--
-- The triggers below mark a contact stale in the same statement as any
-- change to what their facts are made of, whichever code made it; Kith
-- rewrites the stale rows before each write transaction commits (and when
-- it opens the database), so that reading every person's facts is one
-- pass over a narrow table instead of a million interactions. (They say
-- "unless marked already" with NOT EXISTS rather than INSERT OR IGNORE:
-- the conflict policy of the statement that fires a trigger overrides the
-- trigger's own, and a foreign key's ON DELETE SET NULL fires them with
-- ABORT.)

CREATE TABLE nudge_facts (
    contact_id INTEGER PRIMARY KEY REFERENCES contacts (id) ON DELETE CASCADE,
    facts      BLOB    NOT NULL
);

-- Contacts whose row above is out of date (or missing).
CREATE TABLE nudge_facts_stale (
    contact_id INTEGER PRIMARY KEY
);

CREATE TRIGGER nudge_facts_contact_insert AFTER INSERT ON contacts
BEGIN
    INSERT INTO nudge_facts_stale (contact_id) SELECT NEW.id
        WHERE NOT EXISTS (SELECT 1 FROM nudge_facts_stale WHERE contact_id = NEW.id);
END;
CREATE TRIGGER nudge_facts_contact_update AFTER UPDATE ON contacts
BEGIN
    INSERT INTO nudge_facts_stale (contact_id) SELECT NEW.id
        WHERE NOT EXISTS (SELECT 1 FROM nudge_facts_stale WHERE contact_id = NEW.id);
END;

CREATE TRIGGER nudge_facts_participant_insert AFTER INSERT ON participants
BEGIN
    INSERT INTO nudge_facts_stale (contact_id) SELECT NEW.contact_id
        WHERE NOT EXISTS (SELECT 1 FROM nudge_facts_stale WHERE contact_id = NEW.contact_id);
END;
CREATE TRIGGER nudge_facts_participant_update AFTER UPDATE ON participants
BEGIN
    INSERT INTO nudge_facts_stale (contact_id) SELECT OLD.contact_id
        WHERE NOT EXISTS (SELECT 1 FROM nudge_facts_stale WHERE contact_id = OLD.contact_id);
    INSERT INTO nudge_facts_stale (contact_id) SELECT NEW.contact_id
        WHERE NOT EXISTS (SELECT 1 FROM nudge_facts_stale WHERE contact_id = NEW.contact_id);
END;
CREATE TRIGGER nudge_facts_participant_delete AFTER DELETE ON participants
BEGIN
    INSERT INTO nudge_facts_stale (contact_id) SELECT OLD.contact_id
        WHERE NOT EXISTS (SELECT 1 FROM nudge_facts_stale WHERE contact_id = OLD.contact_id);
END;

-- An edited interaction changes the facts of everyone in it. (A new one
-- has no participants yet; a deleted one takes its participants with it,
-- and their trigger fires.)
CREATE TRIGGER nudge_facts_interaction_update AFTER UPDATE ON interactions
BEGIN
    INSERT INTO nudge_facts_stale (contact_id)
        SELECT contact_id FROM participants AS p WHERE p.interaction_id = NEW.id
        AND NOT EXISTS (SELECT 1 FROM nudge_facts_stale AS s WHERE s.contact_id = p.contact_id);
END;

CREATE TRIGGER nudge_facts_trust_insert AFTER INSERT ON trust_changes
BEGIN
    INSERT INTO nudge_facts_stale (contact_id) SELECT NEW.contact_id
        WHERE NOT EXISTS (SELECT 1 FROM nudge_facts_stale WHERE contact_id = NEW.contact_id);
END;
CREATE TRIGGER nudge_facts_trust_update AFTER UPDATE ON trust_changes
BEGIN
    INSERT INTO nudge_facts_stale (contact_id) SELECT OLD.contact_id
        WHERE NOT EXISTS (SELECT 1 FROM nudge_facts_stale WHERE contact_id = OLD.contact_id);
    INSERT INTO nudge_facts_stale (contact_id) SELECT NEW.contact_id
        WHERE NOT EXISTS (SELECT 1 FROM nudge_facts_stale WHERE contact_id = NEW.contact_id);
END;
CREATE TRIGGER nudge_facts_trust_delete AFTER DELETE ON trust_changes
BEGIN
    INSERT INTO nudge_facts_stale (contact_id) SELECT OLD.contact_id
        WHERE NOT EXISTS (SELECT 1 FROM nudge_facts_stale WHERE contact_id = OLD.contact_id);
END;

CREATE TRIGGER nudge_facts_follow_up_insert AFTER INSERT ON follow_ups
BEGIN
    INSERT INTO nudge_facts_stale (contact_id) SELECT NEW.contact_id
        WHERE NOT EXISTS (SELECT 1 FROM nudge_facts_stale WHERE contact_id = NEW.contact_id);
END;
CREATE TRIGGER nudge_facts_follow_up_update AFTER UPDATE ON follow_ups
BEGIN
    INSERT INTO nudge_facts_stale (contact_id) SELECT OLD.contact_id
        WHERE NOT EXISTS (SELECT 1 FROM nudge_facts_stale WHERE contact_id = OLD.contact_id);
    INSERT INTO nudge_facts_stale (contact_id) SELECT NEW.contact_id
        WHERE NOT EXISTS (SELECT 1 FROM nudge_facts_stale WHERE contact_id = NEW.contact_id);
END;
CREATE TRIGGER nudge_facts_follow_up_delete AFTER DELETE ON follow_ups
BEGIN
    INSERT INTO nudge_facts_stale (contact_id) SELECT OLD.contact_id
        WHERE NOT EXISTS (SELECT 1 FROM nudge_facts_stale WHERE contact_id = OLD.contact_id);
END;

CREATE TRIGGER nudge_facts_date_insert AFTER INSERT ON dates
BEGIN
    INSERT INTO nudge_facts_stale (contact_id) SELECT NEW.contact_id
        WHERE NOT EXISTS (SELECT 1 FROM nudge_facts_stale WHERE contact_id = NEW.contact_id);
END;
CREATE TRIGGER nudge_facts_date_update AFTER UPDATE ON dates
BEGIN
    INSERT INTO nudge_facts_stale (contact_id) SELECT OLD.contact_id
        WHERE NOT EXISTS (SELECT 1 FROM nudge_facts_stale WHERE contact_id = OLD.contact_id);
    INSERT INTO nudge_facts_stale (contact_id) SELECT NEW.contact_id
        WHERE NOT EXISTS (SELECT 1 FROM nudge_facts_stale WHERE contact_id = NEW.contact_id);
END;
CREATE TRIGGER nudge_facts_date_delete AFTER DELETE ON dates
BEGIN
    INSERT INTO nudge_facts_stale (contact_id) SELECT OLD.contact_id
        WHERE NOT EXISTS (SELECT 1 FROM nudge_facts_stale WHERE contact_id = OLD.contact_id);
END;

CREATE TRIGGER nudge_facts_skip_insert AFTER INSERT ON skips
BEGIN
    INSERT INTO nudge_facts_stale (contact_id) SELECT NEW.contact_id
        WHERE NOT EXISTS (SELECT 1 FROM nudge_facts_stale WHERE contact_id = NEW.contact_id);
END;
CREATE TRIGGER nudge_facts_skip_update AFTER UPDATE ON skips
BEGIN
    INSERT INTO nudge_facts_stale (contact_id) SELECT OLD.contact_id
        WHERE NOT EXISTS (SELECT 1 FROM nudge_facts_stale WHERE contact_id = OLD.contact_id);
    INSERT INTO nudge_facts_stale (contact_id) SELECT NEW.contact_id
        WHERE NOT EXISTS (SELECT 1 FROM nudge_facts_stale WHERE contact_id = NEW.contact_id);
END;
CREATE TRIGGER nudge_facts_skip_delete AFTER DELETE ON skips
BEGIN
    INSERT INTO nudge_facts_stale (contact_id) SELECT OLD.contact_id
        WHERE NOT EXISTS (SELECT 1 FROM nudge_facts_stale WHERE contact_id = OLD.contact_id);
END;

-- Everyone already here: their rows are written when Kith opens the
-- upgraded database.
INSERT INTO nudge_facts_stale (contact_id) SELECT id FROM contacts;
