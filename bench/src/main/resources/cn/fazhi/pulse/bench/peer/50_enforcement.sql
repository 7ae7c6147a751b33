-- Enforcement (行政执法), flow: inspections and penalties in the month they happened.
INSERT INTO peer_month (town_code, month, indicator, numerator, denominator)
WITH inspection AS (
    SELECT DISTINCT ON (entity_key) town_code, occurred_at
    FROM peer_live WHERE event_type = 'InspectionConducted' AND ${towns}
    ORDER BY entity_key, occurred_at DESC, event_id DESC
)
SELECT town_code, to_char(occurred_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM'), 'enforcement.inspections', count(*), NULL
FROM inspection
GROUP BY 1, 2;

INSERT INTO peer_month (town_code, month, indicator, numerator, denominator)
WITH penalty AS (
    SELECT DISTINCT ON (entity_key) town_code, to_char(occurred_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month,
           category, fine_yuan
    FROM peer_live WHERE event_type = 'PenaltyImposed' AND ${towns}
    ORDER BY entity_key, occurred_at DESC, event_id DESC
)
SELECT town_code, month, f.indicator, sum(f.numerator), NULL
FROM penalty p CROSS JOIN LATERAL (VALUES
    ('enforcement.penalties', 1::numeric),
    ('enforcement.penalties.' || p.category, 1),
    ('enforcement.fines_yuan', p.fine_yuan)
) AS f (indicator, numerator)
GROUP BY town_code, month, f.indicator;
