-- Kith schema step 2: the
-- channel of each contact's latest interaction, kept with the other summary
-- columns (see refresh_summary.sql), so that an unanswered nudge can say how
-- they reached out without a look-up per contact.

ALTER TABLE contacts ADD COLUMN last_channel TEXT; -- NULL when there is no interaction

UPDATE contacts SET last_channel = (
    SELECT channel FROM interactions WHERE contact_id = contacts.id
    ORDER BY occurred_at DESC, id DESC LIMIT 1
);
