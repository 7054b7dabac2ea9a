package org.aftm.application.port.out;

import org.aftm.domain.model.Tick;

/**
 * Sends ticks to the strategy. Never blocks: when subscribers are slow, ticks are dropped and
 * counted, and receivers see the gap in sequence numbers. One thread publishes.
 */
public interface PublishTickPort {

  void publish(Tick tick);

  /**
   * Sends {@code ticks[0, count)}, in order, at once: ticks that arrive together travel together
   * (an adapter may put a run of one instrument's ticks into one message). Each tick is read during
   * the call only, so the caller may reuse the array and the ticks. The default sends them one by
   * one.
   */
  default void publish(Tick[] ticks, int count) {
    for (int i = 0; i < count; i++) {
      publish(ticks[i]);
    }
  }
}
