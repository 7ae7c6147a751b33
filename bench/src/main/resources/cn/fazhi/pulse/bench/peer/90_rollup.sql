-- Every covered indicator for each town, district and city, and each month, quarter and year:
-- sums of the town-months (a district is the town code's first 6 digits, a city its first 4).
INSERT INTO peer_indicator (scope_code, period, indicator, numerator, denominator)
SELECT s.scope_code, p.period, m.indicator, sum(m.numerator), sum(m.denominator)
FROM peer_month m
CROSS JOIN LATERAL (VALUES (m.town_code), (substr(m.town_code, 1, 6) || '000000'), (substr(m.town_code, 1, 4) || '00000000')) AS s (scope_code)
CROSS JOIN LATERAL (VALUES (m.month), (substr(m.month, 1, 4) || '-Q' || ((substr(m.month, 6, 2)::int + 2) / 3)), (substr(m.month, 1, 4))) AS p (period)
WHERE ${towns}
GROUP BY s.scope_code, p.period, m.indicator;
