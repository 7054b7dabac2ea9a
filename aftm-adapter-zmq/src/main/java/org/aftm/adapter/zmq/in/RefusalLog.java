package org.aftm.adapter.zmq.in;

import java.util.concurrent.TimeUnit;
import org.aftm.application.text.UntrustedText;
import org.aftm.domain.order.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs refused gateway requests so that a flood cannot flood the log: at most one line per client
 * per second (summing what it left out) and at most {@value #MAX_LINES_PER_SECOND} lines a second
 * in all, and caller-supplied text cut to {@value #MAX_MESSAGE_CHARS} characters. Owned by the
 * {@code order-gateway} thread.
 */
final class RefusalLog {

  static final int MAX_LINES_PER_SECOND = 20;
  static final int MAX_MESSAGE_CHARS = 200;
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
  private static final Logger LOG = LoggerFactory.getLogger(ZmqOrderGatewayServer.class);

  // nanoTime may be negative: a flag, not a zero, says no second has started yet.
  private boolean started;
  private long secondStart;
  private int linesThisSecond;
  private long droppedLines;

  /**
   * @param client who sent it, or null for a client the gateway could not take on
   */
  void refused(GatewayClient client, ErrorCode code, String message, long nowNanos) {
    long refused = 1;
    if (client != null) {
      client.refusalsSinceLog++;
      if (client.refusalLogged && nowNanos - client.lastRefusalLogNanos < SECOND) {
        return;
      }
      refused = client.refusalsSinceLog;
    }
    if (!started || nowNanos - secondStart >= SECOND) {
      started = true;
      if (droppedLines > 0) {
        LOG.warn("{} more refusal log lines left out in the last second", droppedLines);
      }
      secondStart = nowNanos;
      linesThisSecond = 0;
      droppedLines = 0;
    }
    if (linesThisSecond >= MAX_LINES_PER_SECOND) {
      droppedLines++;
      return;
    }
    linesThisSecond++;
    if (client != null) {
      client.refusalLogged = true;
      client.lastRefusalLogNanos = nowNanos;
      client.refusalsSinceLog = 0;
    }
    LOG.warn(
        "Request refused ({}) from client {}{}: {}",
        code.wire(),
        client == null ? "(not taken on)" : client,
        refused > 1 ? " (" + refused + " refused since the last line)" : "",
        cut(message));
  }

  /** The refusal's message quotes the request; escaped again so no client text breaks the line. */
  private static String cut(String message) {
    return UntrustedText.oneLine(message, MAX_MESSAGE_CHARS);
  }
}
