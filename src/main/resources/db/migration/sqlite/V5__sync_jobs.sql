-- Large loads as jobs: the upload lies in a file (sync-bridge.jobs.directory); the row says how far
-- processing got. data_offset, the counts and the chunk's results (sync_job_results) change together
-- with the chunk they describe, in its transaction, so that a job resumes after a crash where it
-- stopped.
-- uploading_by/until: the upload that holds the job's turn to append, on whichever instance.
CREATE TABLE sync_jobs (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    model            VARCHAR(32) NOT NULL,
    options          TEXT,
    state            VARCHAR(16) NOT NULL,
    format           VARCHAR(8),
    csv_header       TEXT,
    bytes_uploaded   INTEGER     NOT NULL DEFAULT 0,
    data_offset      INTEGER     NOT NULL DEFAULT 0,
    records_read     INTEGER     NOT NULL DEFAULT 0,
    records_stored   INTEGER     NOT NULL DEFAULT 0,
    records_failed   INTEGER     NOT NULL DEFAULT 0,
    error            TEXT,
    failures         INTEGER     NOT NULL DEFAULT 0,
    created_at       TIMESTAMP   NOT NULL,
    started_at       TIMESTAMP,
    finished_at      TIMESTAMP,
    claimed_by       VARCHAR(64),
    claimed_until    TIMESTAMP,
    uploading_by     VARCHAR(64),
    uploading_until  TIMESTAMP
);
CREATE INDEX ix_sync_jobs_state_id ON sync_jobs (state, id);
CREATE INDEX ix_sync_jobs_model_state_id ON sync_jobs (model, state, id);

-- Each stored chunk's result rows, in the job's format, keyed by where the chunk starts in the data.
CREATE TABLE sync_job_results (
    job_id      INTEGER      NOT NULL REFERENCES sync_jobs (id) ON DELETE CASCADE,
    data_offset INTEGER      NOT NULL,
    successful  BLOB,
    failed      BLOB,
    PRIMARY KEY (job_id, data_offset)
);
