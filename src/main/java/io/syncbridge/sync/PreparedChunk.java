package io.syncbridge.sync;

/**
 * A chunk of a sync job, checked and its records read by their model's rules, ready to be stored:
 * preparing a chunk takes no database, so a job prepares the next chunk while the last one is
 * stored ({@link SyncService#prepareChunk}, {@link SyncService#syncChunk}).
 */
public final class PreparedChunk {

  private final SyncBody body;
  private final SyncRequest request;
  private final SyncWriter.Validated<?> validated;
  private final String requestId;

  PreparedChunk(
      SyncBody body, SyncRequest request, SyncWriter.Validated<?> validated, String requestId) {
    this.body = body;
    this.request = request;
    this.validated = validated;
    this.requestId = requestId;
  }

  SyncBody body() {
    return body;
  }

  SyncRequest request() {
    return request;
  }

  SyncWriter.Validated<?> validated() {
    return validated;
  }

  String requestId() {
    return requestId;
  }
}
