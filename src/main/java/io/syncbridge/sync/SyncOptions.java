package io.syncbridge.sync;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a sync job stores and how, checked by the rules of a sync request.
 *
 * @param matchOn the natural key that records without an id are matched on, or null
 * @param atomic false when each record stands alone
 */
public record SyncOptions(String model, String matchOn, boolean atomic) {

  /**
   * The options as a sync request's history entry keeps them ({@code match_on}, {@code atomic}).
   */
  public Map<String, Object> stored() {
    Map<String, Object> options = new LinkedHashMap<>();
    if (matchOn != null) {
      options.put("match_on", matchOn);
    }
    if (!atomic) {
      options.put("atomic", false);
    }
    return options;
  }
}
