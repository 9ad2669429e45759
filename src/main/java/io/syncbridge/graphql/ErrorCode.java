package io.syncbridge.graphql;

import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code extensions.code} values clients of the earlier (Apollo-style) service expect. */
enum ErrorCode {
  BAD_USER_INPUT,
  CONFLICT,
  UNAUTHENTICATED,
  FORBIDDEN,
  NOT_FOUND,
  INTERNAL_ERROR,
  /** A subscriber that fell too far behind and was cut off. */
  SLOW_SUBSCRIBER,
  /** The disk is full or down to its reserve: REST's 507; nothing was stored. */
  INSUFFICIENT_STORAGE,
  /** The database cannot be written now: REST's 503; nothing was stored. */
  SERVICE_UNAVAILABLE;

  static final String KEY = "code";

  /**
   * An error's {@code extensions}: this code first, then {@code more} as name, value pairs, in that
   * order on every run ({@code Map.of} orders its entries differently from one JVM to the next).
   */
  Map<String, Object> extensions(Object... more) {
    Map<String, Object> extensions = new LinkedHashMap<>();
    extensions.put(KEY, name());
    for (int i = 0; i < more.length; i += 2) {
      extensions.put((String) more[i], more[i + 1]);
    }
    return extensions;
  }
}
