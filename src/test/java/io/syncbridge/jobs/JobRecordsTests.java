package io.syncbridge.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobRecordsTests {

  @TempDir Path directory;

  /** What a CSV job's successful records read their cells from, record by record. */
  @Test
  void rawRecordsKeepTheirPlaceAfterOneTooLongToRead() throws Exception {
    Path data = directory.resolve("data");
    String tooLong = "X".repeat(RecordSplitter.MAX_RECORD_BYTES + 1) + ",L,x@example.com\n";
    Files.writeString(data, "A,L,a@example.com\n" + tooLong + "C,L,c@example.com\n");

    try (JobRecords records = csvRecords(data)) {
      assertThat(new String(records.nextRaw(), StandardCharsets.UTF_8))
          .isEqualTo("A,L,a@example.com");
      assertThat(records.nextRaw()).as("unreadable, but a record: line 2").isEmpty();
      assertThat(new String(records.nextRaw(), StandardCharsets.UTF_8))
          .isEqualTo("C,L,c@example.com");
      assertThat(records.nextRaw()).as("the end").isNull();
    }
  }

  /** Records without quotes skip the CSV parser: their cells must be the ones it would read. */
  @Test
  void plainRecordsSplitIntoTheCellsTheCsvLibraryReads() {
    for (String text :
        List.of(
            "a",
            "a,b,c",
            "a,,c",
            "a,b,",
            ",a",
            ",",
            ",,",
            " a , b ",
            "\t,x\t",
            "é,ü,日本",
            "[1,2],{}",
            "a\\,b",
            "#comment,x",
            "'a',b")) {
      assertThat(JobRecords.plainCells(text))
          .as(text)
          .containsExactly((String[]) JobJson.CSV_CELLS.readValue(text));
    }
  }

  @Test
  void recordsWithQuotesOrNonAsciiCellsReadAsBefore() throws Exception {
    Path data = directory.resolve("data");
    Files.writeString(data, "Zoë,\"O'Brien, Jr.\",z@example.com\n\"A\"\"B\",L,a@example.com\r\n");

    try (JobRecords records = csvRecords(data)) {
      JobRecords.Read first = records.next(1);
      assertThat(first.fields().get("first_name").asString()).isEqualTo("Zoë");
      assertThat(first.fields().get("last_name").asString()).isEqualTo("O'Brien, Jr.");
      assertThat(records.next(2).fields().get("first_name").asString()).isEqualTo("A\"B");
    }
  }

  private static JobRecords csvRecords(Path data) throws Exception {
    return new JobRecords(
        data, 0, Files.size(data), JobFormat.CSV, List.of("first_name", "last_name", "email"));
  }
}
