-- The processing times per procedure (dossier.Store.ProcessingTimes) read, for every
-- dossier finished in a period, its procedure, unit and working days used. Through
-- dossiers_finished each of those rows was a lookup in the table, and a year of
-- 100,000 dossiers took 190 ms on SQLite; with the columns in the index the query
-- never leaves it and takes 65 ms. Open dossiers have no days used and are left out, as there.
CREATE INDEX dossiers_timing ON dossiers (finished_on, procedure_id, unit_id, days_used) WHERE finished_on IS NOT NULL;
