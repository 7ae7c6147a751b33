-- Enforcement (行政执法), flow: inspections and penalties in the month they happened.
INSERT INTO peer_month (town_code, month, indicator, numerator, denominator)
SELECT town_code, peer_month_of(occurred_at), 'enforcement.inspections', count(*), NULL
FROM peer_step
WHERE event_type = 'InspectionConducted' AND ${towns}
GROUP BY 1, 2;

INSERT INTO peer_month (town_code, month, indicator, numerator, denominator)
SELECT town_code, peer_month_of(occurred_at), f.indicator, sum(f.numerator), NULL
FROM peer_step p CROSS JOIN LATERAL (VALUES
    ('enforcement.penalties', 1::numeric),
    ('enforcement.penalties.' || p.category, 1),
    ('enforcement.fines_yuan', p.fine_yuan)
) AS f (indicator, numerator)
WHERE event_type = 'PenaltyImposed' AND ${towns}
GROUP BY 1, 2, 3;
