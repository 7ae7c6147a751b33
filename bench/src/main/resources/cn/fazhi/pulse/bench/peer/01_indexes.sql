-- Built after the load (faster than maintaining them row by row during COPY).
-- Finds the standing version of an event id.
CREATE INDEX peer_event_version ON peer_event (town_code, event_id, seq DESC);
ANALYZE peer_event;
