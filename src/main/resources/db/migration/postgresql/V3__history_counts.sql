-- sqlite/V3 keeps entry counts in a table that triggers update. Here concurrent transactions
-- would all queue on the same few count rows until they commit, so the counts are a view over an
-- index instead: the same name and columns for the same queries, counted when asked.
CREATE VIEW sync_history_counts AS
SELECT model, status, count(*) AS entries FROM sync_history GROUP BY model, status;

CREATE INDEX ix_sync_history_model_id ON sync_history (model, id);
