-- Kith schema, version 2: where an imported person came from.
--
-- The UID of the vCard (or the uid column of a CSV row) a contact was
-- imported from, so that importing the same file again updates that
-- person instead of adding them twice. vCard UIDs are arbitrary strings
-- (not always UUIDs), so this is kept apart from the contact's own uuid.
ALTER TABLE contacts ADD COLUMN import_uid TEXT;

CREATE INDEX contacts_by_import_uid ON contacts (import_uid) WHERE import_uid IS NOT NULL;
