package io.syncbridge.sync;

/**
 * Strict UTF-8 (RFC 3629): the parser decodes what it is given, overlong forms and encoded
 * surrogates included, and the history keeps a request's bytes as they came. So they are checked
 * here, byte by byte; ASCII takes the fast path.
 */
final class Utf8 {

  private Utf8() {}

  /** The offset of the first byte that is not part of well-formed UTF-8, or -1. */
  static int firstInvalid(byte[] bytes) {
    int i = 0;
    while (i < bytes.length) {
      int lead = bytes[i] & 0xff;
      if (lead < 0x80) {
        i++;
        continue;
      }
      int length;
      int secondMin = 0x80;
      int secondMax = 0xbf;
      if (lead >= 0xc2 && lead <= 0xdf) {
        length = 2;
      } else if (lead >= 0xe0 && lead <= 0xef) {
        length = 3;
        if (lead == 0xe0) {
          secondMin = 0xa0; // shorter forms are overlong
        } else if (lead == 0xed) {
          secondMax = 0x9f; // U+D800..U+DFFF are surrogates
        }
      } else if (lead >= 0xf0 && lead <= 0xf4) {
        length = 4;
        if (lead == 0xf0) {
          secondMin = 0x90; // overlong
        } else if (lead == 0xf4) {
          secondMax = 0x8f; // beyond U+10FFFF
        }
      } else {
        return i; // a continuation byte, an overlong lead (C0, C1) or F5..FF
      }
      if (i + length > bytes.length) {
        return i;
      }
      int second = bytes[i + 1] & 0xff;
      if (second < secondMin || second > secondMax) {
        return i;
      }
      for (int k = 2; k < length; k++) {
        int next = bytes[i + k] & 0xff;
        if (next < 0x80 || next > 0xbf) {
          return i;
        }
      }
      i += length;
    }
    return -1;
  }
}
