-- Administrative dossiers (hồ sơ TTHC) imported from the province's one-stop system,
-- with their timeliness computed at import by dossier.Classify, so that the statistics
-- of Biểu II.06a are a few aggregate queries over indexes instead of a working-day
-- computation per row. Dates are civil dates in Asia/Ho_Chi_Minh as 'YYYY-MM-DD' text.
CREATE TABLE dossiers (
    id {{id}},
    code TEXT NOT NULL UNIQUE,
    procedure_id BIGINT NOT NULL REFERENCES procedures(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    -- direct, postal, online_full, online_partial
    channel TEXT NOT NULL,
    received_on TEXT NOT NULL,
    appointment_on TEXT,
    finished_on TEXT,
    -- every supplement request is counted, the dates are those of the first
    supplement_count INTEGER NOT NULL DEFAULT 0,
    supplement_requested_on TEXT,
    supplement_returned_on TEXT,
    reappointed_on TEXT,
    reappointments INTEGER NOT NULL DEFAULT 0,
    apology BOOLEAN NOT NULL DEFAULT FALSE,
    -- the source system's own words (Đã trả kết quả, Đang xử lý …), kept as imported
    status TEXT NOT NULL DEFAULT '',
    -- Computed. base_due_on is the appointment date, or the received date plus the
    -- statutory time, NULL when neither is known. due_on is base_due_on moved by the
    -- supplement pause, NULL while the applicant has not returned the supplement.
    base_due_on TEXT,
    due_on TEXT,
    pause_days INTEGER NOT NULL DEFAULT 0,
    -- working days used less the pause, and calendar days from received to finished,
    -- for finished dossiers only
    days_used INTEGER,
    span_days INTEGER,
    -- early, on_time, late for finished dossiers, NULL while open
    result TEXT,
    -- re-appointed more than once
    violation BOOLEAN NOT NULL DEFAULT FALSE,
    -- the code lower-cased, for search by part of it
    search TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT '',
    source_row INTEGER NOT NULL DEFAULT 0,
    created_at {{timestamp}} NOT NULL,
    updated_at {{timestamp}} NOT NULL
);

-- The dossiers still open at a date among those received shortly before it (the
-- open and carried-over figures), and the lists of dossiers received in a period:
-- every column the count reads is in the index.
CREATE INDEX dossiers_received ON dossiers (received_on, unit_id, procedure_id, channel, finished_on,
    base_due_on, due_on, supplement_requested_on, supplement_returned_on);
-- The lists of dossiers resolved in a period. Open dossiers are left out, so that the
-- count of those goes to dossiers_open, which holds what it reads.
CREATE INDEX dossiers_finished ON dossiers (finished_on, unit_id) WHERE finished_on IS NOT NULL;
-- The dossiers not finished yet, however old: few, and the start of every open count,
-- with what that count reads. finished_on, always NULL here, is there for SQLite to
-- see that the index holds every column of the query and prefer it.
CREATE INDEX dossiers_open ON dossiers (received_on, unit_id, procedure_id, base_due_on, due_on,
    supplement_requested_on, supplement_returned_on, finished_on) WHERE finished_on IS NULL;
-- MAX(span_days) bounds how far before a date a dossier still open at it was received.
CREATE INDEX dossiers_span ON dossiers (span_days);
-- List pages of one unit, newest first. A list of one procedure walks
-- dossiers_received backwards instead: every index costs an import its share.
CREATE INDEX dossiers_unit ON dossiers (unit_id, received_on);

-- The received and resolved figures per day, unit and procedure, kept by the import in
-- the transaction that writes the dossiers. Summing a year of days reads a few
-- thousand rows where counting the dossiers read hundreds of thousands, and that
-- took 0.4 s a year at 1,000,000 dossiers. dossier.Store.CheckDaily proves it equal
-- to a recount; RebuildDaily recomputes it.
CREATE TABLE dossier_daily (
    day TEXT NOT NULL,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    procedure_id BIGINT NOT NULL REFERENCES procedures(id),
    received_online INTEGER NOT NULL DEFAULT 0,
    received_direct INTEGER NOT NULL DEFAULT 0,
    resolved_early INTEGER NOT NULL DEFAULT 0,
    resolved_on_time INTEGER NOT NULL DEFAULT 0,
    resolved_late INTEGER NOT NULL DEFAULT 0,
    late_with_apology INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, unit_id, procedure_id)
);
CREATE INDEX dossier_daily_sums ON dossier_daily (day, unit_id, procedure_id, received_online, received_direct,
    resolved_early, resolved_on_time, resolved_late, late_with_apology);
