package io.syncbridge.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HistoryPayloadTests {

  private static final String RECORDS =
      "[{\"email\":\"zoë@example.com\",\"first_name\":\"Zoë\"},{\"email\":\"a@example.com\"}]";

  @Test
  void aDeflatedPayloadReadsBackAsTheSameText() {
    HistoryPayload payload = deflated(RECORDS);

    assertThat(payload.text()).isNull();
    assertThat(payload.deflated().length).isLessThan(RECORDS.length() + 16);
    assertThat(HistoryPayload.read(null, payload.deflated())).isEqualTo(RECORDS);
  }

  @Test
  void aPayloadKeptAsTextIsReadAsIs() {
    assertThat(HistoryPayload.read(RECORDS, null)).isEqualTo(RECORDS);
    assertThat(HistoryPayload.read(null, null)).isNull();
    assertThat(HistoryPayload.text(null)).isSameAs(HistoryPayload.NONE);
  }

  /** A damaged row is listed without its payload, and its retry is refused, not thrown. */
  @Test
  void deflatedBytesThatCannotBeInflatedReadAsNoPayload() {
    byte[] deflated = deflated(RECORDS).deflated();

    assertThat(HistoryPayload.read(null, Arrays.copyOf(deflated, deflated.length / 2))).isNull();
    assertThat(HistoryPayload.read(null, "not deflated".getBytes(StandardCharsets.UTF_8))).isNull();
    assertThat(HistoryPayload.read(null, new byte[0])).isNull();
  }

  private static HistoryPayload deflated(String text) {
    return HistoryPayload.deflate(
        out -> {
          try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }
}
