package io.syncbridge.graphql;

/** A GraphQL argument outside what the operation accepts; answered with {@code BAD_USER_INPUT}. */
public class BadUserInputException extends RuntimeException {

  private final String argument;

  public BadUserInputException(String message, String argument) {
    super(message, null, false, false);
    this.argument = argument;
  }

  public String argument() {
    return argument;
  }
}
