package io.syncbridge.sync;

import io.syncbridge.history.HistoryPayload;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A sync request body, read in two passes over its bytes instead of as one tree. The first pass
 * checks the JSON, reads the small members ({@code model}, {@code match_on}, {@code atomic}) and
 * finds where the {@code data} array lies; {@link #forEachRecord} then reads one record at a time.
 * So a 100,000-record request never exists as 100,000 trees at once, and the history keeps the data
 * array as the client sent it instead of writing it out again.
 */
final class SyncBody {

  private final JsonMapper json;
  private final byte[] bytes;
  // A sync job's chunk: records already read, in place of the bytes, and their data array.
  private List<JsonNode> records;
  private HistoryPayload recordsPayload;
  private JsonNode notAnObject;
  private JsonNode model;
  private JsonNode matchOn;
  private JsonNode atomic;
  private boolean hasData;
  private JsonNode dataNotAList;
  private int dataStart;
  private int dataEnd;
  private int size;
  private int firstNonObject = -1;
  private JsonNode firstNonObjectSample;
  // The record being read by the first pass, -1 outside the data array: where malformed JSON is.
  private int recordIndex = -1;

  private SyncBody(JsonMapper json, byte[] bytes) {
    this.json = json;
    this.bytes = bytes;
  }

  /**
   * Checks the JSON of a whole body and finds its members.
   *
   * @param json a mapper whose parsers enforce the request limits (see {@link SyncBodyReader})
   * @throws MalformedBodyException when the bytes are not one JSON value within the limits
   */
  static SyncBody parse(byte[] bytes, JsonMapper json) {
    SyncBody body = new SyncBody(json, bytes);
    try (JsonParser parser = json.createParser(bytes)) {
      try {
        JsonToken first = parser.nextToken();
        if (first == null) {
          throw new MalformedBodyException(-1, null, null);
        }
        if (first == JsonToken.START_OBJECT) {
          body.readMembers(parser);
        } else {
          body.notAnObject = sample(parser);
        }
        if (parser.nextToken() != null) {
          throw new MalformedBodyException(-1, null, null);
        }
      } catch (JacksonException e) {
        throw MalformedBodyException.of(e, body.recordIndex, nearestName(parser));
      }
    }
    // The parser rejects most bad UTF-8 where it meets it, but decodes overlong forms and
    // surrogates; the history keeps these bytes, so they must be well-formed.
    if (Utf8.firstInvalid(bytes) >= 0) {
      throw new MalformedBodyException(-1, null, "Invalid UTF-8.");
    }
    return body;
  }

  /** The name of the member being read, or of the nearest enclosing one (arrays have none). */
  private static String nearestName(JsonParser parser) {
    for (TokenStreamContext context = parser.streamReadContext();
        context != null;
        context = context.getParent()) {
      if (context.currentName() != null) {
        return context.currentName();
      }
    }
    return null;
  }

  /** The body of a replay: a stored data array with the model and options it was sent with. */
  static SyncBody of(String model, JsonNode options, String data, JsonMapper json) {
    var head = JsonNodeFactory.instance.objectNode();
    if (options != null && options.isObject()) {
      head.setAll((tools.jackson.databind.node.ObjectNode) options);
    }
    head.put("model", model);
    String members = head.toString();
    String whole = members.substring(0, members.length() - 1) + ",\"data\":" + data + "}";
    return parse(whole.getBytes(StandardCharsets.UTF_8), json);
  }

  /** A sync job's chunk: its records (objects), the job's options, its data array written out. */
  static SyncBody ofRecords(
      SyncOptions options, List<? extends JsonNode> records, JsonMapper json) {
    SyncBody body = new SyncBody(json, null);
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    body.model = nodes.stringNode(options.model());
    body.matchOn = options.matchOn() == null ? null : nodes.stringNode(options.matchOn());
    body.atomic = nodes.booleanNode(options.atomic());
    body.hasData = true;
    body.size = records.size();
    body.records = List.copyOf(records);
    // Deflated here, on the thread that prepares the chunk, not on the one that stores it.
    JsonNode array = nodes.arrayNode().addAll(records);
    body.recordsPayload = HistoryPayload.deflate(out -> json.writeValue(out, array));
    return body;
  }

  private void readMembers(JsonParser parser) {
    while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
      String name = parser.currentName();
      parser.nextToken();
      switch (name) {
        case "model" -> model = parser.readValueAsTree();
        case "match_on" -> matchOn = parser.readValueAsTree();
        case "atomic" -> atomic = parser.readValueAsTree();
        case "data" -> readData(parser);
        default -> parser.skipChildren();
      }
    }
  }

  private void readData(JsonParser parser) {
    hasData = true;
    size = 0;
    firstNonObject = -1;
    firstNonObjectSample = null;
    dataStart = (int) parser.currentTokenLocation().getByteOffset();
    if (parser.currentToken() != JsonToken.START_ARRAY) {
      dataNotAList = sample(parser);
      dataEnd = (int) parser.currentLocation().getByteOffset();
      return;
    }
    dataNotAList = null;
    JsonToken token;
    while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
      recordIndex = size;
      if (token != JsonToken.START_OBJECT && firstNonObject < 0) {
        firstNonObject = size;
        firstNonObjectSample = sample(parser);
      } else {
        parser.skipChildren();
      }
      size++;
    }
    recordIndex = -1;
    dataEnd = (int) parser.currentLocation().getByteOffset();
  }

  /** A value small enough to name its type in a message: containers come back empty. */
  private static JsonNode sample(JsonParser parser) {
    return switch (parser.currentToken()) {
      case START_OBJECT -> {
        parser.skipChildren();
        yield JsonNodeFactory.instance.objectNode();
      }
      case START_ARRAY -> {
        parser.skipChildren();
        yield JsonNodeFactory.instance.arrayNode();
      }
      default -> parser.readValueAsTree();
    };
  }

  /** The whole body when it is not a JSON object (containers empty), else null. */
  JsonNode notAnObject() {
    return notAnObject;
  }

  /** The {@code model} member, or null when absent. */
  JsonNode model() {
    return model;
  }

  JsonNode matchOn() {
    return matchOn;
  }

  JsonNode atomic() {
    return atomic;
  }

  boolean hasData() {
    return hasData;
  }

  /** The {@code data} member when it is not an array (containers empty), else null. */
  JsonNode dataNotAList() {
    return dataNotAList;
  }

  /** How many items the data array holds. */
  int size() {
    return size;
  }

  /** The index of the first item that is not an object, or -1. */
  int firstNonObject() {
    return firstNonObject;
  }

  JsonNode firstNonObjectSample() {
    return firstNonObjectSample;
  }

  /** The whole body as the client sent it. */
  byte[] bytes() {
    return bytes;
  }

  /** The {@code data} member for the history: as the client wrote it, or a chunk's deflated. */
  HistoryPayload payload() {
    if (records != null) {
      return recordsPayload;
    }
    return HistoryPayload.text(hasData ? Arrays.copyOfRange(bytes, dataStart, dataEnd) : null);
  }

  /** Reads the data array's items one at a time; only call on an array of objects. */
  void forEachRecord(BiConsumer<Integer, JsonNode> action) {
    if (records != null) {
      for (int index = 0; index < records.size(); index++) {
        action.accept(index, records.get(index));
      }
      return;
    }
    try (JsonParser parser = json.createParser(bytes, dataStart, dataEnd - dataStart)) {
      parser.nextToken();
      int index = 0;
      while (parser.nextToken() == JsonToken.START_OBJECT) {
        action.accept(index++, parser.readValueAsTree());
      }
    }
  }
}
