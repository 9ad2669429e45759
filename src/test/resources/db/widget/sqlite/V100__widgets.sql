-- The test-only fifth model (io.syncbridge.widget): its migration is all it adds to the schema.
CREATE TABLE widgets (
    id         INTEGER PRIMARY KEY,
    code       VARCHAR(32) NOT NULL,
    label      VARCHAR(100),
    quantity   INTEGER     NOT NULL DEFAULT 0,
    created_at TIMESTAMP   NOT NULL,
    updated_at TIMESTAMP   NOT NULL,
    CONSTRAINT uk_widgets_code UNIQUE (code)
);
