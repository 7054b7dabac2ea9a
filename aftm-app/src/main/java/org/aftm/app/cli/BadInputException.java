package org.aftm.app.cli;

/** The operator's input is wrong; the message says what and where. Exit code 2, no stack trace. */
public final class BadInputException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public BadInputException(String message) {
    super(message);
  }

  public BadInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
