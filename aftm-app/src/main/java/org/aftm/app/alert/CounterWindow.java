package org.aftm.app.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;

/**
 * A sliding window over samples of two cumulative counters (events and, of them, the bad ones): the
 * increase of both over the last {@code window}, from the newest sample at least that old (or the
 * oldest kept, while the history is shorter). Owned by the alert evaluator's thread.
 */
final class CounterWindow {

  private record Sample(Instant at, long total, long bad) {}

  private final Duration window;
  private final ArrayDeque<Sample> samples = new ArrayDeque<>();

  CounterWindow(Duration window) {
    this.window = window;
  }

  /**
   * Adds the counters' values now and returns the bad ones' share of the events within the window,
   * in percent; {@code NaN} with fewer than {@code minEvents} events in it.
   */
  double addAndRate(Instant now, long total, long bad, long minEvents) {
    Sample newest = samples.peekLast();
    if (newest != null && (total < newest.total() || bad < newest.bad())) {
      // A counter went back (a source that restarted): the history no longer subtracts.
      samples.clear();
    }
    samples.addLast(new Sample(now, total, bad));
    Instant cut = now.minus(window);
    // Keep one sample at or before the cut, so the difference spans the whole window.
    while (samples.size() > 1) {
      Sample oldest = samples.pollFirst();
      if (!samples.peekFirst().at().isAfter(cut)) {
        continue;
      }
      samples.addFirst(oldest);
      break;
    }
    Sample from = samples.peekFirst();
    long events = total - from.total();
    long badEvents = bad - from.bad();
    if (events <= 0 || events < minEvents) {
      return Double.NaN;
    }
    return 100.0 * badEvents / events;
  }
}
