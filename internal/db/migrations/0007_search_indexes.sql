-- The enterprise list walks enterprises in name order, testing each one's activity,
-- ownership and search words, until it has a page. With those columns in the index the
-- walk never leaves it for the table; for a rare word it reads every entry, and looking
-- up each row in the table made that take 200 ms at 100,000 enterprises. SQLite also
-- counts the matches from it, as it is less than half the table's size. It begins with
-- the columns of enterprises_sort, which it replaces.
CREATE INDEX enterprises_list ON enterprises (sort_name, id, active, ownership, search);
DROP INDEX enterprises_sort;

-- The list counts the matches on one connection while it finds the page on another
-- (enterprise.Store.List). PostgreSQL would also split each of those scans among
-- parallel workers, and a search then kept four processes busy on two cores and took
-- half as long again. At this table's size one process per scan is enough.
-- only postgres
ALTER TABLE enterprises SET (parallel_workers = 0);
-- end only
