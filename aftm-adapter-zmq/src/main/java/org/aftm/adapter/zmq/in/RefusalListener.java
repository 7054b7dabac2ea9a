package org.aftm.adapter.zmq.in;

import org.aftm.domain.order.ErrorCode;

/** Told of each request answered with an error, so refusals are logged per client, throttled. */
interface RefusalListener {

  /**
   * @param message the error reply's message; may quote caller-supplied text
   */
  void refused(ErrorCode code, String message);
}
