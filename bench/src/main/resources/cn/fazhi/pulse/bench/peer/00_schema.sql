-- The batch peer: what a site would do without the pipeline. Every event in one flat table with
-- typed columns, loaded by COPY, and the indicators recomputed from it with SQL.
DROP TABLE IF EXISTS peer_event, peer_standing, peer_live, peer_step, peer_month, peer_indicator;

-- Every event as it arrived (seq = arrival order), duplicates, corrections and retractions included.
-- event_id compares byte by byte (COLLATE "C"), so "the greater event_id" breaks ties the same
-- way whatever the database's locale.
CREATE TABLE peer_event (
    seq                   bigint      PRIMARY KEY,
    event_id              text        COLLATE "C" NOT NULL,
    event_type            text        NOT NULL,
    town_code             varchar(12) NOT NULL,
    entity_key            text        NOT NULL,   -- town|kind|entity id, as the pipeline keys it
    occurred_at           timestamptz NOT NULL,
    content               uuid        NOT NULL,   -- MD5 of every field: equal content = a duplicate
    -- when the row reached this table: the data-quality figures count by the month of arrival
    arrived_at            timestamptz NOT NULL DEFAULT statement_timestamp(),
    retracted_event_id    text,
    dispute_type          text,
    outcome               text,                   -- MediationConcluded and CaseJudged
    agreement_form        text,
    escalated_to_criminal boolean,
    category              text,                   -- PetitionReceived and PenaltyImposed
    resolved              boolean,
    satisfaction          text,
    case_kind             text,
    instance              text,
    leader_appeared       boolean,
    training_kind         text,
    hours                 numeric(14,2),
    invited               integer,
    attended              integer,
    score                 numeric(5,2),
    materials_distributed integer,
    consultations         integer,
    people                integer,
    active                boolean,
    villages              integer,
    fine_yuan             numeric(14,2),
    review_days           integer,
    legality_reviewed     boolean
);

-- The tables a recompute rebuilds from peer_event are UNLOGGED, as a batch job's work tables
-- would be: after a crash they come back empty, and the next recompute fills them again.
-- The version of each event id that stands, retractions included.
CREATE UNLOGGED TABLE peer_standing (LIKE peer_event);
CREATE INDEX peer_standing_id ON peer_standing (entity_key, event_id);

-- The standing events that count: retractions applied.
CREATE UNLOGGED TABLE peer_live (LIKE peer_event);
CREATE INDEX peer_live_entity ON peer_live (entity_key, event_type);

-- Of the live events of one step of one entity, the one that stands (it occurred last): the
-- entity's acceptance, its conclusion, its first-instance judgment...
CREATE UNLOGGED TABLE peer_step (LIKE peer_event);
CREATE INDEX peer_step_entity ON peer_step (entity_key, event_type);

-- Calendar periods and days in China Standard Time, whatever the session's time zone. Plain SQL
-- functions, inlined by the planner (to_char is only STABLE, so peer_month_of is too).
CREATE OR REPLACE FUNCTION peer_month_of(t timestamptz) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE RETURN to_char(t AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM');
CREATE OR REPLACE FUNCTION peer_year_of(t timestamptz) RETURNS int
    LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURN extract(year FROM t AT TIME ZONE 'Asia/Shanghai')::int;
CREATE OR REPLACE FUNCTION peer_day_of(t timestamptz) RETURNS date
    LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURN (t AT TIME ZONE 'Asia/Shanghai')::date;

-- Every indicator per town and month (Asia/Shanghai); quarters, years, districts and cities are
-- sums of these.
CREATE UNLOGGED TABLE peer_month (
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
