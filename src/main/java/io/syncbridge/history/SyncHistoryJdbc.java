package io.syncbridge.history;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the history does in plain SQL rather than through the entity: the insert every sync makes,
 * and the short reads, where a Hibernate session per request had halved the rate
 * (docs/persistence.md has the figures).
 */
interface SyncHistoryJdbc {

  long insert(NewSyncHistory entry, Instant now);

  Optional<SyncHistoryEntry> find(long id);

  /** One page, newest first, and how many entries match, read together in one statement. */
  HistoryPage page(HistoryQuery query);

  /** How many entries each model has in each status, for the pairs that have any. */
  List<StatusCount> countsByModelAndStatus();

  record StatusCount(String model, SyncHistoryStatus status, long entries) {}
}
