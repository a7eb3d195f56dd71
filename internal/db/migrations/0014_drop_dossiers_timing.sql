-- Processing times are now summed from dossier_daily (0013); the index 0012 added for
-- scanning finished dossiers only slowed every import down.
DROP INDEX dossiers_timing;
