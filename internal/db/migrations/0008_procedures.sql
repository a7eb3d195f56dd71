-- The catalogue of administrative procedures (thủ tục hành chính) the department
-- handles: what target T3 counts, and what every dossier refers to.
CREATE TABLE procedures (
    id {{id}},
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    field TEXT NOT NULL DEFAULT '',
    unit_id BIGINT REFERENCES units(id),
    -- statutory processing time in working days; catalogues write "2,5 ngày làm việc"
    statutory_days DOUBLE PRECISION,
    fee INTEGER NOT NULL DEFAULT 0,
    fee_text TEXT NOT NULL DEFAULT '',
    fee_basis TEXT NOT NULL DEFAULT '',
    -- full (toàn trình), partial (một phần) or none
    online_level TEXT NOT NULL,
    eligible_full BOOLEAN NOT NULL,
    not_full_reason TEXT NOT NULL DEFAULT '',
    valid_from TEXT NOT NULL,
    valid_to TEXT,
    search TEXT NOT NULL,
    created_at {{timestamp}} NOT NULL,
    updated_at {{timestamp}} NOT NULL
);
CREATE INDEX procedures_unit ON procedures (unit_id, code);
CREATE INDEX procedures_valid ON procedures (valid_from, valid_to);
