package io.syncbridge.web;

import org.slf4j.MDC;

/** The id of the request being served on this thread, for code that records it. */
public final class RequestId {

  private RequestId() {}

  /** The current request's id, or null outside a request. */
  public static String current() {
    return MDC.get(RequestIdFilter.MDC_KEY);
  }
}
