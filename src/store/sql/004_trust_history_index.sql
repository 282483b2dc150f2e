-- Kith schema step 4: an index that holds everything the nudge rules read
-- from the trust history (contact, day, order of recording, level), so that
-- loading every contact's history for the first screen reads the index
-- alone, in order, instead of looking each row up in the table.

CREATE INDEX trust_changes_history ON trust_changes (contact_id, changed_on, id, level);
DROP INDEX trust_changes_by_contact;
