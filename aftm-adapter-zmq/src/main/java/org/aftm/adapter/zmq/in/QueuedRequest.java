package org.aftm.adapter.zmq.in;

import org.aftm.adapter.zmq.link.LinkPeer;

/**
 * One request waiting for its client's turn on the gateway thread.
 *
 * @param client who sent it
 * @param peer who the link's authentication says sent it (per message: a routing identity is chosen
 *     by the client, its key is not)
 * @param envelope the frames before the body, sent back in front of the reply
 * @param body the body, or null when there is not exactly one body frame or it is too large (then
 *     only its size is kept, so a queue of oversized requests holds no large arrays)
 * @param bodyFrames frames after the envelope
 * @param bodyBytes size of the body when {@code bodyFrames == 1}
 */
record QueuedRequest(
    GatewayClient client,
    LinkPeer peer,
    byte[][] envelope,
    byte[] body,
    int bodyFrames,
    int bodyBytes) {

  /** Rough heap cost, for the gateway's budget of waiting bytes. */
  long heapBytes() {
    long bytes = 64L + 16L * envelope.length;
    for (byte[] frame : envelope) {
      bytes += frame.length;
    }
    return body == null ? bytes : bytes + body.length;
  }
}
