package org.aftm.domain.strategy;

import java.util.HashMap;
import java.util.Map;
import org.aftm.domain.condition.ConditionOrderId;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.Tick;
import org.aftm.domain.order.OrderUpdate;

/**
 * Moving-average crossover on closed bars, per instrument, within a position limit.
 *
 * <p>On each closed bar of an instrument:
 *
 * <ol>
 *   <li>The bar's close joins the last {@code fast} and the last {@code slow} closes; the averages
 *       are their plain means (compared exactly, without rounding).
 *   <li>Once there are {@code slow} closes and there were on the bar before too: the fast average
 *       <em>crosses above</em> when it was at or below the slow one on the previous bar and is
 *       above it now; it <em>crosses below</em> when it was at or above and is below now. Crossing
 *       above sets the target position to {@code +max_position}; crossing below to {@code
 *       -max_position}, or to 0 when {@code short} is false. Before the first cross the target is 0
 *       (flat): nothing is traded.
 *   <li>If none of its orders for the instrument is out and the position differs from the target,
 *       it sends one market order (IOC) toward the target for {@code min(quantity, |target −
 *       position|)} lots, priced at the bar's close, with the bar's close time as its time.
 * </ol>
 *
 * <p>The position is learnt only from its own orders' updates: each update's cumulative filled
 * lots, less those already counted, move it; an order is out until its update is final. Since one
 * order at most is out per instrument, it never exceeds the gap to a target within {@code
 * ±max_position}, and fills never exceed an order, the position never exceeds {@code max_position}
 * either way. An order that ends unfilled (refused, too old, cancelled) leaves the position as it
 * was; the next bar tries again. It knows nothing of lots held before it started: a restarted
 * instance starts flat.
 *
 * <p>Not thread-safe: the strategy thread owns it. Allocates only on a bar (its first bar of an
 * instrument, and a signal).
 */
public final class MovingAverageCrossoverStrategy implements Strategy {

  private final InstanceSignals signals;
  private final int fast;
  private final int slow;
  private final int quantity;
  private final int maxPosition;
  private final boolean goShort;
  private final Map<String, Instrument> instruments = new HashMap<>();

  /** What it knows of one instrument. */
  private static final class Instrument {
    final long[] closes;
    int count;
    int next;
    long fastSum;
    long slowSum;

    /** Sign of fast − slow on the previous bar; meaningful once {@code count >= slow}. */
    int previousSign;

    boolean previousKnown;
    int target;
    int position;
    String workingId;
    int workingSide;
    int workingFilled;

    Instrument(int slow) {
      closes = new long[slow];
    }
  }

  /**
   * @param signals makes its signals and their ids
   * @param fast bars in the fast average, at least 1
   * @param slow bars in the slow average, more than {@code fast}
   * @param quantity lots per order, at least 1
   * @param maxPosition most lots held either way, at least 1
   * @param goShort whether crossing below goes short (else flat)
   */
  public MovingAverageCrossoverStrategy(
      InstanceSignals signals, int fast, int slow, int quantity, int maxPosition, boolean goShort) {
    if (fast < 1 || slow <= fast || quantity < 1 || maxPosition < 1) {
      throw new IllegalArgumentException(
          "need 1 <= fast < slow, quantity >= 1, max_position >= 1 but got fast="
              + fast
              + " slow="
              + slow
              + " quantity="
              + quantity
              + " max_position="
              + maxPosition);
    }
    this.signals = signals;
    this.fast = fast;
    this.slow = slow;
    this.quantity = quantity;
    this.maxPosition = maxPosition;
    this.goShort = goShort;
  }

  @Override
  public String name() {
    return MovingAverageCrossoverPlugin.NAME;
  }

  /** Trades on bars only. */
  @Override
  public void onTick(Tick tick, StrategyListener listener) {}

  @Override
  public void onBar(Bar bar, StrategyListener listener) {
    Instrument s = instruments.computeIfAbsent(bar.itemCode(), k -> new Instrument(slow));
    add(s, bar.closeUnits());
    if (s.count >= slow) {
      // fast mean vs slow mean, exactly: fastSum / fast vs slowSum / slow.
      int sign = compareProducts(s.fastSum, slow, s.slowSum, fast);
      if (s.previousKnown) {
        if (s.previousSign <= 0 && sign > 0) {
          s.target = maxPosition;
        } else if (s.previousSign >= 0 && sign < 0) {
          s.target = goShort ? -maxPosition : 0;
        }
      }
      s.previousSign = sign;
      s.previousKnown = true;
    }
    if (s.workingId == null && s.position != s.target) {
      int gap = s.target - s.position;
      int lots = Math.min(quantity, Math.abs(gap));
      Signal signal =
          signals.signal(
              bar.itemCode(),
              gap > 0 ? Side.BUY : Side.SELL,
              lots,
              bar.closeUnits(),
              0L,
              bar.closeTimeMillis(),
              0L);
      s.workingId = ConditionOrderId.PREFIX + signal.signalId();
      s.workingSide = gap > 0 ? 1 : -1;
      s.workingFilled = 0;
      listener.onSignal(signal);
    }
  }

  @Override
  public void onOrderUpdate(OrderUpdate update, StrategyListener listener) {
    for (Instrument s : instruments.values()) {
      if (update.clientOrderId().equals(s.workingId)) {
        int newlyFilled = update.filledQuantity() - s.workingFilled;
        if (newlyFilled > 0) {
          s.position += s.workingSide * newlyFilled;
          s.workingFilled = update.filledQuantity();
        }
        if (update.state().isFinal()) {
          s.workingId = null;
        }
        return;
      }
    }
  }

  /** The position it has learnt in {@code itemCode}, in lots (negative: short). */
  public int position(String itemCode) {
    Instrument s = instruments.get(itemCode);
    return s == null ? 0 : s.position;
  }

  /** The position it aims at in {@code itemCode}. */
  public int target(String itemCode) {
    Instrument s = instruments.get(itemCode);
    return s == null ? 0 : s.target;
  }

  private void add(Instrument s, long close) {
    // closes is a ring of the last `slow` closes; `next` is where the oldest sits.
    if (s.count >= slow) {
      s.slowSum -= s.closes[s.next];
    }
    if (s.count >= fast) {
      s.fastSum -= s.closes[Math.floorMod(s.next - fast, slow)];
    }
    s.closes[s.next] = close;
    s.next = (s.next + 1) % slow;
    s.slowSum += close;
    s.fastSum += close;
    s.count = Math.min(s.count + 1, slow);
  }

  /** The sign of {@code a×b − c×d}, exact in 128 bits. */
  static int compareProducts(long a, long b, long c, long d) {
    long high1 = Math.multiplyHigh(a, b);
    long high2 = Math.multiplyHigh(c, d);
    if (high1 != high2) {
      return Long.compare(high1, high2);
    }
    return Long.compareUnsigned(a * b, c * d);
  }
}
