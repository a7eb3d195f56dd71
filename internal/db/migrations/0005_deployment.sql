-- A unit's record that it deployed a movement (target T1), and the yearly emulation
-- registrations of units and enterprises.

CREATE TABLE deployments (
    id {{id}},
    movement_id BIGINT NOT NULL REFERENCES movements(id) ON DELETE CASCADE,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    deployed_on TEXT NOT NULL,
    doc_number TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at {{timestamp}} NOT NULL,
    updated_at {{timestamp}} NOT NULL,
    UNIQUE (movement_id, unit_id)
);
CREATE INDEX deployments_date ON deployments (movement_id, deployed_on);

CREATE TABLE registrations (
    id {{id}},
    movement_id BIGINT NOT NULL REFERENCES movements(id) ON DELETE CASCADE,
    year INTEGER NOT NULL,
    unit_id BIGINT REFERENCES units(id),
    enterprise_id BIGINT REFERENCES enterprises(id),
    -- 'unit:ID' or 'enterprise:ID': one registration per registrant and year.
    registrant TEXT NOT NULL,
    registered_on TEXT NOT NULL,
    commitments TEXT NOT NULL,
    titles TEXT NOT NULL DEFAULT '',
    created_at {{timestamp}} NOT NULL,
    updated_at {{timestamp}} NOT NULL,
    UNIQUE (movement_id, year, registrant)
);
CREATE INDEX registrations_unit ON registrations (unit_id, year);
CREATE INDEX registrations_enterprise ON registrations (enterprise_id, year);
