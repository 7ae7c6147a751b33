-- Training, exams and publicity (学法用法、普法), flow: each session, exam or activity in the month
-- it happened (the standing one, if one entity was published under two event ids).
INSERT INTO peer_month (town_code, month, indicator, numerator, denominator)
SELECT town_code, peer_month_of(occurred_at), f.indicator, sum(f.numerator), sum(f.denominator)
FROM peer_step s CROSS JOIN LATERAL (VALUES
    ('training.sessions', 1::numeric, NULL::numeric),
    ('training.sessions.' || s.training_kind, 1, NULL),
    ('training.hours', s.hours, NULL),
    ('training.participation_rate', s.attended, s.invited)
) AS f (indicator, numerator, denominator)
WHERE event_type = 'TrainingSessionHeld' AND ${towns}
GROUP BY 1, 2, 3;

-- The average score is the sum of scores over the exams; 60 points or more passes.
INSERT INTO peer_month (town_code, month, indicator, numerator, denominator)
SELECT town_code, peer_month_of(occurred_at), f.indicator, sum(f.numerator), sum(f.denominator)
FROM peer_step s CROSS JOIN LATERAL (VALUES
    ('exam.takers', 1::numeric, NULL::numeric),
    ('exam.average_score', s.score, 1),
    ('exam.pass_rate', (s.score >= 60)::int, 1)
) AS f (indicator, numerator, denominator)
WHERE event_type = 'ExamCompleted' AND ${towns}
GROUP BY 1, 2, 3;

INSERT INTO peer_month (town_code, month, indicator, numerator, denominator)
SELECT town_code, peer_month_of(occurred_at), f.indicator, sum(f.numerator), NULL
FROM peer_step s CROSS JOIN LATERAL (VALUES
    ('publicity.activities', 1),
    ('publicity.materials', s.materials_distributed),
    ('publicity.consultations', s.consultations)
) AS f (indicator, numerator)
WHERE event_type = 'PublicityActivityHeld' AND ${towns}
GROUP BY 1, 2, 3;
