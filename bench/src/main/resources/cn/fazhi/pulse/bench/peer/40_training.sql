-- Training (学法), flow: each session in the month it was held (its latest version by occurred_at).
INSERT INTO peer_month (town_code, month, indicator, numerator, denominator)
WITH session AS (
    SELECT DISTINCT ON (entity_key) town_code, to_char(occurred_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month,
           training_kind, hours, invited, attended
    FROM peer_live WHERE event_type = 'TrainingSessionHeld' AND ${towns}
    ORDER BY entity_key, occurred_at DESC, event_id DESC
)
SELECT town_code, month, f.indicator, sum(f.numerator), sum(f.denominator)
FROM session s CROSS JOIN LATERAL (VALUES
    ('training.sessions', 1::numeric, NULL::numeric),
    ('training.sessions.' || s.training_kind, 1, NULL),
    ('training.hours', s.hours, NULL),
    ('training.participation_rate', s.attended, s.invited)
) AS f (indicator, numerator, denominator)
GROUP BY town_code, month, f.indicator;
