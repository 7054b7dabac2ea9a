package org.aftm.adapter.zmq.in;

/**
 * One request waiting for its client's turn on the gateway thread.
 *
 * @param client who sent it
 * @param envelope the frames before the body, sent back in front of the reply
 * @param body the body, or null when there is not exactly one body frame or it is too large (then
 *     only its size is kept, so a queue of oversized requests holds no large arrays)
 * @param bodyFrames frames after the envelope
 * @param bodyBytes size of the body when {@code bodyFrames == 1}
 */
record QueuedRequest(
    GatewayClient client, byte[][] envelope, byte[] body, int bodyFrames, int bodyBytes) {

  /** Rough heap cost, for the gateway's budget of waiting bytes. */
  long heapBytes() {
    long bytes = 64L + 16L * envelope.length;
    for (byte[] frame : envelope) {
      bytes += frame.length;
    }
    return body == null ? bytes : bytes + body.length;
  }
}
