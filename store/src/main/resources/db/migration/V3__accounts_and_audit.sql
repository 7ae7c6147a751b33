-- Fazhi Pulse: who may see and submit what, and who submitted each event.

-- An account is a login (not a person's name), a role and the 12-digit scope the role is bound
-- to: a town, a district, a city, or 000000000000 for everything.
CREATE TABLE account (
    id            bigserial   PRIMARY KEY,
    name          varchar(64) NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
    role          varchar(16) NOT NULL CHECK (role IN ('admin', 'supervisor', 'clerk', 'system')),
    scope_code    varchar(12) NOT NULL CHECK (scope_code ~ '^[0-9]{12}$'),
    password_hash text,                  -- bcrypt; null for a system account, which signs in by token only
    created_at    timestamptz NOT NULL,
    disabled_at   timestamptz
);

-- Bearer tokens (kind 'api') and browser sessions (kind 'session'): only the SHA-256 of the
-- secret is stored, so a copy of the table signs nobody in.
CREATE TABLE access_token (
    id          bigserial   PRIMARY KEY,
    account_id  bigint      NOT NULL REFERENCES account (id),
    kind        varchar(8)  NOT NULL CHECK (kind IN ('api', 'session')),
    token_hash  bytea       NOT NULL UNIQUE,
    csrf_hash   bytea,                   -- sessions: the hash of the token every write must carry
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    revoked_at  timestamptz
);
CREATE INDEX access_token_account ON access_token (account_id);

-- Every submission to POST /api/events, accepted (one row per event) or refused (one row per
-- line that names a town, or one per request), with the submitter as the server saw it.
CREATE TABLE submission_audit (
    id             bigserial   PRIMARY KEY,
    submitted_at   timestamptz NOT NULL,
    account_id     bigint      NOT NULL REFERENCES account (id),
    account_name   varchar(64) NOT NULL,
    token_id       bigint,               -- the token or session the request came with
    channel        varchar(8)  NOT NULL CHECK (channel IN ('token', 'session')),
    source_address varchar(64) NOT NULL,
    outcome        varchar(8)  NOT NULL CHECK (outcome IN ('ACCEPTED', 'REFUSED')),
    town_code      varchar(12),
    event_id       text,
    event_type     varchar(64),
    reason         text
);
CREATE INDEX submission_audit_town ON submission_audit (town_code, submitted_at);

-- Append-only: a trail that can be edited proves nothing.
CREATE FUNCTION submission_audit_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'submission_audit is append-only';
END;
$$;
CREATE TRIGGER submission_audit_no_update_or_delete BEFORE UPDATE OR DELETE ON submission_audit
    FOR EACH ROW EXECUTE FUNCTION submission_audit_is_append_only();
CREATE TRIGGER submission_audit_no_truncate BEFORE TRUNCATE ON submission_audit
    FOR EACH STATEMENT EXECUTE FUNCTION submission_audit_is_append_only();
