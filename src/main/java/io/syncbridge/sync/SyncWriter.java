package io.syncbridge.sync;

import io.syncbridge.db.WriteTransactions;
import io.syncbridge.history.SyncHistoryStatus;
import io.syncbridge.record.RecordError;
import io.syncbridge.record.RecordReader;
import io.syncbridge.record.RecordsRejectedException;
import io.syncbridge.sync.SyncOutcome.CompletedWithErrors;
import io.syncbridge.sync.SyncOutcome.Succeeded;
import io.syncbridge.upsert.UpsertResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

/**
 * Stores the records of a checked request through its model, as one unit of work with the attempt's
 * history entry: all or nothing ({@code "atomic": true}), or every record that can be stored with
 * the others reported in place.
 */
@Component
class SyncWriter {

  private static final Pattern UNIQUE_VIOLATION =
      Pattern.compile(
          "UNIQUE constraint failed: \\w+\\.(\\w+)|Key \\((\\w+)\\)=.* already exists",
          Pattern.CASE_INSENSITIVE);

  private final WriteTransactions transactions;
  private final SyncRecorder recorder;

  SyncWriter(WriteTransactions transactions, SyncRecorder recorder) {
    this.transactions = transactions;
    this.recorder = recorder;
  }

  @SuppressWarnings("unchecked")
  SyncOutcome write(SyncAttempt attempt, SyncRequest request) {
    return write((ModelSync<Object>) request.model(), attempt, request);
  }

  /** Stores a request whose records were read by their model's rules beforehand (a job's chunk). */
  @SuppressWarnings("unchecked")
  SyncOutcome write(SyncAttempt attempt, SyncRequest request, Validated<?> validated) {
    return write(
        (ModelSync<Object>) request.model(), attempt, request, (Validated<Object>) validated);
  }

  private <R> SyncOutcome write(ModelSync<R> model, SyncAttempt attempt, SyncRequest request) {
    return write(model, attempt, request, validate(model, request.body()));
  }

  private <R> SyncOutcome write(
      ModelSync<R> model, SyncAttempt attempt, SyncRequest request, Validated<R> validated) {
    try {
      if (!request.atomic()) {
        return storeEachAlone(model, attempt, request, validated);
      }
      if (!validated.errors.isEmpty()) {
        validated.errors.addAll(storeErrors(model, request.matchOn(), validated));
        throw new RecordsRejectedException(RecordsRejectedException.Kind.INVALID, validated.errors);
      }
      List<UpsertResult> results =
          transactions.executeBatch(
              validated.records.size(),
              () -> {
                List<UpsertResult> stored = model.store(validated.records, request.matchOn());
                recorder.record(attempt, request, SyncHistoryStatus.SUCCESSFUL, null, List.of());
                tellChunkListener(attempt, List.copyOf(stored));
                return stored;
              });
      return new Succeeded(List.copyOf(results));
    } catch (RecordsRejectedException e) {
      throw reject(attempt, request, e);
    } catch (DataIntegrityViolationException e) {
      // The checks in store() should have caught it; this is the database's last word.
      throw reject(attempt, request, fromConstraintViolation(e));
    } catch (ChunkListener.Stopped e) {
      // The job's own decision, not a failure of its records.
      throw e;
    } catch (TransactionException e) {
      // No turn at the database (busy or unwritable): recording the attempt would fail alike.
      throw e;
    } catch (RuntimeException e) {
      recordUnexpectedFailure(attempt, request, e);
      throw e;
    }
  }

  /** The records that pass their model's rules, with their indexes, and the errors of the rest. */
  record Validated<R>(List<R> records, List<Integer> indexes, List<RecordError> errors) {}

  static <R> Validated<R> validate(ModelSync<R> model, SyncBody body) {
    Validated<R> validated =
        new Validated<>(
            new ArrayList<>(body.size()), new ArrayList<>(body.size()), new ArrayList<>());
    body.forEachRecord(
        (index, node) -> {
          RecordReader reader = new RecordReader(index, node);
          R record = model.read(reader);
          if (reader.hasErrors()) {
            validated.errors.addAll(reader.errors());
          } else {
            validated.records.add(record);
            validated.indexes.add(index);
          }
        });
    return validated;
  }

  /**
   * {@code "atomic": false}: stores every record that can be stored and reports the others in
   * place. Records that fail on stored data are set aside and the rest stored again; store()
   * rejects before writing, so each round starts clean, and each removes at least one record.
   */
  private <R> SyncOutcome storeEachAlone(
      ModelSync<R> model, SyncAttempt attempt, SyncRequest request, Validated<R> validated) {
    int size = request.body().size();
    Map<Integer, Map<String, String>> failed = new TreeMap<>();
    // By index: every record of a large chunk has one, in order, without a map's cost per record.
    UpsertResult[] stored = new UpsertResult[size];
    transactions.execute(
        () -> {
          // Each run (another one after a lost race, too) starts from the field errors alone.
          Arrays.fill(stored, null);
          failed.clear();
          validated.errors.forEach(error -> fail(failed, error.index(), error));
          List<Integer> remaining = new ArrayList<>(validated.indexes);
          List<R> batch = new ArrayList<>(validated.records);
          while (!batch.isEmpty()) {
            try {
              List<UpsertResult> results = model.store(batch, request.matchOn());
              for (int i = 0; i < results.size(); i++) {
                stored[remaining.get(i)] = results.get(i);
              }
              break;
            } catch (RecordsRejectedException e) {
              Set<Integer> rejected = new HashSet<>();
              for (RecordError error : e.errors()) {
                fail(failed, remaining.get(error.index()), error);
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
                  : failed.size() == size ? SyncHistoryStatus.FAILED : SyncHistoryStatus.PARTIAL;
          recorder.record(attempt, request, outcome, failureReason(failed), failed.keySet());
          tellChunkListener(attempt, results(size, stored, failed));
          return null;
        });
    if (failed.isEmpty()) {
      return new Succeeded(List.of(stored));
    }
    return new CompletedWithErrors(results(size, stored, failed));
  }

  /** One result per record, in input order: the stored record's, or the failure in its place. */
  private static List<Object> results(
      int size, UpsertResult[] stored, Map<Integer, Map<String, String>> failed) {
    List<Object> results = new ArrayList<>(size);
    for (int index = 0; index < size; index++) {
      results.add(
          stored[index] != null ? stored[index] : FailedRecord.of(index, failed.get(index)));
    }
    return results;
  }

  private static void tellChunkListener(SyncAttempt attempt, List<Object> results) {
    if (attempt instanceof SyncAttempt.Chunk chunk) {
      chunk.listener().stored(results);
    }
  }

  private static void fail(Map<Integer, Map<String, String>> failed, int index, RecordError error) {
    failed
        .computeIfAbsent(index, i -> new LinkedHashMap<>())
        .putIfAbsent(error.field(), error.message());
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
      ModelSync<R> model, String matchOn, Validated<R> validated) {
    if (validated.records.isEmpty()) {
      return List.of();
    }
    try {
      transactions.rehearse(() -> model.store(validated.records, matchOn));
      return List.of();
    } catch (RecordsRejectedException e) {
      return e.errors().stream()
          .map(
              error ->
                  new RecordError(
                      validated.indexes.get(error.index()), error.field(), error.message()))
          .toList();
    } catch (DataIntegrityViolationException e) {
      return List.of();
    }
  }

  /** Keeps the history complete even when storing failed for a reason of our own. */
  private void recordUnexpectedFailure(
      SyncAttempt attempt, SyncRequest request, RuntimeException failure) {
    try {
      recorder.record(
          attempt,
          request,
          SyncHistoryStatus.FAILED,
          "Internal error while storing the records",
          List.of());
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  /** Records the rejection in the history, then refuses the request with it. */
  private RecordsRejectedException reject(
      SyncAttempt attempt, SyncRequest request, RecordsRejectedException rejection) {
    List<RecordError> errors = rejection.errors();
    String reason =
        describe(errors.get(0))
            + (errors.size() > 1 ? " (" + errors.size() + " errors in all)" : "");
    recorder.record(attempt, request, SyncHistoryStatus.FAILED, reason, List.of());
    return rejection;
  }

  private static String describe(RecordError error) {
    return "Record at index "
        + error.index()
        + ", field '"
        + error.field()
        + "': "
        + error.message();
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
}
