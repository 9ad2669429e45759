package io.syncbridge.sync;

import io.syncbridge.SyncBridgeProperties;
import java.util.List;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads sync request bodies (see {@link SyncBody}) with the configured limits: nesting depth and
 * number length are checked by the parser itself, before anything is built, and a key repeated in
 * one object is an error rather than a silent last-one-wins.
 */
class SyncBodyReader {

  private final JsonMapper json;

  SyncBodyReader(SyncBridgeProperties properties) {
    SyncBridgeProperties.Limits limits = properties.limits();
    this.json =
        JsonMapper.builder(
                JsonFactory.builder()
                    .streamReadConstraints(
                        StreamReadConstraints.builder()
                            .maxNestingDepth(limits.maxJsonDepth())
                            .maxNumberLength(limits.maxNumberLength())
                            .build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .build();
  }

  /**
   * @throws MalformedBodyException when the body is not JSON within the limits
   */
  SyncBody read(byte[] body) {
    return SyncBody.parse(body, json);
  }

  /**
   * A body from its parts: a data array with the model and the options it goes with (a replay's
   * stored ones, a sync job's).
   *
   * @param options the stored options as a JSON object, or null
   */
  SyncBody assemble(String model, String options, String data) {
    JsonNode optionsNode = options == null ? null : json.readTree(options);
    return SyncBody.of(model, optionsNode, data, json);
  }

  /** The body of a sync job's chunk: its records, already read. */
  SyncBody ofRecords(SyncOptions options, List<? extends JsonNode> records) {
    return SyncBody.ofRecords(options, records, json);
  }
}
