package io.syncbridge.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The shared secret of protected routes, compared in constant time. */
public final class ApiToken {

  private final byte[] digest;

  public ApiToken(String token) {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("token must not be blank");
    }
    this.digest = sha256(token);
  }

  /**
   * Whether the candidate is the token. Both sides are hashed first so that the comparison takes
   * the same time whatever the candidate's length or content.
   */
  public boolean matches(String candidate) {
    return candidate != null && MessageDigest.isEqual(digest, sha256(candidate));
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
  }

  @Override
  public String toString() {
    return "ApiToken[****]";
  }
}
