package org.aftm.adapter.zmq.out;

/**
 * The order gateway answered a request other than {@code send_order} ({@code get_positions}, {@code
 * get_order_states}, {@code condition_changed}, ...) with an error reply. Carries the reply's
 * {@code error_code} (see {@link org.aftm.domain.order.ErrorCode}) and message.
 */
public final class GatewayErrorReplyException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String errorCode;

  public GatewayErrorReplyException(String operation, String errorCode, String errorMessage) {
    super(operation + " refused by the order gateway: " + errorCode + ": " + errorMessage);
    this.errorCode = errorCode;
  }

  /** The reply's {@code error_code}, e.g. {@code "POSITION_QUERY_ERROR"}. */
  public String errorCode() {
    return errorCode;
  }
}
