-- Fazhi Pulse: the evidence behind the figures, as the pipeline publishes it on fazhi.evidence.
-- One item per entity (a mediation, a petition, a case, a session, a village's advisor, ...) or per
-- dead letter: ids, dates, states and amounts only.

-- The latest evidence per item: what the API lists now.
CREATE TABLE evidence_current (
    item_key         text        PRIMARY KEY,   -- town_code|kind|entity_id, or fazhi.dlq|partition|offset
    town_code        varchar(12) NOT NULL,
    kind             varchar(32) NOT NULL,
    entity_id        text        NOT NULL,
    state            varchar(32) NOT NULL,
    opened_at        timestamptz,
    closed_at        timestamptz,
    events           jsonb       NOT NULL,      -- [{event_id, type, occurred_at, arrived_at, submitter, corrected, retracted}]
    updated_at       timestamptz NOT NULL,      -- when the pipeline published it
    source_partition integer     NOT NULL,
    source_offset    bigint      NOT NULL
);

-- What each current item adds: per town-month and measure (counts, or hundredths for amounts).
-- Replaced as a whole when a newer version of the item is stored.
CREATE TABLE evidence_amount_current (
    item_key  text        NOT NULL,
    town_code varchar(12) NOT NULL,
    month     varchar(7)  NOT NULL,             -- yyyy-MM
    measure   varchar(96) NOT NULL,
    amount    bigint      NOT NULL,
    PRIMARY KEY (item_key, month, measure, town_code)
);
-- The items of a figure: one measure (or two, for a rate), a town or the towns of a district or city
-- (a range of codes), a range of months; read from the index alone.
CREATE INDEX evidence_amount_current_figure ON evidence_amount_current (measure, town_code, month) INCLUDE (item_key, amount);

-- Every published version, append-only, for the evidence as of any instant. One row per source
-- record at most: a replay of the topic writes nothing twice.
CREATE TABLE evidence_history (
    source_partition integer     NOT NULL,
    source_offset    bigint      NOT NULL,
    item_key         text        NOT NULL,
    town_code        varchar(12) NOT NULL,
    kind             varchar(32) NOT NULL,
    entity_id        text        NOT NULL,
    state            varchar(32) NOT NULL,
    opened_at        timestamptz,
    closed_at        timestamptz,
    events           jsonb       NOT NULL,
    updated_at       timestamptz NOT NULL,
    PRIMARY KEY (source_partition, source_offset)
);
CREATE INDEX evidence_history_as_of ON evidence_history (town_code, item_key, updated_at);

CREATE TABLE evidence_amount_history (
    source_partition integer     NOT NULL,
    source_offset    bigint      NOT NULL,
    town_code        varchar(12) NOT NULL,
    month            varchar(7)  NOT NULL,
    measure          varchar(96) NOT NULL,
    amount           bigint      NOT NULL,
    PRIMARY KEY (source_partition, source_offset, month, measure, town_code)
);
