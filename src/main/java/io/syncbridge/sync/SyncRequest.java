package io.syncbridge.sync;

import java.util.Map;

/**
 * A checked sync request: the model, the records and the options.
 *
 * @param matchOn the natural key that records without an id are matched on, or null
 * @param atomic false when each record stands alone
 */
record SyncRequest(ModelSync<?> model, SyncBody body, String matchOn, boolean atomic) {

  /** The options as stored with the history entry, so that a replay uses them again. */
  Map<String, Object> options() {
    return new SyncOptions(model.model(), matchOn, atomic).stored();
  }
}
