-- Cases (诉讼与行政复议), cohort by the month of filing: a case without a live filing counts nowhere
-- (its events wait, see dq.orphaned). Of the judgments, the latest of each instance stands, and
-- the latest of all (by occurred_at, then event_id) decides the loss rate. A reconsideration's
-- decision is its first-instance one, else its second.
CREATE TEMPORARY TABLE peer_case ON COMMIT DROP AS
WITH filed AS (
    SELECT entity_key, town_code, occurred_at, case_kind
    FROM peer_step WHERE event_type = 'CaseFiled' AND ${towns}
), judged AS (
    SELECT entity_key, instance, outcome, occurred_at, event_id
    FROM peer_step WHERE event_type = 'CaseJudged' AND ${towns}
), appealed AS (
    SELECT entity_key, occurred_at
    FROM peer_step WHERE event_type = 'CaseAppealed' AND ${towns}
)
SELECT f.entity_key, f.town_code, f.case_kind, peer_month_of(f.occurred_at) AS month, peer_year_of(f.occurred_at) AS filed_year,
       j1.outcome AS first_outcome, j2.outcome AS second_outcome, j2.occurred_at AS second_at, a.occurred_at AS appealed_at,
       CASE WHEN j2.entity_key IS NULL THEN j1.outcome
            WHEN j1.entity_key IS NULL THEN j2.outcome
            WHEN (j2.occurred_at, j2.event_id) > (j1.occurred_at, j1.event_id) THEN j2.outcome
            ELSE j1.outcome END AS latest_outcome
FROM filed f
LEFT JOIN judged j1 ON j1.entity_key = f.entity_key AND j1.instance = 'FIRST'
LEFT JOIN judged j2 ON j2.entity_key = f.entity_key AND j2.instance = 'SECOND'
LEFT JOIN appealed a ON a.entity_key = f.entity_key;

INSERT INTO peer_month (town_code, month, indicator, numerator, denominator)
WITH kind AS (
    SELECT c.*, (case_kind = 'CIVIL') AS civil, (case_kind = 'ADMINISTRATIVE_LITIGATION') AS admin,
           (case_kind = 'ADMINISTRATIVE_RECONSIDERATION') AS reconsideration,
           coalesce(first_outcome, second_outcome) AS decision
    FROM peer_case c
)
SELECT town_code, month, f.indicator, sum(f.numerator), sum(f.denominator)
FROM kind k CROSS JOIN LATERAL (VALUES
    ('case.civil.filed', k.civil::int, NULL::int),
    ('case.civil.won', (k.civil AND k.first_outcome IS NOT DISTINCT FROM 'WON')::int, NULL),
    ('case.civil.mediated', (k.civil AND k.first_outcome IS NOT DISTINCT FROM 'MEDIATED')::int, NULL),
    ('case.admin.filed', k.admin::int, NULL),
    ('case.admin.won_first', (k.admin AND k.first_outcome IS NOT DISTINCT FROM 'WON')::int, NULL),
    ('case.admin.pending_first', (k.admin AND k.first_outcome IS NULL)::int, NULL),
    ('case.admin.appealed', (k.admin AND k.appealed_at IS NOT NULL)::int, NULL),
    ('case.admin.won_second', (k.admin AND k.second_outcome IS NOT DISTINCT FROM 'WON')::int, NULL),
    ('case.admin.pending_second', (k.admin AND k.appealed_at IS NOT NULL AND k.second_outcome IS NULL)::int, NULL),
    ('case.admin.remanded', (k.admin AND k.second_outcome IS NOT DISTINCT FROM 'REMANDED')::int, NULL),
    ('case.admin.loss_rate', (k.admin AND k.latest_outcome IS NOT DISTINCT FROM 'LOST')::int,
        (k.admin AND k.latest_outcome IS NOT NULL)::int),
    ('case.reconsideration.filed', k.reconsideration::int, NULL),
    ('case.reconsideration.correction_rate', (k.reconsideration AND k.decision IS NOT DISTINCT FROM 'CORRECTED')::int,
        (k.reconsideration AND k.decision IS NOT NULL)::int)
) AS f (indicator, numerator, denominator)
GROUP BY town_code, month, f.indicator;

-- Flow: appeals, and second-instance remands, of administrative cases filed in an earlier calendar
-- year, in the month they happened; of those appeals, the ones still without a second judgment.
INSERT INTO peer_month (town_code, month, indicator, numerator, denominator)
SELECT town_code, peer_month_of(appealed_at), f.indicator, sum(f.numerator), NULL
FROM peer_case CROSS JOIN LATERAL (VALUES
    ('case.admin.prior_appeals', 1),
    ('case.admin.prior_pending_second', (second_outcome IS NULL)::int)
) AS f (indicator, numerator)
WHERE case_kind = 'ADMINISTRATIVE_LITIGATION' AND peer_year_of(appealed_at) > filed_year
GROUP BY 1, 2, 3;

INSERT INTO peer_month (town_code, month, indicator, numerator, denominator)
SELECT town_code, peer_month_of(second_at), 'case.admin.prior_remanded', count(*), NULL
FROM peer_case
WHERE case_kind = 'ADMINISTRATIVE_LITIGATION' AND second_outcome = 'REMANDED' AND peer_year_of(second_at) > filed_year
GROUP BY 1, 2;

-- Flow: every live hearing of a filed case in the month it was held (hearings repeat, so none
-- replaces another), and those where the agency head appeared in court.
INSERT INTO peer_month (town_code, month, indicator, numerator, denominator)
WITH hearing AS (
    SELECT entity_key, occurred_at, leader_appeared
    FROM peer_live WHERE event_type = 'CaseHearingHeld' AND ${towns}
)
SELECT c.town_code, peer_month_of(h.occurred_at), f.indicator, sum(f.numerator), sum(f.denominator)
FROM hearing h JOIN peer_case c USING (entity_key) CROSS JOIN LATERAL (VALUES
    ('case.hearings', 1, NULL::int),
    ('case.hearings_with_leader', h.leader_appeared::int, NULL),
    ('case.leader_appearance_rate', h.leader_appeared::int, 1)
) AS f (indicator, numerator, denominator)
GROUP BY 1, 2, 3;
