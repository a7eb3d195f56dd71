-- Movements and their plans. The whole plan is kept as JSON for display; what other
-- capabilities query (targets by measure, phases, report deadlines, content codes) is
-- also kept in rows, replaced whenever the plan is loaded again. Dates are civil days
-- written 'YYYY-MM-DD', so they compare correctly as text on both databases.

CREATE TABLE movements (
    id {{id}},
    code TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    document TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT '',
    loaded_at {{timestamp}} NOT NULL,
    updated_at {{timestamp}} NOT NULL
);
CREATE INDEX movements_period ON movements (start_date, end_date);

-- threshold is a percentage for ratio and coverage targets, per_year the yearly
-- minimum of count_per_year ones; the other one is NULL.
CREATE TABLE movement_targets (
    movement_id BIGINT NOT NULL REFERENCES movements(id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    measure TEXT NOT NULL,
    threshold DOUBLE PRECISION,
    per_year INTEGER,
    sort_order INTEGER NOT NULL,
    PRIMARY KEY (movement_id, code)
);
CREATE UNIQUE INDEX movement_targets_measure ON movement_targets (movement_id, measure);

CREATE TABLE movement_phases (
    movement_id BIGINT NOT NULL REFERENCES movements(id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    sort_order INTEGER NOT NULL,
    PRIMARY KEY (movement_id, code)
);

-- due_date is the last day a report is on time and cutoff_date the last day its
-- figures cover; both are NULL for ad hoc reports.
CREATE TABLE movement_reports (
    movement_id BIGINT NOT NULL REFERENCES movements(id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    text TEXT NOT NULL,
    phase_code TEXT NOT NULL DEFAULT '',
    recipient TEXT NOT NULL DEFAULT '',
    due_date TEXT,
    cutoff_date TEXT,
    sort_order INTEGER NOT NULL,
    PRIMARY KEY (movement_id, code)
);
CREATE INDEX movement_reports_due ON movement_reports (due_date);

CREATE TABLE movement_contents (
    movement_id BIGINT NOT NULL REFERENCES movements(id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    audience TEXT NOT NULL,
    title TEXT NOT NULL,
    sort_order INTEGER NOT NULL,
    PRIMARY KEY (movement_id, code)
);
