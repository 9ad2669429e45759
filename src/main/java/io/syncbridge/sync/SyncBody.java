package io.syncbridge.sync;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.BiConsumer;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
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

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final byte[] bytes;
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

  private SyncBody(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Checks the JSON of a whole body and finds its members.
   *
   * @throws MalformedBodyException when the bytes are not one JSON value
   */
  static SyncBody parse(byte[] bytes) {
    SyncBody body = new SyncBody(bytes);
    try (JsonParser parser = JSON.createParser(bytes)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new MalformedBodyException();
      }
      if (first == JsonToken.START_OBJECT) {
        body.readMembers(parser);
      } else {
        body.notAnObject = sample(parser);
      }
      if (parser.nextToken() != null) {
        throw new MalformedBodyException();
      }
    } catch (JacksonException e) {
      throw new MalformedBodyException();
    }
    return body;
  }

  /** The body of a replay: a stored data array with the model and options it was sent with. */
  static SyncBody of(String model, JsonNode options, String data) {
    var head = JsonNodeFactory.instance.objectNode();
    if (options != null && options.isObject()) {
      head.setAll((tools.jackson.databind.node.ObjectNode) options);
    }
    head.put("model", model);
    String json = head.toString();
    String whole = json.substring(0, json.length() - 1) + ",\"data\":" + data + "}";
    return parse(whole.getBytes(StandardCharsets.UTF_8));
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
      if (token != JsonToken.START_OBJECT && firstNonObject < 0) {
        firstNonObject = size;
        firstNonObjectSample = sample(parser);
      } else {
        parser.skipChildren();
      }
      size++;
    }
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

  /** The {@code data} member as the client wrote it (UTF-8 JSON), or null when absent. */
  byte[] dataBytes() {
    return hasData ? Arrays.copyOfRange(bytes, dataStart, dataEnd) : null;
  }

  /** Reads the data array's items one at a time; only call on an array of objects. */
  void forEachRecord(BiConsumer<Integer, JsonNode> action) {
    try (JsonParser parser = JSON.createParser(bytes, dataStart, dataEnd - dataStart)) {
      parser.nextToken();
      int index = 0;
      while (parser.nextToken() == JsonToken.START_OBJECT) {
        action.accept(index++, parser.readValueAsTree());
      }
    }
  }

  /** The body is not JSON: the caller answers 400 and records nothing. */
  static final class MalformedBodyException extends RuntimeException {
    MalformedBodyException() {
      super("Malformed JSON request body", null, false, false);
    }
  }
}
