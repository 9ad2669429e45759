package io.syncbridge.sync;

import java.util.Map;

/** A record that an {@code "atomic": false} request could not store, reported in its place. */
public record FailedRecord(int index, String status, Map<String, String> errors) {

  static FailedRecord of(int index, Map<String, String> errors) {
    return new FailedRecord(index, "failed", errors);
  }
}
