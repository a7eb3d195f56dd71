-- Corrections an administrator makes to the computed working-day calendar: one row per
-- date. working = TRUE makes the date a working day (a computed holiday cancelled, a
-- swapped Saturday); FALSE makes it a day off (e.g. the extra Tết days the government
-- announces). Dates are civil dates in Asia/Ho_Chi_Minh written as 'YYYY-MM-DD', so
-- text order is date order on both databases.

CREATE TABLE calendar_overrides (
    id {{id}},
    date TEXT NOT NULL UNIQUE,
    working BOOLEAN NOT NULL,
    name TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at {{timestamp}} NOT NULL,
    updated_at {{timestamp}} NOT NULL
);
