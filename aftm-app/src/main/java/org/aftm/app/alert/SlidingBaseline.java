package org.aftm.app.alert;

import java.util.ArrayDeque;

/**
 * Samples of a cumulative value (counters, a histogram's bucket counts) and, for each new sample,
 * the baseline an increase over the last {@code window} is measured from: the newest sample at
 * least {@code window} old, or the oldest kept while the history is shorter. Older samples are
 * dropped. Times are in whatever unit the owner chooses, the window in the same one. Owned by the
 * alert evaluator's thread.
 *
 * @param <T> the sampled value
 */
final class SlidingBaseline<T> {

  private record Sample<T>(long time, T value) {}

  private final long window;
  private final ArrayDeque<Sample<T>> samples = new ArrayDeque<>();

  SlidingBaseline(long window) {
    this.window = window;
  }

  /** Adds {@code value} sampled at {@code time} and returns the baseline for it. */
  T add(long time, T value) {
    samples.addLast(new Sample<>(time, value));
    // Keep one sample at least a window old, so the difference spans the whole window.
    while (samples.size() > 1) {
      Sample<T> oldest = samples.pollFirst();
      if (time - samples.peekFirst().time() >= window) {
        continue;
      }
      samples.addFirst(oldest);
      break;
    }
    return samples.peekFirst().value();
  }

  /** The newest sample's value; {@code null} when there is none. */
  T newest() {
    Sample<T> newest = samples.peekLast();
    return newest == null ? null : newest.value();
  }

  /** Forgets every sample, e.g. when the value went back and no longer subtracts. */
  void clear() {
    samples.clear();
  }
}
