-- A counter of every change to the data, for automatic backups: a backup
-- is only taken when the counter differs from the one inside the newest
-- backup (the counter is copied into every backup with the rest of the
-- file). Triggers keep it, so that no write path can forget to. They
-- cost little per change, but make bulk inserts (kith demo, imports)
-- about 20% slower, because every statement that fires a trigger keeps a
-- statement journal (in memory: the store sets temp_store = MEMORY).
--
-- Every table that holds the person's data needs its three triggers here
-- (tests/backup.rs checks that every table has them).

CREATE TABLE change_counter (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    changes INTEGER NOT NULL
);

INSERT INTO change_counter (id, changes) VALUES (1, 0);

CREATE TRIGGER contacts_changed_insert AFTER INSERT ON contacts
BEGIN UPDATE change_counter SET changes = changes + 1; END;
CREATE TRIGGER contacts_changed_update AFTER UPDATE ON contacts
BEGIN UPDATE change_counter SET changes = changes + 1; END;
CREATE TRIGGER contacts_changed_delete AFTER DELETE ON contacts
BEGIN UPDATE change_counter SET changes = changes + 1; END;

CREATE TRIGGER contact_emails_changed_insert AFTER INSERT ON contact_emails
BEGIN UPDATE change_counter SET changes = changes + 1; END;
CREATE TRIGGER contact_emails_changed_update AFTER UPDATE ON contact_emails
BEGIN UPDATE change_counter SET changes = changes + 1; END;
CREATE TRIGGER contact_emails_changed_delete AFTER DELETE ON contact_emails
BEGIN UPDATE change_counter SET changes = changes + 1; END;

CREATE TRIGGER contact_phones_changed_insert AFTER INSERT ON contact_phones
BEGIN UPDATE change_counter SET changes = changes + 1; END;
CREATE TRIGGER contact_phones_changed_update AFTER UPDATE ON contact_phones
BEGIN UPDATE change_counter SET changes = changes + 1; END;
CREATE TRIGGER contact_phones_changed_delete AFTER DELETE ON contact_phones
BEGIN UPDATE change_counter SET changes = changes + 1; END;

CREATE TRIGGER contact_tags_changed_insert AFTER INSERT ON contact_tags
BEGIN UPDATE change_counter SET changes = changes + 1; END;
CREATE TRIGGER contact_tags_changed_update AFTER UPDATE ON contact_tags
BEGIN UPDATE change_counter SET changes = changes + 1; END;
CREATE TRIGGER contact_tags_changed_delete AFTER DELETE ON contact_tags
BEGIN UPDATE change_counter SET changes = changes + 1; END;

CREATE TRIGGER interactions_changed_insert AFTER INSERT ON interactions
BEGIN UPDATE change_counter SET changes = changes + 1; END;
CREATE TRIGGER interactions_changed_update AFTER UPDATE ON interactions
BEGIN UPDATE change_counter SET changes = changes + 1; END;
CREATE TRIGGER interactions_changed_delete AFTER DELETE ON interactions
BEGIN UPDATE change_counter SET changes = changes + 1; END;

CREATE TRIGGER trust_changes_changed_insert AFTER INSERT ON trust_changes
BEGIN UPDATE change_counter SET changes = changes + 1; END;
CREATE TRIGGER trust_changes_changed_update AFTER UPDATE ON trust_changes
BEGIN UPDATE change_counter SET changes = changes + 1; END;
CREATE TRIGGER trust_changes_changed_delete AFTER DELETE ON trust_changes
BEGIN UPDATE change_counter SET changes = changes + 1; END;

CREATE TRIGGER nudge_states_changed_insert AFTER INSERT ON nudge_states
BEGIN UPDATE change_counter SET changes = changes + 1; END;
CREATE TRIGGER nudge_states_changed_update AFTER UPDATE ON nudge_states
BEGIN UPDATE change_counter SET changes = changes + 1; END;
CREATE TRIGGER nudge_states_changed_delete AFTER DELETE ON nudge_states
BEGIN UPDATE change_counter SET changes = changes + 1; END;

CREATE TRIGGER settings_changed_insert AFTER INSERT ON settings
BEGIN UPDATE change_counter SET changes = changes + 1; END;
CREATE TRIGGER settings_changed_update AFTER UPDATE ON settings
BEGIN UPDATE change_counter SET changes = changes + 1; END;
CREATE TRIGGER settings_changed_delete AFTER DELETE ON settings
BEGIN UPDATE change_counter SET changes = changes + 1; END;
