-- Entries per (model, status), kept by triggers in the same transaction as every change to
-- sync_history, so that stats and the listing's total read a few rows instead of counting a
-- table that grows by one row per request.
CREATE TABLE sync_history_counts (
    model   VARCHAR(32) NOT NULL,
    status  VARCHAR(32) NOT NULL,
    entries INTEGER     NOT NULL,
    PRIMARY KEY (model, status)
) WITHOUT ROWID;

INSERT INTO sync_history_counts (model, status, entries)
SELECT model, status, count(*) FROM sync_history GROUP BY model, status;

CREATE TRIGGER sync_history_counts_insert AFTER INSERT ON sync_history
BEGIN
    INSERT INTO sync_history_counts (model, status, entries) VALUES (NEW.model, NEW.status, 1)
    ON CONFLICT (model, status) DO UPDATE SET entries = entries + 1;
END;

CREATE TRIGGER sync_history_counts_delete AFTER DELETE ON sync_history
BEGIN
    UPDATE sync_history_counts SET entries = entries - 1
    WHERE model = OLD.model AND status = OLD.status;
END;

CREATE TRIGGER sync_history_counts_update AFTER UPDATE OF model, status ON sync_history
WHEN OLD.model IS NOT NEW.model OR OLD.status IS NOT NEW.status
BEGIN
    UPDATE sync_history_counts SET entries = entries - 1
    WHERE model = OLD.model AND status = OLD.status;
    INSERT INTO sync_history_counts (model, status, entries) VALUES (NEW.model, NEW.status, 1)
    ON CONFLICT (model, status) DO UPDATE SET entries = entries + 1;
END;

-- The listing filtered by model alone, newest first, without a sort.
CREATE INDEX ix_sync_history_model_id ON sync_history (model, id);
