package io.syncbridge.sync;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.syncbridge.SyncBridgeProperties;
import io.syncbridge.db.Database;
import io.syncbridge.db.DiskReserve;
import io.syncbridge.db.RetriedTransactions;
import io.syncbridge.history.NewSyncHistory;
import io.syncbridge.history.SyncHistoryService;
import io.syncbridge.history.SyncHistoryStatus;
import io.syncbridge.record.RecordError;
import io.syncbridge.record.RecordReader;
import io.syncbridge.record.RecordsRejectedException;
import io.syncbridge.sync.SyncOutcome.CompletedWithErrors;
import io.syncbridge.sync.SyncOutcome.Reason;
import io.syncbridge.sync.SyncOutcome.Rejected;
import io.syncbridge.sync.SyncOutcome.Succeeded;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs sync requests: checks the request, validates every record through its model's {@link
 * ModelSync}, stores them in one transaction together with the history entry, and records a failed
 * attempt in the history after rolling its records back. The retry worker replays stored entries
 * through the same path.
 */
@Service
public class SyncService {

  static final String INVALID_REQUEST = "Invalid sync request.";
  static final String INVALID_RECORDS = "Validation failed for one of the items in the data array.";
  private static final int MODEL_COLUMN_LENGTH = 32;

  /** Requests of at most this many records share commits with others (see GroupCommit). */
  static final int GROUPED_RECORDS = 100;

  static final String METRIC = "sync.operation";
  static final String RECORDS_METRIC = "sync.records";

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern UNIQUE_VIOLATION =
      Pattern.compile(
          "UNIQUE constraint failed: \\w+\\.(\\w+)|Key \\((\\w+)\\)=.* already exists",
          Pattern.CASE_INSENSITIVE);

  /** Where the outcome of an attempt goes: a new history entry, or the entry being replayed. */
  interface AttemptLog {
    void record(SyncHistoryStatus status, String failureReason, Collection<Integer> failedIndexes);
  }

  private final Map<String, ModelSync<?>> models;
  private final SyncHistoryService history;
  private final TransactionTemplate transaction;
  private final RetriedTransactions transactions;
  private final SyncBodyReader bodies;
  private final GroupCommit groupCommit;
  private final MeterRegistry metrics;
  private final DiskReserve reserve;
  private final boolean shareCommits;
  private final int maxRecords;

  SyncService(
      List<ModelSync<?>> models,
      SyncHistoryService history,
      PlatformTransactionManager transactionManager,
      RetriedTransactions transactions,
      SyncBodyReader bodies,
      GroupCommit groupCommit,
      Database database,
      MeterRegistry metrics,
      DiskReserve reserve,
      SyncBridgeProperties properties) {
    this.models =
        models.stream()
            .collect(Collectors.toUnmodifiableMap(ModelSync::model, Function.identity()));
    this.history = history;
    this.transaction = new TransactionTemplate(transactionManager);
    this.transactions = transactions;
    this.bodies = bodies;
    this.groupCommit = groupCommit;
    this.metrics = metrics;
    this.reserve = reserve;
    // PostgreSQL commits concurrent transactions side by side (and groups their WAL flushes
    // itself); funnelling them through one thread would only queue them.
    this.shareCommits = database.serializesWrites();
    this.maxRecords = properties.limits().maxRecords();
  }

  /** The models that can be synced, in alphabetical order. */
  public SortedSet<String> models() {
    return new TreeSet<>(models.keySet());
  }

  /** Syncs one request body, recording the attempt as a new history entry. */
  SyncOutcome sync(SyncBody body, String requestId) {
    return timed(body, "request", () -> attempt(body, requestId));
  }

  private SyncOutcome attempt(SyncBody body, String requestId) {
    // Below the disk reserve nothing is written, not even the history entry of the attempt.
    reserve.check();
    long started = System.nanoTime();
    Map<String, String> requestErrors = new LinkedHashMap<>();
    SyncRequest request = checkRequest(body, requestErrors);
    JsonNode model = body.model();
    AttemptLog log =
        (status, reason, failed) ->
            history.record(
                new NewSyncHistory(
                    model != null && model.isString()
                        ? truncate(model.stringValue(), MODEL_COLUMN_LENGTH)
                        : "",
                    body.dataBytes(),
                    status,
                    reason,
                    body.size(),
                    (System.nanoTime() - started) / 1_000_000,
                    requestId,
                    request == null || request.options().isEmpty()
                        ? null
                        : JSON.writeValueAsString(request.options()),
                    failed.isEmpty() ? null : JSON.writeValueAsString(failed)));
    if (!requestErrors.isEmpty()) {
      return rejectRequest(log, SyncHistoryStatus.INVALID, requestErrors);
    }
    if (body.size() > maxRecords) {
      Map<String, String> tooMany =
          Map.of("data", "Ensure this list has no more than " + maxRecords + " elements.");
      rejectRequest(log, SyncHistoryStatus.INVALID, tooMany);
      return new Rejected(
          Reason.TOO_MANY_RECORDS,
          "Too many records: at most " + maxRecords + " per request.",
          tooMany,
          null);
    }
    return run(request, log);
  }

  /**
   * Replays a stored request: the same checks and the same store as a fresh sync, its outcome given
   * to {@code log} instead of a new history entry.
   *
   * @param data the stored data array as JSON text
   * @param options the stored options ({@code match_on}, {@code atomic}) as a JSON object
   */
  SyncOutcome replay(String model, String data, JsonNode options, AttemptLog log) {
    SyncBody body = bodies.replay(model, options, data);
    return timed(body, "retry", () -> replayBody(body, log));
  }

  private SyncOutcome replayBody(SyncBody body, AttemptLog log) {
    // Refused, the entry stays claimed until its lease runs out, and no attempt is used up.
    reserve.check();
    Map<String, String> requestErrors = new LinkedHashMap<>();
    SyncRequest request = checkRequest(body, requestErrors);
    if (!requestErrors.isEmpty()) {
      return rejectRequest(log, SyncHistoryStatus.FAILED, requestErrors);
    }
    return run(request, log);
  }

  /**
   * Runs a sync and records it in the timer {@value #METRIC}, tagged with the model (or {@code
   * unknown}: tags never take arbitrary input), the outcome as the history names it, or {@code
   * error}, and the source ({@code request} or {@code retry}); its records are counted in {@value
   * #RECORDS_METRIC} with the same tags.
   */
  private SyncOutcome timed(SyncBody body, String source, Supplier<SyncOutcome> sync) {
    long started = System.nanoTime();
    String outcome = "error";
    try {
      SyncOutcome result = sync.get();
      outcome = outcomeTag(result);
      return result;
    } finally {
      JsonNode model = body.model();
      String modelTag =
          model != null && model.isString() && models.containsKey(model.stringValue())
              ? model.stringValue()
              : "unknown";
      Tags tags = Tags.of("model", modelTag, "outcome", outcome, "source", source);
      Timer.builder(METRIC)
          .tags(tags)
          .register(metrics)
          .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
      Counter.builder(RECORDS_METRIC).tags(tags).register(metrics).increment(body.size());
    }
  }

  private static String outcomeTag(SyncOutcome outcome) {
    if (outcome instanceof Succeeded) {
      return SyncHistoryStatus.SUCCESSFUL.value();
    }
    if (outcome instanceof CompletedWithErrors) {
      return SyncHistoryStatus.PARTIAL.value();
    }
    return switch (((Rejected) outcome).reason()) {
      case INVALID_REQUEST, TOO_MANY_RECORDS -> SyncHistoryStatus.INVALID.value();
      case INVALID_RECORDS, CONFLICT -> SyncHistoryStatus.FAILED.value();
    };
  }

  private static Rejected rejectRequest(
      AttemptLog log, SyncHistoryStatus status, Map<String, String> requestErrors) {
    String reason =
        requestErrors.entrySet().stream()
            .map(e -> e.getKey() + ": " + e.getValue())
            .collect(Collectors.joining("; "));
    log.record(status, reason, List.of());
    return new Rejected(Reason.INVALID_REQUEST, INVALID_REQUEST, requestErrors, null);
  }

  @SuppressWarnings("unchecked")
  private SyncOutcome run(SyncRequest request, AttemptLog log) {
    return runTyped((ModelSync<Object>) request.model(), request, log);
  }

  private <R> SyncOutcome runTyped(ModelSync<R> model, SyncRequest request, AttemptLog log) {
    SyncBody body = request.body();
    List<R> records = new ArrayList<>(body.size());
    List<Integer> indexes = new ArrayList<>(body.size());
    List<RecordError> errors = new ArrayList<>();
    body.forEachRecord(
        (index, node) -> {
          RecordReader reader = new RecordReader(index, node);
          R record = model.read(reader);
          if (reader.hasErrors()) {
            errors.addAll(reader.errors());
          } else {
            records.add(record);
            indexes.add(index);
          }
        });
    try {
      if (!request.atomic()) {
        return storeEachAlone(model, request, records, indexes, errors, log);
      }
      if (!errors.isEmpty()) {
        errors.addAll(storeErrors(model, request.matchOn(), records, indexes));
        return reject(
            log, new RecordsRejectedException(RecordsRejectedException.Kind.INVALID, errors));
      }
      Supplier<List<SyncResult>> store =
          () -> {
            List<SyncResult> stored = model.store(records, request.matchOn());
            log.record(SyncHistoryStatus.SUCCESSFUL, null, List.of());
            return stored;
          };
      // On SQLite small requests share commits; a large one has a transaction of its own, so that
      // it does not hold up the small ones behind it for longer than its own work.
      List<SyncResult> results =
          shareCommits && records.size() <= GROUPED_RECORDS
              ? groupCommit.run(store)
              : transactions.execute(store);
      return new Succeeded(List.copyOf(results));
    } catch (RecordsRejectedException e) {
      return reject(log, e);
    } catch (DataIntegrityViolationException e) {
      // The checks in store() should have caught it; this is the database's last word.
      return reject(log, fromConstraintViolation(e));
    } catch (TransactionException e) {
      // No turn at the database (busy or unwritable): recording the attempt would fail alike.
      throw e;
    } catch (RuntimeException e) {
      recordUnexpectedFailure(log, e);
      throw e;
    }
  }

  /**
   * {@code "atomic": false}: stores every record that can be stored and reports the others in
   * place. Records that fail on stored data are set aside and the rest stored again; store()
   * rejects before writing, so each round starts clean, and each removes at least one record.
   */
  private <R> SyncOutcome storeEachAlone(
      ModelSync<R> model,
      SyncRequest request,
      List<R> records,
      List<Integer> indexes,
      List<RecordError> fieldErrors,
      AttemptLog log) {
    Map<Integer, Map<String, String>> failed = new TreeMap<>();
    Map<Integer, SyncResult> stored = new TreeMap<>();
    transactions.execute(
        () -> {
          // Each run (another one after a lost race, too) starts from the field errors alone.
          stored.clear();
          failed.clear();
          fieldErrors.forEach(
              e ->
                  failed
                      .computeIfAbsent(e.index(), i -> new LinkedHashMap<>())
                      .putIfAbsent(e.field(), e.message()));
          List<Integer> remaining = new ArrayList<>(indexes);
          List<R> batch = new ArrayList<>(records);
          while (!batch.isEmpty()) {
            try {
              List<SyncResult> results = model.store(batch, request.matchOn());
              for (int i = 0; i < results.size(); i++) {
                stored.put(remaining.get(i), results.get(i));
              }
              break;
            } catch (RecordsRejectedException e) {
              List<Integer> rejected = new ArrayList<>();
              for (RecordError error : e.errors()) {
                int original = remaining.get(error.index());
                failed
                    .computeIfAbsent(original, i -> new LinkedHashMap<>())
                    .putIfAbsent(error.field(), error.message());
                rejected.add(error.index());
              }
              List<Integer> keep = new ArrayList<>();
              List<R> keepRecords = new ArrayList<>();
              for (int i = 0; i < batch.size(); i++) {
                if (!rejected.contains(i)) {
                  keep.add(remaining.get(i));
                  keepRecords.add(batch.get(i));
                }
              }
              remaining = keep;
              batch = keepRecords;
            }
          }
          SyncHistoryStatus outcome =
              failed.isEmpty()
                  ? SyncHistoryStatus.SUCCESSFUL
                  : stored.isEmpty() ? SyncHistoryStatus.FAILED : SyncHistoryStatus.PARTIAL;
          log.record(outcome, failureReason(failed), failed.keySet());
          return null;
        });
    List<RecordResult> results = new ArrayList<>(request.body().size());
    for (int index = 0; index < request.body().size(); index++) {
      results.add(
          stored.containsKey(index)
              ? stored.get(index)
              : FailedRecord.of(index, failed.get(index)));
    }
    return failed.isEmpty() ? new Succeeded(results) : new CompletedWithErrors(results);
  }

  private static String failureReason(Map<Integer, Map<String, String>> failed) {
    if (failed.isEmpty()) {
      return null;
    }
    var first = failed.entrySet().iterator().next();
    var field = first.getValue().entrySet().iterator().next();
    return describe(new RecordError(first.getKey(), field.getKey(), field.getValue()))
        + " ("
        + failed.size()
        + (failed.size() == 1 ? " record" : " records")
        + " failed)";
  }

  /**
   * What storing the records that passed validation would have rejected (missing references,
   * conflicts), so that a rejected request lists every failing record, not only those that fail
   * field by field. Runs the real store in a transaction that is always rolled back.
   */
  private <R> List<RecordError> storeErrors(
      ModelSync<R> model, String matchOn, List<R> records, List<Integer> indexes) {
    if (records.isEmpty()) {
      return List.of();
    }
    try {
      transaction.executeWithoutResult(
          status -> {
            status.setRollbackOnly();
            model.store(records, matchOn);
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
  private void recordUnexpectedFailure(AttemptLog log, RuntimeException failure) {
    try {
      log.record(SyncHistoryStatus.FAILED, "Internal error while storing the records", List.of());
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private SyncOutcome reject(AttemptLog log, RecordsRejectedException rejection) {
    List<RecordError> details = rejection.errors();
    RecordError first = details.get(0);
    Map<String, String> firstRecordErrors = new LinkedHashMap<>();
    for (RecordError error : details) {
      if (error.index() == first.index()) {
        firstRecordErrors.putIfAbsent(error.field(), error.message());
      }
    }
    String reason =
        describe(first) + (details.size() > 1 ? " (" + details.size() + " errors in all)" : "");
    log.record(SyncHistoryStatus.FAILED, reason, List.of());
    boolean conflict = rejection.kind() == RecordsRejectedException.Kind.CONFLICT;
    return new Rejected(
        conflict ? Reason.CONFLICT : Reason.INVALID_RECORDS,
        conflict
            ? "Duplicate entry: field '" + first.field() + "' already exists"
            : INVALID_RECORDS,
        firstRecordErrors,
        details);
  }

  private static String describe(RecordError error) {
    return "Record at index "
        + error.index()
        + ", field '"
        + error.field()
        + "': "
        + error.message();
  }

  private SyncRequest checkRequest(SyncBody body, Map<String, String> errors) {
    if (body.notAnObject() != null) {
      errors.put("non_field_errors", RecordReader.expectedObject(body.notAnObject()));
      return null;
    }
    JsonNode modelNode = body.model();
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
    JsonNode notAList = body.dataNotAList();
    if (!body.hasData()) {
      errors.put("data", RecordReader.REQUIRED);
    } else if (notAList != null && notAList.isNull()) {
      errors.put("data", RecordReader.NOT_NULL);
    } else if (notAList != null) {
      errors.put("data", RecordReader.expectedList(notAList));
    } else if (body.size() == 0) {
      errors.put("data", "This list may not be empty.");
    } else if (body.firstNonObject() >= 0) {
      errors.put(
          "data",
          "Item at index "
              + body.firstNonObject()
              + ": "
              + RecordReader.expectedObject(body.firstNonObjectSample()));
    }
    String matchOn = matchOn(body.matchOn(), model, errors);
    boolean atomic = atomic(body.atomic(), errors);
    return errors.isEmpty() ? new SyncRequest(model, body, matchOn, atomic) : null;
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
      errors.put("atomic", RecordReader.NOT_BOOLEAN);
      return true;
    }
    return node.booleanValue();
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
}
