package io.syncbridge.jobs;

/**
 * A job was queued: published in the transaction that queued it, so that a worker may start at
 * once.
 */
record SyncJobQueued(long id) {}
