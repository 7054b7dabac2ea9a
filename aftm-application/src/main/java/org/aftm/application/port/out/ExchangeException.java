package org.aftm.application.port.out;

/** The broker could not be reached or answered nonsense; a refusal is never this. */
public final class ExchangeException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ExchangeException(String message) {
    super(message);
  }

  public ExchangeException(String message, Throwable cause) {
    super(message, cause);
  }
}
