-- The processing times per procedure (dossier.Store.ProcessingTimes) counted every
-- dossier finished in the period, through dossiers_timing: 0.1-0.15 s a year at
-- 1,000,000 dossiers on SQLite, the bulk of the targets page. dossier_daily already
-- counts the dossiers resolved per day, unit and procedure; with the sum and count of
-- their working days used (days_used, NULL when unknown, so the count may be below
-- the resolved ones) beside them, the times are sums over a few thousand rows too.
-- The import keeps both as it keeps the resolved counts; CheckDaily compares them.
ALTER TABLE dossier_daily ADD COLUMN days_used_sum INTEGER NOT NULL DEFAULT 0;
ALTER TABLE dossier_daily ADD COLUMN days_used_count INTEGER NOT NULL DEFAULT 0;
-- Existing rows get the dossiers resolved on their day; rows with nothing resolved
-- keep 0. Correlated subqueries, not UPDATE … FROM, so one text serves both databases;
-- each reads dossiers_timing alone.
UPDATE dossier_daily SET
    days_used_sum = COALESCE((SELECT SUM(d.days_used) FROM dossiers d WHERE d.finished_on = dossier_daily.day
        AND d.unit_id = dossier_daily.unit_id AND d.procedure_id = dossier_daily.procedure_id), 0),
    days_used_count = (SELECT COUNT(d.days_used) FROM dossiers d WHERE d.finished_on = dossier_daily.day
        AND d.unit_id = dossier_daily.unit_id AND d.procedure_id = dossier_daily.procedure_id)
WHERE resolved_early + resolved_on_time + resolved_late > 0;
