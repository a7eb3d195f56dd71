-- What eligibility for emulation titles depends on besides the rubric: each staff
-- member's and unit's task-completion rating of the year (xếp loại mức độ hoàn thành
-- nhiệm vụ), discipline, and investigations or complaints not yet resolved.

-- rating: excellent (hoàn thành xuất sắc), good (hoàn thành tốt), complete (hoàn
-- thành), incomplete (không hoàn thành). subject is 'staff:ID' or 'unit:ID'.
CREATE TABLE award_ratings (
    id {{id}},
    year INTEGER NOT NULL,
    staff_id BIGINT REFERENCES staff(id),
    unit_id BIGINT REFERENCES units(id),
    subject TEXT NOT NULL,
    rating TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at {{timestamp}} NOT NULL,
    updated_at {{timestamp}} NOT NULL,
    UNIQUE (year, subject)
);
CREATE INDEX award_ratings_unit ON award_ratings (year, unit_id);

-- A discipline decision against a staff member (or a unit): level is reprimand
-- (khiển trách), warning (cảnh cáo), demotion (hạ bậc lương), removal (cách chức),
-- dismissal (buộc thôi việc). It weighs on titles from decided_on to until_on
-- (NULL: the end of the year it was decided in, as the common rule reads).
CREATE TABLE award_discipline (
    id {{id}},
    staff_id BIGINT REFERENCES staff(id),
    unit_id BIGINT REFERENCES units(id),
    subject TEXT NOT NULL,
    level TEXT NOT NULL,
    decided_on TEXT NOT NULL,
    until_on TEXT,
    decision TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',
    created_at {{timestamp}} NOT NULL
);
CREATE INDEX award_discipline_subject ON award_discipline (subject, decided_on);

-- An investigation or complaint against a staff member or unit: pending until
-- resolved_on is set. No commendation while one is pending.
CREATE TABLE award_cases (
    id {{id}},
    staff_id BIGINT REFERENCES staff(id),
    unit_id BIGINT REFERENCES units(id),
    subject TEXT NOT NULL,
    kind TEXT NOT NULL,
    opened_on TEXT NOT NULL,
    resolved_on TEXT,
    note TEXT NOT NULL DEFAULT '',
    created_at {{timestamp}} NOT NULL
);
CREATE INDEX award_cases_subject ON award_cases (subject, opened_on);
