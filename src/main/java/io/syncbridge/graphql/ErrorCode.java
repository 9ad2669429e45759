package io.syncbridge.graphql;

/** The {@code extensions.code} values clients of the earlier (Apollo-style) service expect. */
enum ErrorCode {
  BAD_USER_INPUT,
  CONFLICT,
  UNAUTHENTICATED,
  FORBIDDEN,
  NOT_FOUND,
  INTERNAL_ERROR,
  /** A subscriber that fell too far behind and was cut off. */
  SLOW_SUBSCRIBER;

  static final String KEY = "code";
}
