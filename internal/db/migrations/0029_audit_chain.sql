-- The audit log becomes a hash chain: each entry has its place in the chain (seq),
-- the hash of the entry before it and its own hash over its fields, so that an entry
-- changed or deleted behind thidua's back shows (thidua audit verify). audit_chain's
-- one row is the chain's head; appending locks it, so that processes writing at
-- once on PostgreSQL append one after another.
ALTER TABLE audit_log ADD COLUMN seq BIGINT;
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;
CREATE UNIQUE INDEX audit_log_seq ON audit_log (seq);
CREATE TABLE audit_chain (
    id INTEGER PRIMARY KEY,
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_chain (id, seq, hash) VALUES (1, 0, '');
-- The entries written before this migration are chained in the order of their ids.
-- step: audit-chain
