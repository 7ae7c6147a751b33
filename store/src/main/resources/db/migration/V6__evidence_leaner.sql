-- Fazhi Pulse: the evidence stored with less written per item. An item has a new version with
-- almost every event (most entities have one), so what a version costs to store bounds the
-- pipeline's throughput. V5 wrote each version's events twice (history and current) and each of
-- its amounts twice (history and current), into six indexes. Here a version's events and amounts
-- are written once, in its history row; the current row points at it; and each table has one
-- index, which serves both the writes and the queries.

-- Every published version, append-only, for the evidence as of any instant. The key starts with
-- the town, so that the items of a town, district or city are a range of it; it ends with the
-- source position, so that a replay of the topic writes nothing twice.
CREATE TABLE evidence_version (
    town_code        varchar(12)   NOT NULL,
    item_key         text          NOT NULL,    -- town_code|kind|entity_id, or fazhi.dlq|partition|offset
    updated_at       timestamptz   NOT NULL,    -- when the pipeline published it
    source_partition integer       NOT NULL,
    source_offset    bigint        NOT NULL,
    kind             varchar(32)   NOT NULL,
    entity_id        text          NOT NULL,
    state            varchar(32)   NOT NULL,
    opened_at        timestamptz,
    closed_at        timestamptz,
    -- What the version adds, per town-month and measure (counts, or hundredths for amounts):
    -- four arrays of one length, element i of each describing amount i.
    amount_towns     varchar(12)[] NOT NULL,
    amount_months    varchar(7)[]  NOT NULL,    -- yyyy-MM
    amount_measures  varchar(96)[] NOT NULL,
    amounts          bigint[]      NOT NULL,
    events           json          NOT NULL,    -- [{event_id, type, occurred_at, arrived_at, submitter, corrected, retracted}]
    PRIMARY KEY (town_code, item_key, updated_at, source_partition, source_offset)
);

-- The latest version per item: what the API lists now. Its amounts are repeated here so that the
-- amounts it replaces can be found without reading the history. Updated in place (no indexed
-- column changes), hence the room left on each page.
CREATE TABLE evidence_latest (
    item_key         text          PRIMARY KEY,
    town_code        varchar(12)   NOT NULL,
    kind             varchar(32)   NOT NULL,
    entity_id        text          NOT NULL,
    state            varchar(32)   NOT NULL,
    opened_at        timestamptz,
    closed_at        timestamptz,
    updated_at       timestamptz   NOT NULL,
    source_partition integer       NOT NULL,
    source_offset    bigint        NOT NULL,
    amount_towns     varchar(12)[] NOT NULL,
    amount_months    varchar(7)[]  NOT NULL,
    amount_measures  varchar(96)[] NOT NULL,
    amounts          bigint[]      NOT NULL
) WITH (fillfactor = 80);

-- What each current item adds, one row per amount: the items of a figure (one measure, or two for
-- a rate; a town or a range of towns; a range of months) are a range of the key, read from the
-- index alone.
CREATE TABLE evidence_amount (
    measure   varchar(96) NOT NULL,
    town_code varchar(12) NOT NULL,
    month     varchar(7)  NOT NULL,
    item_key  text        NOT NULL,
    amount    bigint      NOT NULL,
    PRIMARY KEY (measure, town_code, month, item_key) INCLUDE (amount)
);

-- What V5 stored, carried over.
INSERT INTO evidence_version
SELECT h.town_code, h.item_key, h.updated_at, h.source_partition, h.source_offset, h.kind, h.entity_id, h.state,
       h.opened_at, h.closed_at,
       COALESCE(a.towns, '{}'), COALESCE(a.months, '{}'), COALESCE(a.measures, '{}'), COALESCE(a.amounts, '{}'),
       h.events::json
FROM evidence_history h
LEFT JOIN (SELECT source_partition, source_offset,
                  array_agg(town_code ORDER BY month, measure, town_code) AS towns,
                  array_agg(month ORDER BY month, measure, town_code) AS months,
                  array_agg(measure ORDER BY month, measure, town_code) AS measures,
                  array_agg(amount ORDER BY month, measure, town_code) AS amounts
           FROM evidence_amount_history GROUP BY source_partition, source_offset) a
  ON a.source_partition = h.source_partition AND a.source_offset = h.source_offset;

INSERT INTO evidence_latest
SELECT c.item_key, c.town_code, c.kind, c.entity_id, c.state, c.opened_at, c.closed_at, c.updated_at,
       c.source_partition, c.source_offset,
       COALESCE(a.towns, '{}'), COALESCE(a.months, '{}'), COALESCE(a.measures, '{}'), COALESCE(a.amounts, '{}')
FROM evidence_current c
LEFT JOIN (SELECT item_key,
                  array_agg(town_code ORDER BY month, measure, town_code) AS towns,
                  array_agg(month ORDER BY month, measure, town_code) AS months,
                  array_agg(measure ORDER BY month, measure, town_code) AS measures,
                  array_agg(amount ORDER BY month, measure, town_code) AS amounts
           FROM evidence_amount_current GROUP BY item_key) a ON a.item_key = c.item_key;

INSERT INTO evidence_amount (measure, town_code, month, item_key, amount)
SELECT measure, town_code, month, item_key, amount FROM evidence_amount_current;

DROP TABLE evidence_amount_history;
DROP TABLE evidence_history;
DROP TABLE evidence_amount_current;
DROP TABLE evidence_current;
