-- The register of official documents (sổ đăng ký văn bản đi): one row per number
-- given out. Numbers run per type and calendar year, from 01 every 1 January.

-- One counter row per (type, year). Allocating a number increments it with one
-- upsert, which both databases serialise on the row, so concurrent requests from
-- several processes never get the same number; MAX(number) + 1 would race.
CREATE TABLE document_counters (
    type TEXT NOT NULL,
    year INTEGER NOT NULL,
    last_number INTEGER NOT NULL,
    PRIMARY KEY (type, year)
);

CREATE TABLE documents (
    id {{id}},
    -- QĐ, KH, BC, TTr, TB, HD, BB, GM, or PXL for the one-stop apology letter
    type TEXT NOT NULL,
    year INTEGER NOT NULL,
    number INTEGER NOT NULL,
    -- as printed: 07/BC-SXD
    number_text TEXT NOT NULL,
    -- the signing date, YYYY-MM-DD in Asia/Ho_Chi_Minh; its year is the series
    issued_on TEXT NOT NULL,
    summary TEXT NOT NULL,
    created_by BIGINT REFERENCES users(id),
    created_by_name TEXT NOT NULL DEFAULT '',
    created_at {{timestamp}} NOT NULL,
    UNIQUE (type, year, number)
);
CREATE INDEX documents_year ON documents (year, type, number);
