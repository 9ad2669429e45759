-- Large loads as jobs: the upload lies in a file (sync-bridge.jobs.directory); the row says how far
-- processing got. data_offset, the counts and the chunk's results (sync_job_results) change together
-- with the chunk they describe, in its transaction, so that a job resumes after a crash where it
-- stopped.
-- uploading_by/until: the upload that holds the job's turn to append, on whichever instance.
CREATE TABLE sync_jobs (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    model            VARCHAR(32) NOT NULL,
    options          TEXT,
    state            VARCHAR(16) NOT NULL,
    format           VARCHAR(8),
    csv_header       TEXT,
    bytes_uploaded   BIGINT      NOT NULL DEFAULT 0,
    data_offset      BIGINT      NOT NULL DEFAULT 0,
    records_read     BIGINT      NOT NULL DEFAULT 0,
    records_stored   BIGINT      NOT NULL DEFAULT 0,
    records_failed   BIGINT      NOT NULL DEFAULT 0,
    error            TEXT,
    failures         INTEGER     NOT NULL DEFAULT 0,
    created_at       TIMESTAMPTZ NOT NULL,
    started_at       TIMESTAMPTZ,
    finished_at      TIMESTAMPTZ,
    claimed_by       VARCHAR(64),
    claimed_until    TIMESTAMPTZ,
    uploading_by     VARCHAR(64),
    uploading_until  TIMESTAMPTZ
);
CREATE INDEX ix_sync_jobs_state_id ON sync_jobs (state, id);
CREATE INDEX ix_sync_jobs_model_state_id ON sync_jobs (model, state, id);

-- Each stored chunk's result rows, in the job's format, keyed by where the chunk starts in the data.
CREATE TABLE sync_job_results (
    job_id      BIGINT      NOT NULL REFERENCES sync_jobs (id) ON DELETE CASCADE,
    data_offset BIGINT      NOT NULL,
    successful  BYTEA,
    failed      BYTEA,
    PRIMARY KEY (job_id, data_offset)
);
