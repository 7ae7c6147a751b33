-- Petitions (信访), cohort by the month of receipt; deadlines in Asia/Shanghai calendar days:
-- accepted within 15 days of receipt, closed within 60 days of acceptance.
CREATE TEMPORARY TABLE peer_petition ON COMMIT DROP AS
WITH received AS (
    SELECT entity_key, town_code, occurred_at, category
    FROM peer_step WHERE event_type = 'PetitionReceived' AND ${towns}
), accepted AS (
    SELECT entity_key, occurred_at
    FROM peer_step WHERE event_type = 'PetitionAccepted' AND ${towns}
), closed AS (
    SELECT entity_key, town_code, occurred_at, resolved, satisfaction
    FROM peer_step WHERE event_type = 'PetitionClosed' AND ${towns}
)
SELECT r.town_code, r.category, c.town_code AS closed_town_code,
       peer_month_of(r.occurred_at) AS month,
       peer_month_of(c.occurred_at) AS closed_month,
       (peer_day_of(a.occurred_at) - peer_day_of(r.occurred_at) <= 15) IS TRUE AS accepted_on_time,
       c.entity_key IS NOT NULL AS closed,
       (peer_day_of(c.occurred_at) - peer_day_of(a.occurred_at) <= 60) IS TRUE AS closed_on_time,
       coalesce(c.resolved, false) AS resolved, c.satisfaction
FROM received r LEFT JOIN accepted a USING (entity_key) LEFT JOIN closed c USING (entity_key);

INSERT INTO peer_month (town_code, month, indicator, numerator, denominator)
SELECT town_code, month, f.indicator, sum(f.numerator), sum(f.denominator)
FROM peer_petition p CROSS JOIN LATERAL (VALUES
    ('petition.received', 1, NULL::int),
    ('petition.accepted_on_time_rate', p.accepted_on_time::int, 1),
    ('petition.closed', p.closed::int, NULL),
    ('petition.closure_rate', p.closed::int, 1),
    ('petition.closed_on_time_rate', p.closed_on_time::int, 1),
    ('petition.satisfaction_rate', coalesce(p.satisfaction = 'SATISFIED', false)::int,
        coalesce(p.satisfaction IN ('SATISFIED', 'UNSATISFIED'), false)::int),
    ('petition.initial_resolution_rate', (p.category = 'INITIAL' AND p.resolved)::int, (p.category = 'INITIAL')::int),
    ('petition.backlog_resolution_rate', (p.category = 'BACKLOG' AND p.resolved)::int, (p.category = 'BACKLOG')::int)
) AS f (indicator, numerator, denominator)
GROUP BY town_code, month, f.indicator;

-- Flow: closures in the month they happened, whenever the petition was received.
INSERT INTO peer_month (town_code, month, indicator, numerator, denominator)
SELECT closed_town_code, closed_month, 'petition.closed_in_period', count(*), NULL
FROM peer_petition WHERE closed
GROUP BY closed_town_code, closed_month;
