-- Evaluation (chấm điểm thi đua): a rubric per movement, year and audience (units, or
-- enterprises), versioned, so that a year's scores keep the rubric they were given
-- against; its criteria grouped by the plan's contents; and the scores, each stored
-- with the evidence it was computed from.

-- A rubric version. A new version is a new row; the assessments of a year point at
-- the version they used and keep it. weights of its criteria sum to 100.
CREATE TABLE award_rubrics (
    id {{id}},
    movement_id BIGINT NOT NULL REFERENCES movements(id),
    year INTEGER NOT NULL,
    audience TEXT NOT NULL,
    version INTEGER NOT NULL,
    name TEXT NOT NULL,
    -- the most bonus and penalty points an assessment may add or take off
    bonus_max INTEGER NOT NULL DEFAULT 0,
    penalty_max INTEGER NOT NULL DEFAULT 0,
    created_by BIGINT REFERENCES users(id),
    created_at {{timestamp}} NOT NULL,
    UNIQUE (movement_id, year, audience, version)
);

-- A criterion: kind is evidence (points from a thidua measure by thresholds) or
-- manual (scored by the unit, then the office, then the council). thresholds is a
-- JSON list [{"at": 98, "points": 30}, …]: the points of the highest threshold the
-- measure reaches (a value exactly at a threshold reaches it).
CREATE TABLE award_criteria (
    id {{id}},
    rubric_id BIGINT NOT NULL REFERENCES award_rubrics(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    content_code TEXT NOT NULL,
    name TEXT NOT NULL,
    max_points INTEGER NOT NULL,
    weight INTEGER NOT NULL,
    kind TEXT NOT NULL,
    measure TEXT NOT NULL DEFAULT '',
    thresholds TEXT NOT NULL DEFAULT '[]',
    guidance TEXT NOT NULL DEFAULT '',
    UNIQUE (rubric_id, position)
);

-- One unit's or enterprise's assessment against a rubric version: self-assessed by
-- the unit, reviewed by the office, then seen by the council.
-- state: draft, self_assessed, reviewed
CREATE TABLE award_assessments (
    id {{id}},
    rubric_id BIGINT NOT NULL REFERENCES award_rubrics(id),
    unit_id BIGINT REFERENCES units(id),
    enterprise_id BIGINT REFERENCES enterprises(id),
    -- 'unit:ID' or 'enterprise:ID'
    subject TEXT NOT NULL,
    state TEXT NOT NULL,
    bonus DOUBLE PRECISION NOT NULL DEFAULT 0,
    penalty DOUBLE PRECISION NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT '',
    self_at {{timestamp}},
    reviewed_at {{timestamp}},
    created_at {{timestamp}} NOT NULL,
    updated_at {{timestamp}} NOT NULL,
    UNIQUE (rubric_id, subject)
);
CREATE INDEX award_assessments_unit ON award_assessments (unit_id);
CREATE INDEX award_assessments_enterprise ON award_assessments (enterprise_id);

-- A score of one criterion by one scorer at one stage (self, office, council). For an
-- evidence criterion the measure's value, numerator and denominator at scoring time
-- are kept, so that a later change of the records shows as a difference.
CREATE TABLE award_scores (
    assessment_id BIGINT NOT NULL REFERENCES award_assessments(id) ON DELETE CASCADE,
    criterion_id BIGINT NOT NULL REFERENCES award_criteria(id),
    stage TEXT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users(id),
    points DOUBLE PRECISION NOT NULL,
    input_value DOUBLE PRECISION,
    input_num INTEGER,
    input_den INTEGER,
    note TEXT NOT NULL DEFAULT '',
    scored_at {{timestamp}} NOT NULL,
    PRIMARY KEY (assessment_id, criterion_id, stage, user_id)
);

-- Evidence files of a self-assessment; type checked by content on upload.
CREATE TABLE award_files (
    id {{id}},
    assessment_id BIGINT NOT NULL REFERENCES award_assessments(id) ON DELETE CASCADE,
    criterion_id BIGINT REFERENCES award_criteria(id),
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    content {{blob}} NOT NULL,
    uploaded_by BIGINT REFERENCES users(id),
    created_at {{timestamp}} NOT NULL
);
CREATE INDEX award_files_assessment ON award_files (assessment_id, id);
