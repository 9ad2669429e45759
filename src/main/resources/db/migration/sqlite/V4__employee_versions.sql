-- Subscribers get each employee's changes in commit order, once, on every instance: every write
-- of a row counts its version up, and keeps when the version before it was written. Events carry
-- both, so that an instance can put changes that arrive out of order back in order, drop repeats,
-- and tell a change whose predecessor is still on its way from one whose predecessor it could
-- never have seen.
ALTER TABLE employees ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE employees ADD COLUMN previous_updated_at TIMESTAMP;
