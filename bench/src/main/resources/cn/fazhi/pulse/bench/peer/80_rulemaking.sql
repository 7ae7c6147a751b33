-- Rule-making and major decisions (规范性文件、重大行政决策), flow: documents reviewed and
-- decisions made in the month it happened. The average review time is the sum of review days
-- over the documents; the legality review rate is decisions reviewed over decisions.
INSERT INTO peer_month (town_code, month, indicator, numerator, denominator)
SELECT town_code, peer_month_of(occurred_at), f.indicator, sum(f.numerator), sum(f.denominator)
FROM peer_step s CROSS JOIN LATERAL (VALUES
    ('rulemaking.documents_reviewed', 1, NULL::int),
    ('rulemaking.review_days_avg', s.review_days, 1)
) AS f (indicator, numerator, denominator)
WHERE event_type = 'NormativeDocumentReviewed' AND ${towns}
GROUP BY 1, 2, 3;

INSERT INTO peer_month (town_code, month, indicator, numerator, denominator)
SELECT town_code, peer_month_of(occurred_at), f.indicator, sum(f.numerator), sum(f.denominator)
FROM peer_step s CROSS JOIN LATERAL (VALUES
    ('decisions.major', 1, NULL::int),
    ('decisions.legality_review_rate', s.legality_reviewed::int, 1)
) AS f (indicator, numerator, denominator)
WHERE event_type = 'MajorDecisionMade' AND ${towns}
GROUP BY 1, 2, 3;
