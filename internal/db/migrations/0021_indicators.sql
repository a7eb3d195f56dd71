-- Enterprise business indicators (chỉ tiêu sản xuất kinh doanh): what each enterprise
-- reports for a year, or for a half of it, entered by its own account or imported by
-- the office; and the submission deadlines as rules with their legal basis. Money is
-- integer đồng; counts are integers.
CREATE TABLE indicators (
    id {{id}},
    enterprise_id BIGINT NOT NULL REFERENCES enterprises(id),
    year INTEGER NOT NULL,
    -- 0: the whole year; 1: the first six months; 2: the last six months
    half INTEGER NOT NULL DEFAULT 0,
    revenue BIGINT NOT NULL,
    -- before tax; a loss is negative
    profit BIGINT NOT NULL,
    budget_paid BIGINT NOT NULL,
    employees INTEGER NOT NULL,
    -- average monthly income per worker
    avg_income BIGINT NOT NULL DEFAULT 0,
    -- invested in machinery and technology during the period
    investment BIGINT NOT NULL DEFAULT 0,
    digital TEXT NOT NULL DEFAULT '',
    green TEXT NOT NULL DEFAULT '',
    welfare TEXT NOT NULL DEFAULT '',
    insurance_full BOOLEAN NOT NULL DEFAULT TRUE,
    insurance_arrears BIGINT NOT NULL DEFAULT 0,
    accidents INTEGER NOT NULL DEFAULT 0,
    -- environmental and fire-safety violations recorded in the period
    violations INTEGER NOT NULL DEFAULT 0,
    tax_arrears BIGINT NOT NULL DEFAULT 0,
    -- revenue per worker, kept for the ranking's index; NULL without workers
    productivity BIGINT,
    -- form (the enterprise's account) or import (the office's file)
    source TEXT NOT NULL,
    created_at {{timestamp}} NOT NULL,
    updated_at {{timestamp}} NOT NULL
);
CREATE UNIQUE INDEX indicators_period ON indicators (enterprise_id, year, half);
CREATE INDEX indicators_year ON indicators (year, half, enterprise_id);
-- The ranking walks a period's reports in the order of one measure and stops at ten.
CREATE INDEX indicators_revenue ON indicators (year, half, revenue);
CREATE INDEX indicators_profit ON indicators (year, half, profit);
CREATE INDEX indicators_budget ON indicators (year, half, budget_paid);
CREATE INDEX indicators_productivity ON indicators (year, half, productivity);

-- The analysis reads each period's reports summed by sector and ownership rather
-- than the reports themselves, which at 10,000 enterprises take too long to sum on
-- every page. indicator_sums is derived data, rebuilt for a period from the reports
-- when they, the previous period's (growth compares with them) or the enterprises
-- (their sectors and ownership) changed since it was built: every write of a
-- period's reports adds one to its version, and a period records the versions and the
-- enterprises' state (the last audit entry about an enterprise: every change of one
-- writes one) its sums were built from.
CREATE TABLE indicator_periods (
    year INTEGER NOT NULL,
    half INTEGER NOT NULL,
    version BIGINT NOT NULL DEFAULT 0,
    sums_version BIGINT NOT NULL DEFAULT -1,
    sums_previous BIGINT NOT NULL DEFAULT -1,
    sums_enterprises TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (year, half)
);
CREATE INDEX audit_log_entity_id ON audit_log (entity, id);

-- One row per period, sector and ownership; sector '' counts every enterprise once
-- whatever its sectors. matched and the now_ and before_ sums are those of the
-- enterprises that reported the previous period too (now_ this period's figures,
-- before_ that period's). b0…b10 count the reports in each band of the analysis's
-- distributions, in the order indicator.bands lists them.
CREATE TABLE indicator_sums (
    year INTEGER NOT NULL,
    half INTEGER NOT NULL,
    sector TEXT NOT NULL,
    ownership TEXT NOT NULL,
    enterprises BIGINT NOT NULL,
    revenue BIGINT NOT NULL,
    profit BIGINT NOT NULL,
    budget_paid BIGINT NOT NULL,
    employees BIGINT NOT NULL,
    investment BIGINT NOT NULL,
    income_mass BIGINT NOT NULL,
    matched BIGINT NOT NULL,
    now_revenue BIGINT NOT NULL,
    now_profit BIGINT NOT NULL,
    now_budget_paid BIGINT NOT NULL,
    now_employees BIGINT NOT NULL,
    before_revenue BIGINT NOT NULL,
    before_profit BIGINT NOT NULL,
    before_budget_paid BIGINT NOT NULL,
    before_employees BIGINT NOT NULL,
    b0 BIGINT NOT NULL, b1 BIGINT NOT NULL, b2 BIGINT NOT NULL, b3 BIGINT NOT NULL, b4 BIGINT NOT NULL, b5 BIGINT NOT NULL,
    b6 BIGINT NOT NULL, b7 BIGINT NOT NULL, b8 BIGINT NOT NULL, b9 BIGINT NOT NULL, b10 BIGINT NOT NULL,
    tax_ok BIGINT NOT NULL,
    insurance_ok BIGINT NOT NULL,
    safety_ok BIGINT NOT NULL,
    environment_ok BIGINT NOT NULL,
    compliant BIGINT NOT NULL,
    PRIMARY KEY (year, half, sector, ownership)
);

-- When each period's figures are due: day and month of the year the period ends in,
-- plus years_after (31/03 of the next year is month 3, day 31, years_after 1). The rule
-- in force for a year is the one with the latest from_year not after it. Reminders go
-- out on the working days before the due date listed in remind_before, and every
-- remind_every working days after it until the figures come in or remind_until
-- working days have passed.
CREATE TABLE indicator_deadlines (
    id {{id}},
    half INTEGER NOT NULL,
    due_month INTEGER NOT NULL,
    due_day INTEGER NOT NULL,
    years_after INTEGER NOT NULL,
    remind_before TEXT NOT NULL DEFAULT '20,5,1',
    remind_every INTEGER NOT NULL DEFAULT 5,
    remind_until INTEGER NOT NULL DEFAULT 40,
    citation TEXT NOT NULL,
    from_year INTEGER NOT NULL
);
CREATE UNIQUE INDEX indicator_deadlines_key ON indicator_deadlines (half, from_year);

-- Seeded with the annual deadline the plan implies but does not write, so it says so.
-- Half-year figures are optional and have no deadline until the office sets one.
INSERT INTO indicator_deadlines (half, due_month, due_day, years_after, citation, from_year) VALUES
    (0, 3, 31, 1, 'Kế hoạch phong trào thi đua, mục VII.2 (Phòng Kế hoạch - Tài chính tổng hợp chỉ tiêu sản xuất kinh doanh); hạn 31/03 năm sau, cùng hạn nộp báo cáo tài chính năm (Luật Quản lý thuế 2019, điều 44) — cần xác nhận', 2000);
