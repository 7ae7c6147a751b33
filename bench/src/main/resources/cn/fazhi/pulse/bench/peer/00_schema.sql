-- The batch peer: what a site would do without the pipeline. Every event in one flat table with
-- typed columns, loaded by COPY, and the indicators recomputed from it with SQL.
DROP TABLE IF EXISTS peer_event, peer_live, peer_month, peer_indicator;

-- Every event as it arrived (seq = arrival order), duplicates, corrections and retractions included.
CREATE TABLE peer_event (
    seq                   bigint      PRIMARY KEY,
    event_id              text        NOT NULL,
    event_type            text        NOT NULL,
    town_code             varchar(12) NOT NULL,
    entity_key            text        NOT NULL,   -- town|kind|entity id, as the pipeline keys it
    occurred_at           timestamptz NOT NULL,
    retracted_event_id    text,
    dispute_type          text,
    outcome               text,
    agreement_form        text,
    escalated_to_criminal boolean,
    category              text,
    resolved              boolean,
    satisfaction          text,
    training_kind         text,
    hours                 numeric(14,2),
    invited               integer,
    attended              integer,
    fine_yuan             numeric(14,2)
);

-- The version of each event that stands, retractions applied: rebuilt by every recompute.
CREATE TABLE peer_live (LIKE peer_event);
CREATE INDEX peer_live_step ON peer_live (event_type, entity_key, occurred_at DESC, event_id DESC);

-- The covered indicators per town and month (Asia/Shanghai); quarters, years, districts and
-- cities are sums of these.
CREATE TABLE peer_month (
    town_code   varchar(12) NOT NULL,
    month       varchar(7)  NOT NULL,
    indicator   text        NOT NULL,
    numerator   numeric(20,2) NOT NULL,
    denominator numeric(20,2)
);

CREATE TABLE peer_indicator (
    scope_code  varchar(12) NOT NULL,
    period      varchar(7)  NOT NULL,
    indicator   text        NOT NULL,
    numerator   numeric(20,2) NOT NULL,
    denominator numeric(20,2),
    PRIMARY KEY (scope_code, period, indicator)
);
