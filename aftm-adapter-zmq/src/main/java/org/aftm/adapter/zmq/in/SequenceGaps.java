package org.aftm.adapter.zmq.in;

import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts messages missed per instrument from the publisher's per-instrument sequence numbers. The
 * first message of an instrument sets the baseline (a late joiner has not missed anything it could
 * have had); a sequence at or below the last one means the publisher restarted and starts a new
 * baseline. Not thread-safe: the receiving thread owns it.
 */
final class SequenceGaps {

  private static final Logger LOG = LoggerFactory.getLogger(SequenceGaps.class);

  /** Last sequence by instrument; a one-element array so an update does not box. */
  private final Map<String, long[]> lastByInstrument = new HashMap<>();

  /**
   * @return how many messages were missed just before this one
   */
  long observe(String instrument, long sequence) {
    long[] last = lastByInstrument.get(instrument);
    if (last == null) {
      lastByInstrument.put(instrument, new long[] {sequence});
      return 0;
    }
    long previous = last[0];
    last[0] = sequence;
    if (sequence > previous) {
      return sequence - previous - 1;
    }
    LOG.info(
        "Sequence of {} went from {} back to {}: publisher restarted, new baseline",
        instrument,
        previous,
        sequence);
    return 0;
  }
}
