-- The standing version of each event id is the one that arrived last (a correction replaces the
-- earlier version, a duplicate changes nothing); retracted events and the retractions themselves
-- are not live. The entity-step tables below read only these.
INSERT INTO peer_live
WITH standing AS (
    SELECT DISTINCT ON (town_code, event_id) *
    FROM peer_event
    WHERE ${towns}
    ORDER BY town_code, event_id, seq DESC
)
SELECT s.* FROM standing s
WHERE s.event_type <> 'EventRetracted'
  AND NOT EXISTS (SELECT 1 FROM standing r
                  WHERE r.event_type = 'EventRetracted' AND r.town_code = s.town_code AND r.retracted_event_id = s.event_id);
ANALYZE peer_live;
