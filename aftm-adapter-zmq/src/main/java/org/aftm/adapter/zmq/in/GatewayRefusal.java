package org.aftm.adapter.zmq.in;

import org.aftm.domain.order.ErrorCode;

/** A request the server answers with an error reply: the code and a message for the caller. */
final class GatewayRefusal extends Exception {

  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  GatewayRefusal(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  ErrorCode code() {
    return code;
  }
}
