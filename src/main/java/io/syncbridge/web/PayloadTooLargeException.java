package io.syncbridge.web;

import java.io.IOException;

/** A request body grew past the configured limit while it was being read. */
final class PayloadTooLargeException extends IOException {

  PayloadTooLargeException(long maxBytes) {
    super(message(maxBytes));
  }

  static String message(long maxBytes) {
    return "Request body too large: the limit is " + maxBytes + " bytes";
  }
}
