-- The summary of one contact's interactions (?1) before a moment (?2, in
-- seconds; the largest integer for all of them): what the contacts table
-- keeps in its summary columns (see 001_init.sql, 002_last_channel.sql and
-- 006_remember.sql), and what nudges for a day in the past are computed
-- from. Every sub-select walks the participants_by_contact index for that
-- one contact (a group interaction counts for each of its participants),
-- and looks the interaction itself up by its key where it needs more than
-- the time.
SELECT
    (SELECT count(*) FROM participants WHERE contact_id = ?1 AND occurred_at < ?2),
    (SELECT min(occurred_at) FROM participants WHERE contact_id = ?1 AND occurred_at < ?2),
    (SELECT max(occurred_at) FROM participants WHERE contact_id = ?1 AND occurred_at < ?2),
    (
        SELECT i.channel FROM participants AS p JOIN interactions AS i ON i.id = p.interaction_id
        WHERE p.contact_id = ?1 AND p.occurred_at < ?2
        ORDER BY p.occurred_at DESC, p.interaction_id DESC LIMIT 1
    ),
    (
        SELECT min(p.occurred_at) FROM participants AS p
        JOIN interactions AS i ON i.id = p.interaction_id
        WHERE p.contact_id = ?1 AND p.occurred_at < ?2
          AND i.channel IN ('in-person', 'call', 'video')
    ),
    (
        SELECT sum(i.minutes) FROM participants AS p
        JOIN interactions AS i ON i.id = p.interaction_id
        WHERE p.contact_id = ?1 AND p.occurred_at < ?2
    ),
    -- The latest 32, newest first, two characters each: who initiated
    -- (m = me, t = them, u = mutual) and the tone (+, 0, -). "Them" is
    -- this contact only if they are the participant who reached out; for
    -- the others in a group it is neither side's turn (mutual).
    ifnull((
        SELECT group_concat(code, '' ORDER BY occurred_at DESC, id DESC) FROM (
            SELECT p.interaction_id AS id, p.occurred_at AS occurred_at,
                   CASE i.initiated_by
                       WHEN 'me' THEN 'm'
                       WHEN 'them' THEN CASE p.initiated WHEN 1 THEN 't' ELSE 'u' END
                       ELSE 'u' END
                || CASE i.tone WHEN 'positive' THEN '+' WHEN 'negative' THEN '-' ELSE '0' END
                   AS code
            FROM participants AS p JOIN interactions AS i ON i.id = p.interaction_id
            WHERE p.contact_id = ?1 AND p.occurred_at < ?2
            ORDER BY p.occurred_at DESC, p.interaction_id DESC
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
                SELECT ltrim(i.note, char(10, 13, 9, 32)) AS note
                FROM participants AS p JOIN interactions AS i ON i.id = p.interaction_id
                WHERE p.contact_id = ?1 AND p.occurred_at < ?2
                ORDER BY p.occurred_at DESC, p.interaction_id DESC LIMIT 1
            )
        )
    ), '')
