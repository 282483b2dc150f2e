-- The summary of one contact's interactions (?1) before a moment (?2, in
-- seconds; the largest integer for all of them): what the contacts table
-- keeps in its summary columns (see 001_init.sql, 002_last_channel.sql and
-- 006_remember.sql), and what nudges for a day in the past are computed
-- from. Every sub-select walks the interactions_by_contact index for that
-- one contact.
SELECT
    (SELECT count(*) FROM interactions WHERE contact_id = ?1 AND occurred_at < ?2),
    (SELECT min(occurred_at) FROM interactions WHERE contact_id = ?1 AND occurred_at < ?2),
    (SELECT max(occurred_at) FROM interactions WHERE contact_id = ?1 AND occurred_at < ?2),
    (
        SELECT channel FROM interactions WHERE contact_id = ?1 AND occurred_at < ?2
        ORDER BY occurred_at DESC, id DESC LIMIT 1
    ),
    (
        SELECT min(occurred_at) FROM interactions
        WHERE contact_id = ?1 AND occurred_at < ?2 AND channel IN ('in-person', 'call', 'video')
    ),
    (SELECT sum(minutes) FROM interactions WHERE contact_id = ?1 AND occurred_at < ?2),
    -- The latest 32, newest first, two characters each: who initiated
    -- (m = me, t = them, u = mutual) and the tone (+, 0, -).
    ifnull((
        SELECT group_concat(code, '' ORDER BY occurred_at DESC, id DESC) FROM (
            SELECT id, occurred_at,
                   CASE initiated_by WHEN 'me' THEN 'm' WHEN 'them' THEN 't' ELSE 'u' END
                || CASE tone WHEN 'positive' THEN '+' WHEN 'negative' THEN '-' ELSE '0' END AS code
            FROM interactions
            WHERE contact_id = ?1 AND occurred_at < ?2
            ORDER BY occurred_at DESC, id DESC
            LIMIT 32
        )
    ), ''),
    -- The first line of the latest note, cut at 100 characters.
    ifnull((
        SELECT CASE WHEN length(line) > 100 THEN rtrim(substr(line, 1, 99)) || '…' ELSE line END
        FROM (
            SELECT rtrim(CASE WHEN instr(note, char(10)) > 0
                              THEN substr(note, 1, instr(note, char(10)) - 1)
                              ELSE note END, char(13, 9, 32)) AS line
            FROM (
                SELECT ltrim(note, char(10, 13, 9, 32)) AS note FROM interactions
                WHERE contact_id = ?1 AND occurred_at < ?2
                ORDER BY occurred_at DESC, id DESC LIMIT 1
            )
        )
    ), '')
