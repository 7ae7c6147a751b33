-- Legal services (法律服务), flow: opinions issued and people advised in the month it happened.
INSERT INTO peer_month (town_code, month, indicator, numerator, denominator)
SELECT town_code, peer_month_of(occurred_at), f.indicator, sum(f.numerator), NULL
FROM peer_step s CROSS JOIN LATERAL (VALUES
    ('legal.opinions', (s.event_type = 'LegalOpinionIssued')::int),
    ('legal.consultations', coalesce(s.people, 0))
) AS f (indicator, numerator)
WHERE event_type IN ('LegalOpinionIssued', 'LegalConsultationGiven') AND ${towns}
GROUP BY 1, 2, 3;

-- Village advisor coverage (村居法律顾问覆盖率) is a state at period end, which is not a sum of
-- months; so, like the pipeline, the peer records its changes in the month each happened, and the
-- state at the end of a period is the sum of the changes up to then. A village's events in order
-- of occurrence (ties: event_id) are its successive states, active (1) or not (0); a town's
-- registrations are its successive village counts. Every live event counts, not only the latest.
INSERT INTO peer_month (town_code, month, indicator, numerator, denominator)
WITH state AS (
    SELECT town_code, entity_key, event_id, occurred_at, event_type,
           CASE WHEN event_type = 'VillageAdvisorAssigned' THEN active::int ELSE coalesce(villages, 0) END AS value
    FROM peer_live
    WHERE event_type IN ('VillageAdvisorAssigned', 'TownRegistered') AND ${towns}
), change AS (
    SELECT town_code, occurred_at, event_type,
           value - coalesce(lag(value) OVER (PARTITION BY entity_key ORDER BY occurred_at, event_id), 0) AS change
    FROM state
)
SELECT town_code, peer_month_of(occurred_at), 'legal.village_advisor_coverage',
       coalesce(sum(change) FILTER (WHERE event_type = 'VillageAdvisorAssigned'), 0),
       coalesce(sum(change) FILTER (WHERE event_type = 'TownRegistered'), 0)
FROM change
GROUP BY 1, 2;
