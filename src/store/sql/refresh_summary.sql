-- Recomputes the interaction summary columns of contacts from their
-- interactions (see 001_init.sql, 002_last_channel.sql and 006_remember.sql). Every
-- sub-select walks the interactions_by_contact index for one contact only.
UPDATE contacts SET
    interaction_count = (SELECT count(*) FROM interactions WHERE contact_id = contacts.id),
    first_interaction_at = (SELECT min(occurred_at) FROM interactions WHERE contact_id = contacts.id),
    last_interaction_at = (SELECT max(occurred_at) FROM interactions WHERE contact_id = contacts.id),
    last_channel = (
        SELECT channel FROM interactions WHERE contact_id = contacts.id
        ORDER BY occurred_at DESC, id DESC LIMIT 1
    ),
    first_live_at = (
        SELECT min(occurred_at) FROM interactions
        WHERE contact_id = contacts.id AND channel IN ('in-person', 'call', 'video')
    ),
    total_minutes = (SELECT sum(minutes) FROM interactions WHERE contact_id = contacts.id),
    recent = ifnull((
        SELECT group_concat(code, '' ORDER BY occurred_at DESC, id DESC) FROM (
            SELECT id, occurred_at,
                   CASE initiated_by WHEN 'me' THEN 'm' WHEN 'them' THEN 't' ELSE 'u' END
                || CASE tone WHEN 'positive' THEN '+' WHEN 'negative' THEN '-' ELSE '0' END AS code
            FROM interactions
            WHERE contact_id = contacts.id
            ORDER BY occurred_at DESC, id DESC
            LIMIT 32
        )
    ), ''),
    last_note = ifnull((
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
    ), ''),
    evidence = evidence + 1
