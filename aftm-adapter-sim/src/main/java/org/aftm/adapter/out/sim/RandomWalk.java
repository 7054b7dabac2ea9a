package org.aftm.adapter.out.sim;

import java.util.SplittableRandom;

/**
 * A seeded random walk on a contract's tick grid, kept inside its price limits: the same seed and
 * instrument always give the same path, whatever thread or clock drives it.
 *
 * <p>Every step draws the same count of random numbers, so the path does not depend on which values
 * the caller reads. Not thread-safe: one thread steps it.
 */
final class RandomWalk {

  private final SplittableRandom random;
  private final long tickUnits;
  private final long lowUnits;
  private final long highUnits;
  private long priceUnits;
  private int lastMove;
  private long quantity;
  private long bidQuantity;
  private long askQuantity;

  /**
   * @param seed the generator seed; mixed with the instrument so two instruments do not move in
   *     lockstep
   */
  RandomWalk(
      long seed,
      String instrument,
      long startUnits,
      long tickUnits,
      long lowUnits,
      long highUnits) {
    if (highUnits - lowUnits < 2 * tickUnits) {
      throw new IllegalArgumentException(
          "price band of " + instrument + " is narrower than two ticks");
    }
    // String.hashCode is specified, so the mix is the same on every JVM.
    this.random = new SplittableRandom(seed ^ (instrument.hashCode() * 0x9E3779B97F4A7C15L));
    this.tickUnits = tickUnits;
    this.lowUnits = lowUnits;
    this.highUnits = highUnits;
    this.priceUnits = Math.min(Math.max(startUnits - startUnits % tickUnits, lowUnits), highUnits);
  }

  /** Moves the price -2 to +2 ticks, bouncing off the limits, and draws the step's quantities. */
  long step() {
    int move = random.nextInt(5) - 2;
    long next = priceUnits + move * tickUnits;
    if (next < lowUnits || next > highUnits) {
      move = -move;
      next = priceUnits + move * tickUnits;
    }
    priceUnits = next;
    lastMove = move;
    quantity = 1 + random.nextInt(5);
    bidQuantity = 1 + random.nextInt(50);
    askQuantity = 1 + random.nextInt(50);
    return priceUnits;
  }

  long priceUnits() {
    return priceUnits;
  }

  /** Lots traded on the last step, 1 to 5. */
  long quantity() {
    return quantity;
  }

  /**
   * The best bid after the last step: an uptick traded at the offer, so the bid is a tick below.
   */
  long bidUnits() {
    return lastMove > 0 ? priceUnits - tickUnits : priceUnits;
  }

  long askUnits() {
    return lastMove > 0 ? priceUnits : priceUnits + tickUnits;
  }

  long bidQuantity() {
    return bidQuantity;
  }

  long askQuantity() {
    return askQuantity;
  }
}
