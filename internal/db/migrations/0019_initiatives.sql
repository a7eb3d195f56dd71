-- Initiatives (sáng kiến): what a unit or an enterprise proposes, its authors with
-- their contribution shares, the council that scores it, the recognition decision and,
-- once applied effectively, the units applying it. Target T5 counts the initiatives
-- recorded as applied effectively in each calendar year. Dates are civil dates in
-- Asia/Ho_Chi_Minh written as 'YYYY-MM-DD' text, so text order is date order on both
-- databases; instants are UTC timestamps.

-- The council's scoring criteria as rules (DESIGN.md, principle 1). kind is pass_fail
-- (scored 1 for đạt, 0 for không đạt) or points (0 to max_points). A points criterion
-- passes when the members' mean reaches pass_points; a pass/fail one when more than
-- half of the members scored it đạt. disqualifies: failing it rules the initiative out
-- whatever its other scores. The rule in force for a session is, per code, the row
-- with the latest effective_from not after the session's date; a changed regulation is
-- a new row with its own date.
CREATE TABLE initiative_criteria (
    id {{id}},
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    max_points INTEGER NOT NULL,
    pass_points INTEGER NOT NULL,
    disqualifies BOOLEAN NOT NULL DEFAULT FALSE,
    guidance TEXT NOT NULL DEFAULT '',
    sort_order INTEGER NOT NULL,
    citation TEXT NOT NULL,
    effective_from TEXT NOT NULL,
    UNIQUE (code, effective_from)
);

-- Seeded as DOMAIN.md gives the criteria; the points are a common provincial scale and
-- must be confirmed against the department's own regulation (marked "cần xác nhận").
INSERT INTO initiative_criteria (code, name, kind, max_points, pass_points, disqualifies, guidance, sort_order, citation, effective_from) VALUES
    ('novelty', 'Tính mới', 'pass_fail', 1, 1, TRUE,
     'Giải pháp chưa được áp dụng, công bố tại đơn vị trước ngày áp dụng lần đầu. Không đạt tính mới thì sáng kiến không được xét công nhận.',
     1, 'Điều lệ Sáng kiến ban hành kèm theo Nghị định 13/2012/NĐ-CP, Điều 4 — cần xác nhận theo quy định hiện hành', '2000-01-01'),
    ('applicability', 'Khả năng áp dụng, phạm vi ảnh hưởng', 'points', 40, 20, FALSE,
     'Đã áp dụng hoặc áp dụng thử, có thể nhân rộng ra các phòng, đơn vị hoặc doanh nghiệp khác.',
     2, 'Điều lệ Sáng kiến (Nghị định 13/2012/NĐ-CP), Điều 3, 4; Quy chế xét công nhận sáng kiến của Sở — thang điểm cần xác nhận', '2000-01-01'),
    ('economic', 'Hiệu quả kinh tế', 'points', 30, 5, FALSE,
     'Lợi ích tính được bằng tiền: chi phí, thời gian, vật tư tiết kiệm được.',
     3, 'Điều lệ Sáng kiến (Nghị định 13/2012/NĐ-CP), Điều 3; Thông tư 18/2013/TT-BKHCN — thang điểm cần xác nhận', '2000-01-01'),
    ('social', 'Hiệu quả xã hội', 'points', 30, 5, FALSE,
     'Cải cách hành chính, thuận lợi cho người dân và doanh nghiệp, an toàn, môi trường.',
     4, 'Điều lệ Sáng kiến (Nghị định 13/2012/NĐ-CP), Điều 3; Thông tư 18/2013/TT-BKHCN — thang điểm cần xác nhận', '2000-01-01');

-- The legal bases ("Căn cứ …") the recognition decision cites, as data too: those in
-- force on the decision's date (effective_to NULL: still in force), in sort order.
CREATE TABLE initiative_legal_bases (
    id {{id}},
    text TEXT NOT NULL,
    sort_order INTEGER NOT NULL,
    effective_from TEXT NOT NULL,
    effective_to TEXT
);

INSERT INTO initiative_legal_bases (text, sort_order, effective_from) VALUES
    ('Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022', 1, '2000-01-01'),
    ('Nghị định số 13/2012/NĐ-CP ngày 02 tháng 3 năm 2012 của Chính phủ ban hành Điều lệ Sáng kiến', 2, '2000-01-01'),
    ('Thông tư số 18/2013/TT-BKHCN ngày 01 tháng 8 năm 2013 của Bộ Khoa học và Công nghệ hướng dẫn thi hành một số quy định của Điều lệ Sáng kiến', 3, '2000-01-01');

-- A council session (phiên họp Hội đồng sáng kiến) and the decision it leads to: the
-- decision's number is taken from the document register the first time the decision
-- is made, and kept here so that a second download does not take another.
CREATE TABLE initiative_sessions (
    id {{id}},
    name TEXT NOT NULL,
    held_on TEXT NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    decision_number TEXT NOT NULL DEFAULT '',
    decision_on TEXT,
    created_at {{timestamp}} NOT NULL,
    updated_at {{timestamp}} NOT NULL
);
CREATE INDEX initiative_sessions_held_on ON initiative_sessions (held_on, id);

-- The council members of a session: council or office accounts. staff_id says which
-- staff member the account is, so that an author or someone of the submitting unit is
-- kept from scoring.
CREATE TABLE initiative_session_members (
    session_id BIGINT NOT NULL REFERENCES initiative_sessions(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id),
    staff_id BIGINT REFERENCES staff(id),
    added_at {{timestamp}} NOT NULL,
    PRIMARY KEY (session_id, user_id)
);
CREATE INDEX initiative_session_members_user ON initiative_session_members (user_id, session_id);

CREATE TABLE initiatives (
    id {{id}},
    title TEXT NOT NULL,
    -- draft, submitted, returned, under_review, recognised, not_recognised, applied
    state TEXT NOT NULL,
    -- who proposes it: a unit of the department or an enterprise, one of the two
    unit_id BIGINT REFERENCES units(id),
    enterprise_id BIGINT REFERENCES enterprises(id),
    field TEXT NOT NULL,
    first_applied_on TEXT NOT NULL,
    description TEXT NOT NULL,
    conditions TEXT NOT NULL,
    -- benefits: economic in integer đồng, social as text; measured ones NULL until known
    expected_dong BIGINT NOT NULL DEFAULT 0,
    expected_social TEXT NOT NULL DEFAULT '',
    measured_dong BIGINT,
    measured_social TEXT NOT NULL DEFAULT '',
    return_reason TEXT NOT NULL DEFAULT '',
    session_id BIGINT REFERENCES initiative_sessions(id),
    -- the council's decision: the vote and the level (base: cấp cơ sở, province: cấp tỉnh)
    votes_for INTEGER,
    votes_against INTEGER,
    level TEXT NOT NULL DEFAULT '',
    decided_on TEXT,
    -- applied effectively: since when in the applying units, and the day it was
    -- recorded as effective, by which T5 counts it
    applied_from TEXT,
    effective_on TEXT,
    evidence_note TEXT NOT NULL DEFAULT '',
    -- the day the current state began (effective_on once applied): lists filter by its year
    stage_on TEXT NOT NULL,
    search TEXT NOT NULL,
    created_by BIGINT REFERENCES users(id),
    created_at {{timestamp}} NOT NULL,
    updated_at {{timestamp}} NOT NULL
);
CREATE INDEX initiatives_state ON initiatives (state, stage_on);
CREATE INDEX initiatives_stage_on ON initiatives (stage_on, id);
CREATE INDEX initiatives_unit ON initiatives (unit_id, stage_on);
CREATE INDEX initiatives_enterprise ON initiatives (enterprise_id, stage_on);
CREATE INDEX initiatives_session ON initiatives (session_id);

-- Authors: a staff member (staff_id, name copied for the record) or a person outside
-- the department, such as an enterprise's employee (organisation names where they
-- work). share is in hundredths of a percent: the shares of one initiative sum to 10000.
CREATE TABLE initiative_authors (
    initiative_id BIGINT NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    staff_id BIGINT REFERENCES staff(id),
    name TEXT NOT NULL,
    organisation TEXT NOT NULL DEFAULT '',
    share INTEGER NOT NULL,
    PRIMARY KEY (initiative_id, position)
);
CREATE INDEX initiative_authors_staff ON initiative_authors (staff_id);

-- The units applying an initiative found effective: a unit of the department, or
-- another body named in full (unit_id NULL).
CREATE TABLE initiative_applications (
    initiative_id BIGINT NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    unit_id BIGINT REFERENCES units(id),
    name TEXT NOT NULL,
    PRIMARY KEY (initiative_id, position)
);

-- Files: purpose is document (the initiative's own papers) or evidence (of its
-- effective application). The type was checked by content when uploaded.
CREATE TABLE initiative_attachments (
    id {{id}},
    initiative_id BIGINT NOT NULL REFERENCES initiatives(id),
    purpose TEXT NOT NULL,
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    content {{blob}} NOT NULL,
    uploaded_by BIGINT REFERENCES users(id),
    uploaded_by_name TEXT NOT NULL DEFAULT '',
    created_at {{timestamp}} NOT NULL
);
CREATE INDEX initiative_attachments_initiative ON initiative_attachments (initiative_id, id);

-- One member's score of one criterion; replaced while the initiative is under review.
CREATE TABLE initiative_scores (
    initiative_id BIGINT NOT NULL REFERENCES initiatives(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    criterion_id BIGINT NOT NULL REFERENCES initiative_criteria(id),
    points INTEGER NOT NULL,
    scored_at {{timestamp}} NOT NULL,
    PRIMARY KEY (initiative_id, user_id, criterion_id)
);

-- The history shown on the initiative's page; the audit log keeps the full records.
CREATE TABLE initiative_events (
    id {{id}},
    initiative_id BIGINT NOT NULL REFERENCES initiatives(id),
    at {{timestamp}} NOT NULL,
    actor_id BIGINT,
    actor TEXT NOT NULL,
    from_state TEXT NOT NULL DEFAULT '',
    to_state TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX initiative_events_initiative ON initiative_events (initiative_id, id);
