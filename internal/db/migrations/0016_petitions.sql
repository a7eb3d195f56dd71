-- Enterprise petitions (phản ánh, kiến nghị): what an enterprise or a member of the
-- public sends, its handling from intake to the published answer, its history, its
-- files, and the working-day rules its deadlines are counted by. Dates are civil
-- dates in Asia/Ho_Chi_Minh written as 'YYYY-MM-DD' text, so text order is date order
-- on both databases; instants are UTC timestamps.

-- Deadline rules as data (DESIGN.md, principle 1). code is one of refuse_by,
-- request_info_by, process_by, publish_by, transfer_by, reopen_within; category is a
-- petition kind (feedback, proposal, complaint), NULL for every kind. The rule in
-- force on a petition's received date is the one with the latest effective_from not
-- after it, a rule of the petition's own kind before a rule for every kind.
CREATE TABLE petition_rules (
    id {{id}},
    code TEXT NOT NULL,
    category TEXT,
    working_days INTEGER NOT NULL,
    citation TEXT NOT NULL,
    effective_from TEXT NOT NULL
);
CREATE UNIQUE INDEX petition_rules_key ON petition_rules (code, (COALESCE(category, '')), effective_from);

-- The national portal's clocks as DOMAIN.md gives them. effective_from is a floor
-- rather than a decree's date, so that every petition finds a rule; a changed decree
-- is a new row with its own date.
INSERT INTO petition_rules (code, category, working_days, citation, effective_from) VALUES
    ('refuse_by', NULL, 2, 'Quy trình xử lý phản ánh, kiến nghị trên Cổng Dịch vụ công quốc gia (Quyết định 31/2021/QĐ-TTg); Nghị định 20/2008/NĐ-CP, sửa đổi bởi Nghị định 92/2017/NĐ-CP — cần xác nhận', '2000-01-01'),
    ('request_info_by', NULL, 5, 'Quy trình xử lý phản ánh, kiến nghị trên Cổng Dịch vụ công quốc gia (Quyết định 31/2021/QĐ-TTg) — cần xác nhận', '2000-01-01'),
    ('process_by', NULL, 15, 'Quy trình xử lý phản ánh, kiến nghị trên Cổng Dịch vụ công quốc gia (Quyết định 31/2021/QĐ-TTg); Nghị định 20/2008/NĐ-CP — cần xác nhận', '2000-01-01'),
    ('publish_by', NULL, 2, 'Quy trình xử lý phản ánh, kiến nghị trên Cổng Dịch vụ công quốc gia (Quyết định 31/2021/QĐ-TTg) — cần xác nhận', '2000-01-01'),
    ('transfer_by', NULL, 5, 'Nghị định 20/2008/NĐ-CP, sửa đổi bởi Nghị định 92/2017/NĐ-CP (chuyển phản ánh, kiến nghị không thuộc thẩm quyền) — cần xác nhận', '2000-01-01'),
    ('reopen_within', NULL, 10, 'Quy định của Sở về thời hạn người gửi đề nghị xem xét lại — chưa có căn cứ, cần xác nhận', '2000-01-01');

CREATE TABLE petitions (
    id {{id}},
    -- what the public sender follows the petition with: PA-2026-7K3M9Q
    tracking_code TEXT NOT NULL UNIQUE,
    -- feedback, proposal, complaint
    kind TEXT NOT NULL,
    -- web, paper, phone, email, dialogue
    channel TEXT NOT NULL,
    -- received, processing, awaiting_info, awaiting_publication, published, refused, transferred
    state TEXT NOT NULL,
    -- incremented by every action; an action updates only the version it read
    version INTEGER NOT NULL DEFAULT 1,
    enterprise_id BIGINT REFERENCES enterprises(id),
    sender_name TEXT NOT NULL DEFAULT '',
    -- digits only, national form (0912345678); lower-cased e-mail
    sender_phone TEXT NOT NULL DEFAULT '',
    sender_email TEXT NOT NULL DEFAULT '',
    subject TEXT NOT NULL,
    -- as typed; never interpreted as HTML
    content TEXT NOT NULL,
    procedure_id BIGINT REFERENCES procedures(id),
    field TEXT NOT NULL DEFAULT '',
    -- the dialogue the question was raised at; that table comes later
    dialogue_id BIGINT,
    publish_consent BOOLEAN NOT NULL DEFAULT FALSE,
    received_at {{timestamp}} NOT NULL,
    received_on TEXT NOT NULL,
    unit_id BIGINT REFERENCES units(id),
    refusal_reason TEXT NOT NULL DEFAULT '',
    transferred_to TEXT NOT NULL DEFAULT '',
    answer TEXT NOT NULL DEFAULT '',
    -- the answer of the current handling cycle, cleared by a reopen
    answered_on TEXT,
    -- the answer with personal data masked, and whether it is on the public page
    published_answer TEXT NOT NULL DEFAULT '',
    published_on TEXT,
    is_public BOOLEAN NOT NULL DEFAULT FALSE,
    public_search TEXT NOT NULL DEFAULT '',
    -- the day handling ended (published, refused, transferred): the reopen window's start
    closed_on TEXT,
    -- the last completed handling, kept across a reopen until the next answer, for
    -- the on-time rate of the unit that answered
    handled_on TEXT,
    handled_on_time BOOLEAN,
    satisfaction TEXT NOT NULL DEFAULT 'none',
    reopen_count INTEGER NOT NULL DEFAULT 0,
    duplicate_of BIGINT REFERENCES petitions(id),
    -- the clocks count from cycle_start_on: the received date, or the last reopen
    cycle_start_on TEXT NOT NULL,
    info_requested_on TEXT,
    -- while awaiting the sender: the day the wait began; pause_days are the working
    -- days of the waits already over
    paused_on TEXT,
    pause_days INTEGER NOT NULL DEFAULT 0,
    -- deadlines as computed at the last change; process_by includes finished waits
    refuse_by TEXT NOT NULL,
    request_info_by TEXT NOT NULL,
    process_by TEXT NOT NULL,
    transfer_by TEXT NOT NULL,
    publish_by TEXT,
    -- the date the running clock runs out, '9999-12-31' when none runs (awaiting the
    -- sender, or closed): lists sort by it and a petition is overdue when it is past
    due_key TEXT NOT NULL,
    created_by BIGINT,
    created_at {{timestamp}} NOT NULL,
    updated_at {{timestamp}} NOT NULL
);
-- The office's queues of one state, oldest first (triage: received).
CREATE INDEX petitions_state ON petitions (state, received_at, id);
-- A unit's worklist by nearest deadline and its counters, from the index alone.
CREATE INDEX petitions_worklist ON petitions (unit_id, state, due_key, id);
-- The leadership's overdue view: every running clock past today, most overdue first.
CREATE INDEX petitions_due ON petitions (due_key, id);
-- An enterprise's own petitions, newest first, and its recent ones for duplicates.
CREATE INDEX petitions_enterprise ON petitions (enterprise_id, received_at, id);
CREATE INDEX petitions_sender_email ON petitions (sender_email, received_at);
CREATE INDEX petitions_sender_phone ON petitions (sender_phone, received_at);
-- Published answers on the public page, newest first.
CREATE INDEX petitions_public ON petitions (is_public, published_on, id);
-- The on-time and satisfaction rates per unit over a period.
CREATE INDEX petitions_handled ON petitions (handled_on, unit_id, handled_on_time, satisfaction);
CREATE INDEX petitions_duplicate ON petitions (duplicate_of);
-- The questions raised at one dialogue.
CREATE INDEX petitions_dialogue ON petitions (dialogue_id, received_at, id);

-- Every action on a petition, for its history page; the audit log keeps the
-- before and after of the same change.
CREATE TABLE petition_events (
    id {{id}},
    petition_id BIGINT NOT NULL REFERENCES petitions(id),
    at {{timestamp}} NOT NULL,
    actor_id BIGINT,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    from_state TEXT NOT NULL DEFAULT '',
    to_state TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX petition_events_petition ON petition_events (petition_id, id);

-- Files sent with a petition, type checked by content, kept in the database so that
-- any app process can serve them.
CREATE TABLE petition_attachments (
    id {{id}},
    petition_id BIGINT NOT NULL REFERENCES petitions(id),
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    content {{blob}} NOT NULL,
    uploaded_by BIGINT,
    uploaded_by_name TEXT NOT NULL DEFAULT '',
    created_at {{timestamp}} NOT NULL
);
CREATE INDEX petition_attachments_petition ON petition_attachments (petition_id, id);

-- Answer templates a unit keeps for the petitions it often receives.
CREATE TABLE petition_templates (
    id {{id}},
    unit_id BIGINT NOT NULL REFERENCES units(id),
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at {{timestamp}} NOT NULL,
    updated_at {{timestamp}} NOT NULL,
    UNIQUE (unit_id, title)
);
