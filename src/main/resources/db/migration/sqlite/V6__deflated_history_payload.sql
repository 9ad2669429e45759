-- A sync job's chunk keeps its records in the history deflated (zlib), in place of payload: the
-- service wrote that JSON itself, and storing it whole doubled what each chunk's commit wrote.
-- Exactly one of payload and payload_deflated is set when an entry has a payload.
ALTER TABLE sync_history ADD COLUMN payload_deflated BLOB;
