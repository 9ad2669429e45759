package io.syncbridge.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncbridge.upsert.UpsertResult;
import io.syncbridge.upsert.UpsertResult.Outcome;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SuccessfulRunsTests {

  @Test
  void aChunkOfNewRecordsTakesAFewBytes() throws IOException {
    SuccessfulRuns runs = new SuccessfulRuns();
    List<UpsertResult> added = new ArrayList<>();
    for (long line = 4_001; line <= 6_000; line++) {
      runs.add(line, 1_000_000 + line, Outcome.CREATED);
      added.add(new UpsertResult(1_000_000 + line, Outcome.CREATED));
    }

    byte[] bytes = runs.toBytes();

    assertThat(bytes.length).isLessThan(16);
    assertThat(read(bytes)).extracting(Row::line).startsWith(4_001L).endsWith(6_000L);
    assertThat(read(bytes)).extracting(Row::result).isEqualTo(added);
  }

  @Test
  void keepsGapsIdsThatGoDownAndEveryOutcome() throws IOException {
    List<Row> rows =
        List.of(
            new Row(1, new UpsertResult(7, Outcome.UPDATED)),
            new Row(2, new UpsertResult(8, Outcome.UPDATED)),
            new Row(3, new UpsertResult(9, Outcome.UNCHANGED)),
            new Row(5, new UpsertResult(3, Outcome.CREATED)),
            new Row(6, new UpsertResult(Long.MAX_VALUE, Outcome.CREATED)),
            new Row(9, new UpsertResult(1, Outcome.UPDATED)),
            new Row(300_000, new UpsertResult(2, Outcome.UPDATED)));
    SuccessfulRuns runs = new SuccessfulRuns();
    rows.forEach(row -> runs.add(row.line(), row.result().id(), row.result().status()));

    assertThat(read(runs.toBytes())).isEqualTo(rows);
  }

  @Test
  void noRecordsNoBytes() throws IOException {
    assertThat(new SuccessfulRuns().toBytes()).isEmpty();
    assertThat(read(new byte[0])).isEmpty();
  }

  private record Row(long line, UpsertResult result) {}

  private static List<Row> read(byte[] bytes) throws IOException {
    List<Row> rows = new ArrayList<>();
    SuccessfulRuns.forEach(
        bytes, (line, id, status) -> rows.add(new Row(line, new UpsertResult(id, status))));
    return rows;
  }
}
