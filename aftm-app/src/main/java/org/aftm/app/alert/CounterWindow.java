package org.aftm.app.alert;

import java.time.Duration;
import java.time.Instant;

/**
 * A sliding window over samples of two cumulative counters (events and, of them, the bad ones): the
 * increase of both over the last {@code window}, from the newest sample at least that old (or the
 * oldest kept, while the history is shorter). Owned by the alert evaluator's thread.
 */
final class CounterWindow {

  private record Counts(long total, long bad) {}

  private final SlidingBaseline<Counts> samples;

  CounterWindow(Duration window) {
    this.samples = new SlidingBaseline<>(window.toMillis());
  }

  /**
   * Adds the counters' values now and returns the bad ones' share of the events within the window,
   * in percent; {@code NaN} with fewer than {@code minEvents} events in it.
   */
  double addAndRate(Instant now, long total, long bad, long minEvents) {
    Counts newest = samples.newest();
    if (newest != null && (total < newest.total() || bad < newest.bad())) {
      // A counter went back (a source that restarted): the history no longer subtracts.
      samples.clear();
    }
    Counts from = samples.add(now.toEpochMilli(), new Counts(total, bad));
    long events = total - from.total();
    long badEvents = bad - from.bad();
    if (events <= 0 || events < minEvents) {
      return Double.NaN;
    }
    return 100.0 * badEvents / events;
  }
}
