-- The standing version of each event id: of its distinct contents, the one that first arrived
-- last. A correction (new content) replaces the earlier version; a duplicate (same content) changes
-- nothing and keeps its first arrival time; a late re-send of a version a correction already
-- replaced changes nothing either. Retracted events and the retractions themselves are not live.
INSERT INTO peer_standing
WITH first_arrival AS (
    SELECT DISTINCT ON (town_code, event_id, content) *
    FROM peer_event
    WHERE ${towns}
    ORDER BY town_code, event_id, content, seq
)
SELECT DISTINCT ON (town_code, event_id) *
FROM first_arrival
ORDER BY town_code, event_id, seq DESC;
ANALYZE peer_standing;

-- A retraction withdraws the event of its id in its own entity (it carries that entity's id).
INSERT INTO peer_live
SELECT s.* FROM peer_standing s
WHERE s.event_type <> 'EventRetracted' AND ${towns}
  AND NOT EXISTS (SELECT 1 FROM peer_standing r
                  WHERE r.event_type = 'EventRetracted' AND r.entity_key = s.entity_key AND r.retracted_event_id = s.event_id);

-- Of two live events of one step of one entity (two acceptances of one mediation under different
-- event ids), the one that occurred later stands; ties go to the greater event_id. A judgment's
-- step is its instance. Hearings repeat by nature and states change: those read peer_live.
INSERT INTO peer_step
SELECT DISTINCT ON (entity_key, event_type, instance) *
FROM peer_live
WHERE ${towns}
ORDER BY entity_key, event_type, instance, occurred_at DESC, event_id DESC;
ANALYZE peer_live, peer_step;
