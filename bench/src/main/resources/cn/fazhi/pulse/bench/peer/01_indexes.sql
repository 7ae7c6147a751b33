-- Built after the load (faster than maintaining them row by row during COPY).
-- Finds the standing version of an event id, and the retractions of a town's events.
CREATE INDEX peer_event_version ON peer_event (town_code, event_id, seq DESC);
CREATE INDEX peer_event_retraction ON peer_event (town_code, retracted_event_id) WHERE event_type = 'EventRetracted';
ANALYZE peer_event;
