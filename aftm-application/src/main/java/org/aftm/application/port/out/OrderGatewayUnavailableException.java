package org.aftm.application.port.out;

/** The order gateway gave no answer after every retry. Whether the order was placed is unknown. */
public final class OrderGatewayUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public OrderGatewayUnavailableException(String message) {
    super(message);
  }

  public OrderGatewayUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
