package io.syncbridge.history;

import java.util.List;

/** One page of the history listing, newest first. */
public record HistoryPage(List<SyncHistoryEntry> data, int page, int size, long total) {}
