package org.aftm.app.config;

/**
 * A configured address cannot be listened on: the port is in use, or the address is not one of this
 * machine. The message is one line naming the keys, the address and the reason; the CLI shows it
 * without a stack trace and exits with code 2.
 */
public final class UnusableAddressException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public UnusableAddressException(String message, Throwable cause) {
    super(message, cause);
  }
}
