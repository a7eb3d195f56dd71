-- Participants, accounts and the audit log: what every other capability refers to.

CREATE TABLE units (
    id {{id}},
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    parent_id BIGINT REFERENCES units(id),
    email TEXT NOT NULL DEFAULT '',
    active BOOLEAN NOT NULL DEFAULT TRUE,
    search TEXT NOT NULL,
    created_at {{timestamp}} NOT NULL,
    updated_at {{timestamp}} NOT NULL
);
CREATE INDEX units_name ON units (name);

CREATE TABLE staff (
    id {{id}},
    unit_id BIGINT NOT NULL REFERENCES units(id),
    full_name TEXT NOT NULL,
    position TEXT NOT NULL DEFAULT '',
    gender TEXT NOT NULL,
    email TEXT NOT NULL DEFAULT '',
    active BOOLEAN NOT NULL DEFAULT TRUE,
    search TEXT NOT NULL,
    created_at {{timestamp}} NOT NULL,
    updated_at {{timestamp}} NOT NULL
);
CREATE INDEX staff_unit ON staff (unit_id, full_name);
CREATE INDEX staff_name ON staff (full_name);

CREATE TABLE enterprises (
    id {{id}},
    tax_code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    ownership TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    representative TEXT NOT NULL DEFAULT '',
    employees INTEGER NOT NULL DEFAULT 0,
    email TEXT NOT NULL DEFAULT '',
    active BOOLEAN NOT NULL DEFAULT TRUE,
    search TEXT NOT NULL,
    created_at {{timestamp}} NOT NULL,
    updated_at {{timestamp}} NOT NULL
);
CREATE INDEX enterprises_name ON enterprises (name);
CREATE INDEX enterprises_ownership ON enterprises (ownership, name);

CREATE TABLE enterprise_sectors (
    enterprise_id BIGINT NOT NULL REFERENCES enterprises(id) ON DELETE CASCADE,
    sector TEXT NOT NULL,
    PRIMARY KEY (enterprise_id, sector)
);
CREATE INDEX enterprise_sectors_sector ON enterprise_sectors (sector, enterprise_id);

CREATE TABLE users (
    id {{id}},
    username TEXT NOT NULL UNIQUE,
    full_name TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    unit_id BIGINT REFERENCES units(id),
    enterprise_id BIGINT REFERENCES enterprises(id),
    active BOOLEAN NOT NULL DEFAULT TRUE,
    must_change_password BOOLEAN NOT NULL DEFAULT FALSE,
    created_at {{timestamp}} NOT NULL,
    updated_at {{timestamp}} NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at {{timestamp}} NOT NULL,
    expires_at {{timestamp}} NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id {{id}},
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name TEXT NOT NULL DEFAULT '',
    token_hash TEXT NOT NULL UNIQUE,
    created_at {{timestamp}} NOT NULL,
    revoked_at {{timestamp}}
);

CREATE TABLE login_attempts (
    id {{id}},
    username TEXT NOT NULL,
    remote TEXT NOT NULL,
    success BOOLEAN NOT NULL,
    at {{timestamp}} NOT NULL
);
CREATE INDEX login_attempts_user ON login_attempts (username, at);

CREATE TABLE audit_log (
    id {{id}},
    at {{timestamp}} NOT NULL,
    actor_id BIGINT,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    before_json TEXT,
    after_json TEXT
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, at);
CREATE INDEX audit_log_actor ON audit_log (actor_id, at);
