package io.syncbridge.sync;

import io.syncbridge.record.FieldMessages;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The rules of a sync request itself, before its records: the object shape, {@code model}, {@code
 * data}, {@code match_on} and {@code atomic}, with the messages of the contract.
 */
@Component
class SyncRequestCheck {

  private final SyncModels models;

  SyncRequestCheck(SyncModels models) {
    this.models = models;
  }

  /**
   * Checks a request body; every problem goes to {@code errors} (field → message).
   *
   * @return the checked request, or null when there were errors
   */
  SyncRequest check(SyncBody body, Map<String, String> errors) {
    if (body.notAnObject() != null) {
      errors.put("non_field_errors", FieldMessages.expectedObject(body.notAnObject()));
      return null;
    }
    ModelSync<?> model = model(body.model(), errors);
    checkData(body, errors);
    String matchOn = matchOn(body.matchOn(), model, errors);
    boolean atomic = atomic(body.atomic(), errors);
    return errors.isEmpty() ? new SyncRequest(model, body, matchOn, atomic) : null;
  }

  /**
   * Checks the options of a sync job ({@code model}, {@code match_on}, {@code atomic}) by the same
   * rules; every problem goes to {@code errors}.
   *
   * @return the checked options, or null when there were errors
   */
  SyncOptions checkOptions(
      JsonNode model, JsonNode matchOn, JsonNode atomic, Map<String, String> errors) {
    ModelSync<?> checked = model(model, errors);
    String key = matchOn(matchOn, checked, errors);
    boolean isAtomic = atomic(atomic, errors);
    return errors.isEmpty() ? new SyncOptions(checked.model(), key, isAtomic) : null;
  }

  private ModelSync<?> model(JsonNode node, Map<String, String> errors) {
    if (node == null) {
      errors.put("model", FieldMessages.REQUIRED);
      return null;
    }
    if (node.isNull()) {
      errors.put("model", FieldMessages.NOT_NULL);
      return null;
    }
    ModelSync<?> model = node.isString() ? models.find(node.stringValue()).orElse(null) : null;
    if (model == null) {
      errors.put("model", FieldMessages.notAChoice(truncate(text(node), 64)));
    }
    return model;
  }

  private static void checkData(SyncBody body, Map<String, String> errors) {
    JsonNode notAList = body.dataNotAList();
    if (!body.hasData()) {
      errors.put("data", FieldMessages.REQUIRED);
    } else if (notAList != null && notAList.isNull()) {
      errors.put("data", FieldMessages.NOT_NULL);
    } else if (notAList != null) {
      errors.put("data", FieldMessages.expectedList(notAList));
    } else if (body.size() == 0) {
      errors.put("data", "This list may not be empty.");
    } else if (body.firstNonObject() >= 0) {
      errors.put(
          "data",
          "Item at index "
              + body.firstNonObject()
              + ": "
              + FieldMessages.expectedObject(body.firstNonObjectSample()));
    }
  }

  private static String matchOn(JsonNode node, ModelSync<?> model, Map<String, String> errors) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (model == null) {
      return null; // the model's own error says enough
    }
    if (node.isString() && model.matchKeys().contains(node.stringValue())) {
      return node.stringValue();
    }
    errors.put(
        "match_on",
        "\""
            + truncate(text(node), 64)
            + "\" is not a valid choice for "
            + model.model()
            + "; choose one of: "
            + String.join(", ", model.matchKeys())
            + ".");
    return null;
  }

  private static boolean atomic(JsonNode node, Map<String, String> errors) {
    if (node == null || node.isNull()) {
      return true;
    }
    if (!node.isBoolean()) {
      errors.put("atomic", FieldMessages.NOT_BOOLEAN);
      return true;
    }
    return node.booleanValue();
  }

  /** A value as the client wrote it: a string's content, anything else as JSON text. */
  private static String text(JsonNode node) {
    return node.isString() ? node.stringValue() : node.toString();
  }

  private static String truncate(String value, int length) {
    return value.length() <= length ? value : value.substring(0, length);
  }
}
