-- Inspections (kiểm tra, giám sát) of the units' work on the movement (the plan's
-- "Tăng cường kiểm tra, giám sát"): the office plans an inspection of a unit on one of
-- the plan's contents, a team of staff carries it out, and its conclusion lists the
-- findings, each with a corrective action the unit must take by a due date counted in
-- working days from the conclusion. The unit reports what it did; the office accepts
-- and closes the action, or returns it. Dates are civil dates in Asia/Ho_Chi_Minh as
-- 'YYYY-MM-DD' text.
CREATE TABLE inspections (
    id {{id}},
    movement_id BIGINT NOT NULL REFERENCES movements(id),
    -- the unit inspected
    unit_id BIGINT NOT NULL REFERENCES units(id),
    title TEXT NOT NULL,
    -- the topic: a content code of the movement's plan (II.1.c)
    content_code TEXT NOT NULL,
    -- the period whose work is inspected
    period_from TEXT NOT NULL,
    period_to TEXT NOT NULL,
    scheduled_on TEXT NOT NULL,
    -- planned, in_progress, concluded
    state TEXT NOT NULL,
    started_on TEXT,
    concluded_on TEXT,
    conclusion TEXT NOT NULL DEFAULT '',
    -- the THÔNG BÁO kết luận kiểm tra, numbered from the register the first time it is made
    notice_number TEXT NOT NULL DEFAULT '',
    notice_on TEXT,
    created_at {{timestamp}} NOT NULL,
    updated_at {{timestamp}} NOT NULL
);
CREATE INDEX inspections_scheduled ON inspections (scheduled_on);
CREATE INDEX inspections_unit ON inspections (unit_id, scheduled_on);
CREATE INDEX inspections_concluded ON inspections (concluded_on);

-- The team (đoàn kiểm tra): staff members, one of them leading it.
CREATE TABLE inspection_members (
    inspection_id BIGINT NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
    staff_id BIGINT NOT NULL REFERENCES staff(id),
    leads BOOLEAN NOT NULL DEFAULT FALSE,
    sort_order INTEGER NOT NULL,
    PRIMARY KEY (inspection_id, staff_id)
);

-- A finding (tồn tại, hạn chế) and the corrective action it calls for, owned by the
-- inspected unit. due_days, when set, counts the due date in working days from the
-- conclusion; otherwise due_on was given as a date.
CREATE TABLE inspection_findings (
    id {{id}},
    inspection_id BIGINT NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    finding TEXT NOT NULL,
    action TEXT NOT NULL,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    due_days INTEGER,
    due_on TEXT,
    -- pending (until the conclusion), open, reported, returned, closed
    state TEXT NOT NULL,
    report TEXT NOT NULL DEFAULT '',
    reported_on TEXT,
    return_reason TEXT NOT NULL DEFAULT '',
    closed_on TEXT,
    created_at {{timestamp}} NOT NULL,
    updated_at {{timestamp}} NOT NULL
);
CREATE UNIQUE INDEX inspection_findings_seq ON inspection_findings (inspection_id, seq);
CREATE INDEX inspection_findings_due ON inspection_findings (state, due_on);
CREATE INDEX inspection_findings_unit ON inspection_findings (unit_id, state, due_on);
CREATE INDEX inspection_findings_closed ON inspection_findings (closed_on);

-- Every step of an action's follow-up, so a report the office returned stays on record.
CREATE TABLE inspection_action_events (
    id {{id}},
    finding_id BIGINT NOT NULL REFERENCES inspection_findings(id) ON DELETE CASCADE,
    at {{timestamp}} NOT NULL,
    actor TEXT NOT NULL,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX inspection_action_events_finding ON inspection_action_events (finding_id, at);
