-- Fazhi Pulse: the indicator snapshots as the pipeline publishes them.

-- Towns, districts and cities with their names, from the TownRegistered reference data.
CREATE TABLE scope (
    code        varchar(12) PRIMARY KEY,
    level       varchar(8)  NOT NULL CHECK (level IN ('TOWN', 'DISTRICT', 'CITY')),
    name        text        NOT NULL,
    parent_code varchar(12),
    town_level  varchar(8),          -- TOWN 镇 / STREET 街道 / TOWNSHIP 乡, for towns
    villages    integer,
    updated_at  timestamptz NOT NULL
);
CREATE INDEX scope_parent ON scope (parent_code);

-- The latest snapshot per scope, period and indicator: what dashboards and reports read.
CREATE TABLE indicator_current (
    scope_code       varchar(12)   NOT NULL,
    period           varchar(7)    NOT NULL,   -- 2020, 2020-Q1 or 2020-03
    indicator        varchar(96)   NOT NULL,
    numerator        numeric(20,2) NOT NULL,
    denominator      numeric(20,2),
    value            double precision,
    as_of            timestamptz   NOT NULL,   -- newest event folded in
    updated_at       timestamptz   NOT NULL,   -- when the pipeline published it
    source_partition integer       NOT NULL,
    source_offset    bigint        NOT NULL,
    PRIMARY KEY (scope_code, period, indicator)
);
CREATE INDEX indicator_current_ranking ON indicator_current (period, indicator, scope_code);

-- Every published change, append-only, for --as-of reports and trends. One row per source
-- record at most: a replay of the topic writes nothing twice.
CREATE TABLE indicator_history (
    source_partition integer       NOT NULL,
    source_offset    bigint        NOT NULL,
    scope_code       varchar(12)   NOT NULL,
    period           varchar(7)    NOT NULL,
    indicator        varchar(96)   NOT NULL,
    numerator        numeric(20,2) NOT NULL,
    denominator      numeric(20,2),
    value            double precision,
    as_of            timestamptz   NOT NULL,
    updated_at       timestamptz   NOT NULL,
    PRIMARY KEY (source_partition, source_offset)
);
CREATE INDEX indicator_history_as_of ON indicator_history (scope_code, period, indicator, updated_at);

-- Where the sink resumes: the next offset of each partition, written in the same transaction
-- as the rows it consumed.
CREATE TABLE sink_offset (
    topic       text    NOT NULL,
    partition   integer NOT NULL,
    next_offset bigint  NOT NULL,
    PRIMARY KEY (topic, partition)
);
