-- Data quality (数据质量), flow by the month of arrival (the row's arrived_at, as the pipeline
-- counts by the time the event reached the broker).
-- dq.late: live events that arrived more than 30 days (720 hours: no calendar arithmetic) after
-- they occurred; a duplicate keeps its first arrival, a correction arrives anew.
INSERT INTO peer_month (town_code, month, indicator, numerator, denominator)
SELECT town_code, peer_month_of(arrived_at), 'dq.late', count(*), NULL
FROM peer_live
WHERE arrived_at - occurred_at > interval '720 hours' AND ${towns}
GROUP BY 1, 2;

-- dq.orphaned, a current state: every live event of a case, mediation or petition that has no
-- live opening event (filing, acceptance, receipt), in the month it arrived. It falls back to 0
-- once the opening event is loaded.
INSERT INTO peer_month (town_code, month, indicator, numerator, denominator)
SELECT town_code, peer_month_of(arrived_at), 'dq.orphaned', count(*), NULL
FROM peer_live l
WHERE split_part(entity_key, '|', 2) IN ('case', 'mediation', 'petition') AND ${towns}
  AND NOT EXISTS (SELECT 1 FROM peer_step o
                  WHERE o.entity_key = l.entity_key AND o.event_type IN ('CaseFiled', 'MediationAccepted', 'PetitionReceived'))
GROUP BY 1, 2;

-- ... and every retraction whose event has not arrived in its entity: it waits, counted in the
-- month it arrived, until that event comes (then both stop counting).
INSERT INTO peer_month (town_code, month, indicator, numerator, denominator)
SELECT town_code, peer_month_of(arrived_at), 'dq.orphaned', count(*), NULL
FROM peer_standing r
WHERE r.event_type = 'EventRetracted' AND ${towns}
  AND NOT EXISTS (SELECT 1 FROM peer_standing s WHERE s.entity_key = r.entity_key AND s.event_id = r.retracted_event_id)
GROUP BY 1, 2;

-- dq.rejected: the peer loads only events that are valid Avro records of the catalog (the same
-- events the pipeline accepted), so it has none to count; a rejection in the pipeline shows as
-- a difference.
