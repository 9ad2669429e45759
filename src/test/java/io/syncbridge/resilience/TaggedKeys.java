package io.syncbridge.resilience;

/**
 * The unique keys these tests send are {@code <letter><index>.<tag>}, with {@code @<domain>} for
 * emails, where the tag names the request: rows found in the database lead back to their request.
 */
final class TaggedKeys {

  private TaggedKeys() {}

  static String tagOf(String key) {
    int at = key.indexOf('@');
    return key.substring(key.indexOf('.') + 1, at < 0 ? key.length() : at);
  }
}
