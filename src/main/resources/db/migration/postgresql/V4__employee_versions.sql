-- See sqlite/V4: a version per write of each employee, and when the version before it was written.
ALTER TABLE employees ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE employees ADD COLUMN previous_updated_at TIMESTAMPTZ;
