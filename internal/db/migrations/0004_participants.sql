-- Lists of enterprises and staff sort by a folded name filled in Go, so that Đ sorts
-- with D and accented capitals do not fall after Z whatever the server's collation.
-- Staff sort by given name first, as Vietnamese name lists do.

ALTER TABLE enterprises ADD COLUMN sort_name TEXT NOT NULL DEFAULT '';
CREATE INDEX enterprises_sort ON enterprises (sort_name, id);

ALTER TABLE staff ADD COLUMN sort_name TEXT NOT NULL DEFAULT '';
CREATE INDEX staff_sort ON staff (sort_name, id);
CREATE INDEX staff_unit_sort ON staff (unit_id, sort_name, id);
