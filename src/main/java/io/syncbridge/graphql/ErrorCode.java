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
  SLOW_SUBSCRIBER,
  /** The disk is full or down to its reserve: REST's 507; nothing was stored. */
  INSUFFICIENT_STORAGE,
  /** The database cannot be written now: REST's 503; nothing was stored. */
  SERVICE_UNAVAILABLE;

  static final String KEY = "code";
}
