-- What a replay needs: the request's options and, for a partial sync, which records failed;
-- and what the retry worker needs: when the next attempt is due and who holds the entry.
ALTER TABLE sync_history ADD COLUMN options TEXT;
ALTER TABLE sync_history ADD COLUMN failed_records TEXT;
ALTER TABLE sync_history ADD COLUMN next_attempt_at TIMESTAMP;
ALTER TABLE sync_history ADD COLUMN claimed_by VARCHAR(64);
ALTER TABLE sync_history ADD COLUMN claimed_until TIMESTAMP;

CREATE INDEX ix_sync_history_due ON sync_history (status, next_attempt_at);

-- Idempotency-Key: the first response to a key, kept 24 h and replayed byte for byte.
CREATE TABLE idempotency_keys (
    idempotency_key VARCHAR(255) PRIMARY KEY,
    request_hash    VARCHAR(64)  NOT NULL,
    state           VARCHAR(16)  NOT NULL,
    status_code     INTEGER,
    response_body   BLOB,
    created_at      TIMESTAMP    NOT NULL
);
CREATE INDEX ix_idempotency_keys_created_at ON idempotency_keys (created_at);
