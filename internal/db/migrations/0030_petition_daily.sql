-- The petitions answered per day and unit, on time, rated and rated satisfied: the
-- sums behind petition.Store.Scores (the on-time and satisfaction scores of Decision
-- 766 on the dashboard, the public statistics, the reports and the API). Counting the
-- petitions themselves read every petition answered in the period, 40 ms a year at
-- 200,000 petitions on SQLite, and the dashboard asked twice; a year of this table is
-- a few thousand rows. Every statement that writes a petition's unit, answer day,
-- timeliness or satisfaction changes its row here in the same transaction (update and
-- insertReplayed in internal/petition); petition.Store.CheckDaily compares it with a
-- recount. Rows of zero stay: a day's counts may fall back to nothing.
CREATE TABLE petition_daily (
    day TEXT NOT NULL,
    unit_id BIGINT NOT NULL REFERENCES units(id),
    handled INTEGER NOT NULL DEFAULT 0,
    on_time INTEGER NOT NULL DEFAULT 0,
    rated INTEGER NOT NULL DEFAULT 0,
    satisfied INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, unit_id)
);

INSERT INTO petition_daily (day, unit_id, handled, on_time, rated, satisfied)
SELECT handled_on, unit_id, COUNT(*),
    SUM(CASE WHEN handled_on_time THEN 1 ELSE 0 END),
    SUM(CASE WHEN satisfaction <> 'none' THEN 1 ELSE 0 END),
    SUM(CASE WHEN satisfaction = 'satisfied' THEN 1 ELSE 0 END)
FROM petitions WHERE handled_on IS NOT NULL AND unit_id IS NOT NULL
GROUP BY handled_on, unit_id;
