ALTER TABLE sync_history ADD COLUMN options TEXT;
ALTER TABLE sync_history ADD COLUMN failed_records TEXT;
ALTER TABLE sync_history ADD COLUMN next_attempt_at TIMESTAMPTZ;
ALTER TABLE sync_history ADD COLUMN claimed_by VARCHAR(64);
ALTER TABLE sync_history ADD COLUMN claimed_until TIMESTAMPTZ;

CREATE INDEX ix_sync_history_due ON sync_history (status, next_attempt_at);

-- Idempotency-Key: the primary key is what makes a key taken once across all instances.
CREATE TABLE idempotency_keys (
    idempotency_key VARCHAR(255) PRIMARY KEY,
    request_hash    VARCHAR(64)  NOT NULL,
    state           VARCHAR(16)  NOT NULL,
    status_code     INTEGER,
    response_body   BYTEA,
    created_at      TIMESTAMPTZ  NOT NULL
);
CREATE INDEX ix_idempotency_keys_created_at ON idempotency_keys (created_at);
