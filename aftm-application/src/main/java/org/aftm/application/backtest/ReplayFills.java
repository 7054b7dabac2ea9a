package org.aftm.application.backtest;

import java.util.Arrays;
import org.aftm.application.service.RecordedTicks;
import org.aftm.application.service.ReplayService.ReplayListener;
import org.aftm.domain.order.Fill;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.strategy.Signal;

/**
 * Listens to a replay and keeps its fills with the number of the tick each happened on, so that a
 * {@link BacktestLedger} can account the ticks and the fills in the order they happened after the
 * replay ({@link #account}). Counts signals and refused orders too; remembers the first refusal.
 *
 * <p>Not thread-safe: one per replay, on the replay's thread.
 */
public final class ReplayFills implements ReplayListener {

  private int[] tickNumbers = new int[64];
  private Fill[] fills = new Fill[64];
  private int size;
  private long signals;
  private long refused;
  private String firstRefusal;

  @Override
  public void onSignal(int tickNumber, Signal signal) {
    signals++;
  }

  @Override
  public void onFill(int tickNumber, Fill fill) {
    if (size == fills.length) {
      fills = Arrays.copyOf(fills, size * 2);
      tickNumbers = Arrays.copyOf(tickNumbers, size * 2);
    }
    tickNumbers[size] = tickNumber;
    fills[size] = fill;
    size++;
  }

  @Override
  public void onRefused(int tickNumber, Signal signal, OrderResult result) {
    if (refused++ == 0) {
      firstRefusal =
          "tick " + tickNumber + ": " + result.errorCode() + ": " + result.errorMessage();
    }
  }

  public long signals() {
    return signals;
  }

  public int fills() {
    return size;
  }

  /** Orders refused by a check or the broker. */
  public long refused() {
    return refused;
  }

  /** The first refusal as {@code tick N: CODE: message}, or {@code null}. */
  public String firstRefusal() {
    return firstRefusal;
  }

  /**
   * Feeds {@code ledger} every tick of the replay and, after each, the fills that happened on it;
   * then finishes it.
   */
  public BacktestResult account(RecordedTicks ticks, BacktestLedger ledger) {
    int next = 0;
    for (int i = 0; i < ticks.size(); i++) {
      ledger.onTick(ticks.itemCode(i), ticks.priceUnits(i), ticks.timeMillis(i));
      int tickNumber = i + 1;
      while (next < size && tickNumbers[next] == tickNumber) {
        ledger.onFill(fills[next++]);
      }
    }
    return ledger.finish();
  }
}
