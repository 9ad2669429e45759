package io.syncbridge.jobs;

import java.util.List;

/** One page of the job listing, newest first, shaped as the history's pages are. */
public record SyncJobPage(List<SyncJobView> data, int page, int size, long total) {}
