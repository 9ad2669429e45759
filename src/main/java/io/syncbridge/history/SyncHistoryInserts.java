package io.syncbridge.history;

import java.time.Instant;

/** The insert of a new entry, part of every sync's transaction. */
interface SyncHistoryInserts {

  long insert(NewSyncHistory entry, Instant now);
}
