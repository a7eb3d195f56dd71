-- The reporting regime (chế độ báo cáo): what the office asks units (or enterprises)
-- to report, by when, on which form; what each one submitted, every version kept; and
-- the difficulties (khó khăn, vướng mắc) units raise for the Director's direction.
-- Dates are civil dates in Asia/Ho_Chi_Minh as 'YYYY-MM-DD' text.
CREATE TABLE report_definitions (
    id {{id}},
    movement_id BIGINT NOT NULL REFERENCES movements(id),
    -- the plan's report code (so-ket-gd1, tong-ket) when it comes from the plan file
    plan_code TEXT,
    -- interim (sơ kết), final (tổng kết), annual, six_month, ad_hoc (đột xuất)
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    period_from TEXT NOT NULL,
    period_to TEXT NOT NULL,
    cutoff_on TEXT NOT NULL,
    due_on TEXT NOT NULL,
    -- all_units, units (the list in report_audience), enterprises
    audience TEXT NOT NULL,
    -- the form's narrative sections, as JSON: [{"key":…, "label":…, "required":…}]
    sections TEXT NOT NULL,
    -- working days before the due date on which reminders go out, e.g. "7,2", and
    -- whether a reminder goes out every working day after it
    remind_before TEXT NOT NULL DEFAULT '7,2',
    remind_after BOOLEAN NOT NULL DEFAULT TRUE,
    -- open, closed (no more submissions)
    state TEXT NOT NULL,
    created_at {{timestamp}} NOT NULL,
    updated_at {{timestamp}} NOT NULL
);
CREATE UNIQUE INDEX report_definitions_plan ON report_definitions (movement_id, plan_code);
CREATE INDEX report_definitions_due ON report_definitions (state, due_on);

CREATE TABLE report_audience (
    definition_id BIGINT NOT NULL REFERENCES report_definitions(id) ON DELETE CASCADE,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    PRIMARY KEY (definition_id, unit_id)
);

-- One submission per definition and submitter (a unit, or an enterprise); its
-- current text. Each submit also writes a version.
CREATE TABLE report_submissions (
    id {{id}},
    definition_id BIGINT NOT NULL REFERENCES report_definitions(id),
    unit_id BIGINT REFERENCES units(id),
    enterprise_id BIGINT REFERENCES enterprises(id),
    -- draft, submitted, returned
    state TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 0,
    -- the narrative sections as JSON {"key": "text"}
    answers TEXT NOT NULL DEFAULT '{}',
    -- the figures thidua filled in, as JSON, frozen at each submit
    figures TEXT NOT NULL DEFAULT '{}',
    submitted_at {{timestamp}},
    -- the first submission's time decides on time or late
    first_submitted_at {{timestamp}},
    return_comment TEXT NOT NULL DEFAULT '',
    updated_by BIGINT REFERENCES users(id),
    created_at {{timestamp}} NOT NULL,
    updated_at {{timestamp}} NOT NULL
);
CREATE UNIQUE INDEX report_submissions_unit ON report_submissions (definition_id, unit_id);
CREATE UNIQUE INDEX report_submissions_enterprise ON report_submissions (definition_id, enterprise_id);
CREATE INDEX report_submissions_state ON report_submissions (definition_id, state);

CREATE TABLE report_versions (
    submission_id BIGINT NOT NULL REFERENCES report_submissions(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    answers TEXT NOT NULL,
    figures TEXT NOT NULL,
    submitted_at {{timestamp}} NOT NULL,
    submitted_by BIGINT REFERENCES users(id),
    PRIMARY KEY (submission_id, version)
);

CREATE TABLE report_attachments (
    id {{id}},
    submission_id BIGINT NOT NULL REFERENCES report_submissions(id) ON DELETE CASCADE,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    content {{blob}} NOT NULL,
    created_at {{timestamp}} NOT NULL
);
CREATE INDEX report_attachments_submission ON report_attachments (submission_id);

-- Khó khăn, vướng mắc: raised by a unit, consolidated by the office, directed by the
-- Director, acted on and closed by the unit.
CREATE TABLE difficulties (
    id {{id}},
    unit_id BIGINT NOT NULL REFERENCES units(id),
    subject TEXT NOT NULL,
    content TEXT NOT NULL,
    proposal TEXT NOT NULL DEFAULT '',
    -- raised, consolidated, directed, closed
    state TEXT NOT NULL,
    office_note TEXT NOT NULL DEFAULT '',
    direction TEXT NOT NULL DEFAULT '',
    directed_by TEXT NOT NULL DEFAULT '',
    directed_on TEXT,
    action_taken TEXT NOT NULL DEFAULT '',
    closed_on TEXT,
    raised_on TEXT NOT NULL,
    created_at {{timestamp}} NOT NULL,
    updated_at {{timestamp}} NOT NULL
);
CREATE INDEX difficulties_unit ON difficulties (unit_id, raised_on);
CREATE INDEX difficulties_state ON difficulties (state, raised_on);
