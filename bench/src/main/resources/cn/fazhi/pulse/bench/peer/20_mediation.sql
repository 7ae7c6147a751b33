-- Mediation (人民调解), cohort: an entity counts in the month of its acceptance, updated by its
-- conclusion whenever that happens.
INSERT INTO peer_month (town_code, month, indicator, numerator, denominator)
WITH accepted AS (
    SELECT entity_key, town_code, occurred_at, dispute_type
    FROM peer_step WHERE event_type = 'MediationAccepted' AND ${towns}
), concluded AS (
    SELECT entity_key, outcome, agreement_form, escalated_to_criminal
    FROM peer_step WHERE event_type = 'MediationConcluded' AND ${towns}
), mediation AS (
    SELECT a.town_code, peer_month_of(a.occurred_at) AS month, a.dispute_type,
           (c.outcome = 'SUCCESS')::int AS succeeded, (c.outcome <> 'SUCCESS')::int AS failed,
           (c.entity_key IS NULL)::int AS pending, c.agreement_form, coalesce(c.escalated_to_criminal, false)::int AS escalated
    FROM accepted a LEFT JOIN concluded c USING (entity_key)
)
SELECT town_code, month, f.indicator, sum(f.numerator), sum(f.denominator)
FROM mediation m CROSS JOIN LATERAL (VALUES
    ('mediation.accepted', 1, NULL::int),
    ('mediation.succeeded', coalesce(m.succeeded, 0), NULL),
    ('mediation.failed', coalesce(m.failed, 0), NULL),
    ('mediation.pending', m.pending, NULL),
    ('mediation.success_rate', coalesce(m.succeeded, 0), 1),
    ('mediation.written_agreements', coalesce(m.succeeded = 1 AND m.agreement_form = 'WRITTEN', false)::int, NULL),
    ('mediation.oral_agreements', coalesce(m.succeeded = 1 AND m.agreement_form = 'ORAL', false)::int, NULL),
    ('mediation.escalated_to_criminal', m.escalated, NULL),
    ('mediation.dispute.' || m.dispute_type, 1, NULL)
) AS f (indicator, numerator, denominator)
GROUP BY town_code, month, f.indicator;
