package io.syncbridge.sync;

import io.syncbridge.history.NewSyncHistory;
import io.syncbridge.history.SyncHistoryService;
import io.syncbridge.history.SyncHistoryStatus;
import io.syncbridge.sync.SyncOutcome.Reason;
import io.syncbridge.sync.SyncOutcome.Rejected;
import io.syncbridge.sync.SyncOutcome.Succeeded;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Runs sync requests: checks the request, validates every record through its model's {@link
 * ModelSync}, stores them in one transaction together with the history entry, and records a failed
 * attempt in the history after rolling its records back.
 */
@Service
public class SyncService {

  static final String INVALID_REQUEST = "Invalid sync request.";
  static final String INVALID_RECORDS = "Validation failed for one of the items in the data array.";
  private static final int MODEL_COLUMN_LENGTH = 32;
  private static final Pattern UNIQUE_VIOLATION =
      Pattern.compile(
          "UNIQUE constraint failed: \\w+\\.(\\w+)|Key \\((\\w+)\\)=.* already exists",
          Pattern.CASE_INSENSITIVE);

  private final Map<String, ModelSync<?>> models;
  private final SyncHistoryService history;
  private final TransactionTemplate transaction;

  SyncService(
      List<ModelSync<?>> models,
      SyncHistoryService history,
      PlatformTransactionManager transactionManager) {
    this.models =
        models.stream()
            .collect(Collectors.toUnmodifiableMap(ModelSync::model, Function.identity()));
    this.history = history;
    this.transaction = new TransactionTemplate(transactionManager);
  }

  /** The models that can be synced, in alphabetical order. */
  public java.util.SortedSet<String> models() {
    return new java.util.TreeSet<>(models.keySet());
  }

  /** Syncs one parsed request body, recording the attempt under the given request id. */
  public SyncOutcome sync(JsonNode body, String requestId) {
    long started = System.nanoTime();
    Attempt attempt = new Attempt(body, requestId, started);
    Map<String, String> requestErrors = new LinkedHashMap<>();
    ModelSync<?> model = checkRequest(body, requestErrors);
    if (!requestErrors.isEmpty()) {
      String reason =
          requestErrors.entrySet().stream()
              .map(e -> e.getKey() + ": " + e.getValue())
              .collect(Collectors.joining("; "));
      attempt.record(SyncHistoryStatus.INVALID, reason);
      return new Rejected(Reason.INVALID_REQUEST, INVALID_REQUEST, requestErrors, null);
    }
    return run(model, attempt);
  }

  private <R> SyncOutcome run(ModelSync<R> model, Attempt attempt) {
    JsonNode data = attempt.data();
    List<R> records = new ArrayList<>(data.size());
    List<Integer> indexes = new ArrayList<>(data.size());
    List<RecordError> errors = new ArrayList<>();
    for (int index = 0; index < data.size(); index++) {
      RecordReader reader = new RecordReader(index, data.get(index));
      R record = model.read(reader);
      if (reader.hasErrors()) {
        errors.addAll(reader.errors());
      } else {
        records.add(record);
        indexes.add(index);
      }
    }
    if (!errors.isEmpty()) {
      errors.addAll(storeErrors(model, records, indexes));
      return reject(
          attempt, new RecordsRejectedException(RecordsRejectedException.Kind.INVALID, errors));
    }
    try {
      List<SyncResult> results =
          transaction.execute(
              status -> {
                List<SyncResult> stored = model.store(records);
                attempt.record(SyncHistoryStatus.SUCCESSFUL, null);
                return stored;
              });
      return new Succeeded(results);
    } catch (RecordsRejectedException e) {
      return reject(attempt, e);
    } catch (DataIntegrityViolationException e) {
      // The checks in store() should have caught it; this is the database's last word.
      return reject(attempt, fromConstraintViolation(e));
    } catch (TransactionException e) {
      // No turn at the database (busy or unwritable): recording the attempt would fail alike.
      throw e;
    } catch (RuntimeException e) {
      recordUnexpectedFailure(attempt, e);
      throw e;
    }
  }

  /**
   * What storing the records that passed validation would have rejected (missing references,
   * conflicts), so that a rejected request lists every failing record, not only those that fail
   * field by field. Runs the real store in a transaction that is always rolled back.
   */
  private <R> List<RecordError> storeErrors(
      ModelSync<R> model, List<R> records, List<Integer> indexes) {
    if (records.isEmpty()) {
      return List.of();
    }
    try {
      transaction.executeWithoutResult(
          status -> {
            status.setRollbackOnly();
            model.store(records);
          });
      return List.of();
    } catch (RecordsRejectedException e) {
      return e.errors().stream()
          .map(error -> new RecordError(indexes.get(error.index()), error.field(), error.message()))
          .toList();
    } catch (DataIntegrityViolationException e) {
      return List.of();
    }
  }

  /** Keeps the history complete even when storing failed for a reason of our own. */
  private void recordUnexpectedFailure(Attempt attempt, RuntimeException failure) {
    try {
      attempt.record(SyncHistoryStatus.FAILED, "Internal error while storing the records");
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private SyncOutcome reject(Attempt attempt, RecordsRejectedException rejection) {
    List<RecordError> details = rejection.errors();
    RecordError first = details.get(0);
    Map<String, String> firstRecordErrors = new LinkedHashMap<>();
    for (RecordError error : details) {
      if (error.index() == first.index()) {
        firstRecordErrors.putIfAbsent(error.field(), error.message());
      }
    }
    String reason =
        "Record at index "
            + first.index()
            + ", field '"
            + first.field()
            + "': "
            + first.message()
            + (details.size() > 1 ? " (" + details.size() + " errors in all)" : "");
    attempt.record(SyncHistoryStatus.FAILED, reason);
    boolean conflict = rejection.kind() == RecordsRejectedException.Kind.CONFLICT;
    return new Rejected(
        conflict ? Reason.CONFLICT : Reason.INVALID_RECORDS,
        conflict
            ? "Duplicate entry: field '" + first.field() + "' already exists"
            : INVALID_RECORDS,
        firstRecordErrors,
        details);
  }

  private ModelSync<?> checkRequest(JsonNode body, Map<String, String> errors) {
    if (!body.isObject()) {
      errors.put("non_field_errors", RecordReader.expectedObject(body));
      return null;
    }
    JsonNode modelNode = body.get("model");
    ModelSync<?> model = null;
    if (modelNode == null) {
      errors.put("model", RecordReader.REQUIRED);
    } else if (modelNode.isNull()) {
      errors.put("model", RecordReader.NOT_NULL);
    } else {
      model = modelNode.isString() ? models.get(modelNode.stringValue()) : null;
      if (model == null) {
        errors.put("model", "\"" + truncate(text(modelNode), 64) + "\" is not a valid choice.");
      }
    }
    JsonNode data = body.get("data");
    if (data == null) {
      errors.put("data", RecordReader.REQUIRED);
    } else if (data.isNull()) {
      errors.put("data", RecordReader.NOT_NULL);
    } else if (!data.isArray()) {
      errors.put("data", RecordReader.expectedList(data));
    } else if (data.isEmpty()) {
      errors.put("data", "This list may not be empty.");
    } else {
      for (int i = 0; i < data.size(); i++) {
        if (!data.get(i).isObject()) {
          errors.put(
              "data", "Item at index " + i + ": " + RecordReader.expectedObject(data.get(i)));
          break;
        }
      }
    }
    return model;
  }

  private static RecordsRejectedException fromConstraintViolation(
      DataIntegrityViolationException e) {
    String text = String.valueOf(e.getMostSpecificCause().getMessage());
    Matcher unique = UNIQUE_VIOLATION.matcher(text);
    String field =
        unique.find() ? (unique.group(1) != null ? unique.group(1) : unique.group(2)) : "data";
    return new RecordsRejectedException(
        RecordsRejectedException.Kind.CONFLICT,
        List.of(new RecordError(0, field, "A record with this " + field + " already exists.")));
  }

  /** A value as the client wrote it: a string's content, anything else as JSON text. */
  private static String text(JsonNode node) {
    return node.isString() ? node.stringValue() : node.toString();
  }

  private static String truncate(String value, int length) {
    return value.length() <= length ? value : value.substring(0, length);
  }

  /** One request on its way to the history. */
  private final class Attempt {

    private final JsonNode body;
    private final String requestId;
    private final long startedNanos;

    Attempt(JsonNode body, String requestId, long startedNanos) {
      this.body = body;
      this.requestId = requestId;
      this.startedNanos = startedNanos;
    }

    JsonNode data() {
      return body.get("data");
    }

    void record(SyncHistoryStatus status, String failureReason) {
      JsonNode model = body.isObject() ? body.get("model") : null;
      JsonNode data = body.isObject() ? data() : null;
      history.record(
          new NewSyncHistory(
              model != null && model.isString()
                  ? truncate(model.stringValue(), MODEL_COLUMN_LENGTH)
                  : "",
              data == null ? null : data.toString(),
              status,
              failureReason,
              data != null && data.isArray() ? data.size() : 0,
              (System.nanoTime() - startedNanos) / 1_000_000,
              requestId));
    }
  }
}
