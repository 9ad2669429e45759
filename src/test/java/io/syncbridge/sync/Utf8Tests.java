package io.syncbridge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The UTF-8 check agrees with the JDK's strict decoder. */
class Utf8Tests {

  @ParameterizedTest
  @CsvSource({
    "41, -1",
    "C3A9, -1",
    "E282AC, -1",
    "F09F9880, -1",
    "F48FBFBF, -1",
    "C0A2, 0",
    "C1BF, 0",
    "41E080AF, 1",
    "EDA080, 0",
    "EDBFBF, 0",
    "F4908080, 0",
    "F5808080, 0",
    "80, 0",
    "4142C3, 2",
    "E282, 0",
    "C328, 0"
  })
  void findsTheFirstInvalidByte(String hex, int expected) {
    assertThat(Utf8.firstInvalid(HexFormat.of().parseHex(hex))).isEqualTo(expected);
  }

  @Test
  void agreesWithTheJdkDecoderOnRandomBytes() {
    Random random = new Random(7);
    int[] interesting = {
      0x41, 0x80, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xa0, 0x9f, 0x90, 0x8f
    };
    for (int n = 0; n < 100_000; n++) {
      byte[] bytes = new byte[1 + random.nextInt(6)];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] =
            (byte)
                (random.nextBoolean()
                    ? interesting[random.nextInt(interesting.length)]
                    : random.nextInt(256));
      }
      assertThat(Utf8.firstInvalid(bytes) < 0)
          .as(HexFormat.of().formatHex(bytes))
          .isEqualTo(isStrictUtf8(bytes));
    }
  }

  private static boolean isStrictUtf8(byte[] bytes) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
