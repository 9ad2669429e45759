/**
 * The history of sync attempts: recording, listing, stats, deletion and queueing for retry. Knows
 * nothing of how a sync runs.
 */
package io.syncbridge.history;
