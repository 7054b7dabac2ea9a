package org.aftm.adapter.zmq.codec;

import java.util.Objects;
import org.aftm.domain.strategy.Signal;

/**
 * A signal as it travels on the signal link, numbered by its sender so the receiver can count
 * signals lost in transit.
 *
 * @param senderSequence the sender's sequence number, starting at 1 and counting only signals it
 *     actually queued
 * @param signal the signal
 */
public record SequencedSignal(long senderSequence, Signal signal) {

  public SequencedSignal {
    Objects.requireNonNull(signal, "signal");
  }
}
