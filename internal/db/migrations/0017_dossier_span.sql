-- The statistics count the dossiers open at a date among those received at most the
-- longest span (span_days, calendar days from received to finished) of any dossier
-- before it (dossier.Store.countOpen). MAX(span_days) came from an index of its own,
-- which every dossier an import writes had to enter, for one number. The import keeps
-- that number here instead, in the transaction that writes the dossiers, exact as
-- dossier_daily is: dossier.Store.CheckDaily compares it with a recount and
-- RebuildDaily recomputes it. One row, id 1.
CREATE TABLE dossier_span (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    max_days INTEGER NOT NULL
);
INSERT INTO dossier_span (id, max_days) SELECT 1, COALESCE(MAX(span_days), 0) FROM dossiers;
DROP INDEX dossiers_span;
