package io.syncbridge.sync;

/** The outcome of one record in a sync response: stored ({@link SyncResult}) or failed. */
public sealed interface RecordResult permits SyncResult, FailedRecord {}
