-- What submissions of entity ledgers (one row per mediation, petition or case) said, per town,
-- kind and entity, so that the next submission can tell new rows from edited, unchanged and
-- deleted ones, and keep each step of an entity under one event id. No personal data: a ledger's
-- personal-data columns are never read, and what is kept here is the events as published (which
-- carry none) and where the row was.

-- One row per submission that published something: its receipt.
CREATE TABLE ledger_submission (
    id           bigserial   PRIMARY KEY,
    submitted_at timestamptz NOT NULL,
    sync         boolean     NOT NULL,
    added        integer     NOT NULL,
    changed      integer     NOT NULL,
    deleted      integer     NOT NULL,
    unchanged    integer     NOT NULL
);

-- Each entity as the submission that last changed it left it; deleted ones stay (with every step
-- withdrawn), because a retracted event id can never count again and a re-added entity needs new ones.
CREATE TABLE ledger_entity (
    town_code     char(12) NOT NULL,
    kind          text     NOT NULL,
    entity_id     text     NOT NULL,
    year          integer  NOT NULL,
    place         text     NOT NULL,
    submission_id bigint   NOT NULL REFERENCES ledger_submission (id),
    PRIMARY KEY (town_code, kind, entity_id)
);

-- Each step of an entity (受理, 结案, one hearing, …): the event published for it.
CREATE TABLE ledger_step (
    town_code   char(12) NOT NULL,
    kind        text     NOT NULL,
    entity_id   text     NOT NULL,
    step        text     NOT NULL,
    event_id    text     NOT NULL,
    event_type  text     NOT NULL,
    fingerprint bigint   NOT NULL,
    generation  integer  NOT NULL,
    superseded  bigint[] NOT NULL DEFAULT '{}',
    withdrawn   boolean  NOT NULL,
    content     jsonb    NOT NULL,
    PRIMARY KEY (town_code, kind, entity_id, step),
    FOREIGN KEY (town_code, kind, entity_id) REFERENCES ledger_entity (town_code, kind, entity_id) ON DELETE CASCADE
);
