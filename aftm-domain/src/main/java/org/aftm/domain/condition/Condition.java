package org.aftm.domain.condition;

import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.order.ErrorCode;
import org.aftm.domain.order.OrderState;
import org.aftm.domain.order.OrderUpdate;

/**
 * A live support/resistance condition: the price rules of docs/architecture.md §3, moved on by
 * order outcomes rather than by the signals it emits.
 *
 * <p>Prices move it from new to triggered and emit the entry; the entry's fills move it to entered,
 * sized to what filled; prices then emit the exit (take profit or stop loss) for what is open, and
 * the exit's fills finish it. An entry that ends with nothing filled re-arms the condition for
 * another attempt, up to {@code maxEntryAttempts}; a transient refusal is retried the same way, a
 * final one (risk, invalid) fails it. An exit that ends with lots still open is sent again as a new
 * attempt on a later tick (the next one after the first failure, then waiting 1, 3, 7 … up to
 * {@value #MAX_EXIT_RETRY_WAIT_TICKS} ticks, so a broker that keeps refusing is not sent an order
 * on every tick): a stop loss is never lost silently. Only a final refusal of an exit fails the
 * condition, with the reason.
 *
 * <p>Not thread-safe: one strategy thread owns it. {@link #onPrice} allocates nothing.
 */
public final class Condition {

  /** The longest wait, in ticks of the instrument, between two exit attempts. */
  static final int MAX_EXIT_RETRY_WAIT_TICKS = 63;

  private final long id;
  private final ConditionSpec spec;
  private final boolean buy;
  private final long turning;
  private final long takeProfitPoints;
  private final long stopLossPoints;
  private final boolean trails;

  private ConditionState state;
  private long trigger;
  private long orderPrice;
  private long takeProfitPrice;
  private long stopLossPrice;

  private int entryAttempts;

  /**
   * Entry attempts refused only because trading was paused (halted, reducing, or the market
   * closed): they re-arm the condition without using up an attempt, but each still took an order
   * number, so the next order's id is new. Not stored: after a restart they count as attempts.
   */
  private int pausedEntryAttempts;

  private int entryFilled;
  private long entryCost;
  private boolean entryFinal;
  private int exitAttempts;
  private ConditionStep exitStep;
  private int exitFilledBefore;
  private long exitCostBefore;
  private int exitAttemptFilled;
  private long exitAttemptCost;
  private boolean exitAttemptFinal;
  private String failure;

  /**
   * Ticks to let pass before the next exit attempt: none after the first failed attempt, then
   * doubling to {@value #MAX_EXIT_RETRY_WAIT_TICKS}, so a broker that keeps refusing is not
   * hammered on every tick. Not stored: a restart retries at once.
   */
  private int exitRetryWaitTicks;

  private Condition(ConditionSnapshot snapshot) {
    this.id = snapshot.id();
    this.spec = snapshot.spec();
    this.buy = spec.action() == Side.BUY;
    this.turning = spec.turningPoint().units();
    this.takeProfitPoints = spec.takeProfitPoint().units();
    this.stopLossPoints = spec.stopLossPoint().units();
    this.trails = spec.following() && turning != 0;
    this.state = snapshot.state();
    ConditionProgress p = snapshot.progress();
    this.entryAttempts = p.entryAttempts();
    this.entryFilled = p.entryFilled();
    this.entryCost = p.entryCostUnits();
    this.entryFinal = p.entryFinal();
    this.exitAttempts = p.exitAttempts();
    this.exitStep = p.exitStep();
    this.exitFilledBefore = p.exitFilledBefore();
    this.exitCostBefore = p.exitCostBefore();
    this.exitAttemptFilled = p.exitAttemptFilled();
    this.exitAttemptCost = p.exitAttemptCost();
    this.exitAttemptFinal = p.exitAttemptFinal();
    this.failure = p.failure();
    moveTrigger(snapshot.triggerPrice().units());
  }

  /**
   * Rebuilds a live condition from what was stored, trailed trigger and order progress included.
   */
  public static Condition restore(ConditionSnapshot snapshot) {
    return new Condition(snapshot);
  }

  /** A new condition that has seen no tick yet. */
  public static Condition create(long id, ConditionSpec spec) {
    return new Condition(ConditionSnapshot.fresh(id, spec));
  }

  /**
   * Applies one tick's price: at most one transition, then trailing if following and not yet
   * ordered (docs/architecture.md §3, steps 1–4). While an order is out the price changes nothing,
   * except that an exit attempt that ended with lots open is sent again.
   */
  public ConditionStep onPrice(long price) {
    ConditionStep step = ConditionStep.NONE;
    switch (state) {
      case NEW:
        if (buy ? price <= trigger : price >= trigger) {
          state = ConditionState.TRIGGERED;
          step = ConditionStep.TRIGGERED;
        }
        break;
      case TRIGGERED:
        if (buy ? price >= orderPrice : price <= orderPrice) {
          state = ConditionState.ORDERED;
          entryAttempts++;
          entryFinal = false;
          return ConditionStep.ENTERED;
        }
        break;
      case ENTERED:
        if (buy ? price >= takeProfitPrice : price <= takeProfitPrice) {
          return startExit(ConditionStep.TOOK_PROFIT);
        }
        if (buy ? price <= stopLossPrice : price >= stopLossPrice) {
          return startExit(ConditionStep.STOPPED_OUT);
        }
        return ConditionStep.NONE;
      case EXITING:
        if (exitAttemptFinal && openQuantity() > 0) {
          if (exitRetryWaitTicks > 0) {
            exitRetryWaitTicks--;
            return ConditionStep.NONE;
          }
          nextExitAttempt();
          return ConditionStep.EXIT_RETRIED;
        }
        return ConditionStep.NONE;
      default:
        return ConditionStep.NONE;
    }
    if (trails && (buy ? price < trigger : price > trigger)) {
      moveTrigger(price);
      return step == ConditionStep.NONE ? ConditionStep.TRAILED : step;
    }
    return step;
  }

  private ConditionStep startExit(ConditionStep why) {
    state = ConditionState.EXITING;
    exitStep = why;
    exitAttempts = 0;
    nextExitAttempt();
    return why;
  }

  private void nextExitAttempt() {
    exitFilledBefore += exitAttemptFilled;
    exitCostBefore += exitAttemptCost;
    exitAttemptFilled = 0;
    exitAttemptCost = 0;
    exitAttemptFinal = false;
    exitAttempts++;
  }

  /**
   * Applies what the main process says of one of this condition's orders. Updates of other
   * conditions' orders, of attempts other than the current one, and repeats change nothing.
   *
   * @param maxEntryAttempts entry attempts allowed before the condition fails
   */
  public ConditionStep onOrderUpdate(
      ConditionOrderId orderId, OrderUpdate update, int maxEntryAttempts) {
    if (orderId.conditionId() != id || state.isFinished()) {
      return ConditionStep.NONE;
    }
    if (orderId.leg() == ConditionOrderId.Leg.ENTRY) {
      return orderId.attempt() == entryAttempts
          ? onEntryUpdate(update, maxEntryAttempts)
          : ConditionStep.NONE;
    }
    return state == ConditionState.EXITING && orderId.attempt() == exitAttempts
        ? onExitUpdate(update)
        : ConditionStep.NONE;
  }

  private ConditionStep onEntryUpdate(OrderUpdate update, int maxEntryAttempts) {
    boolean changed = false;
    if (update.filledQuantity() > entryFilled) {
      entryFilled = update.filledQuantity();
      entryCost = update.filledCostUnits();
      changed = true;
    }
    if (update.state().isFinal() && !entryFinal) {
      entryFinal = true;
      changed = true;
    }
    if (state == ConditionState.ORDERED) {
      if (entryFilled > 0) {
        state = ConditionState.ENTERED;
        return ConditionStep.ORDER_PROGRESS;
      }
      if (update.state().isFinal()) {
        String why = describe(update);
        if (ErrorCode.isFinalRefusal(update.errorCode())) {
          return fail("entry refused for good: " + why);
        }
        if (pausedBy(update.errorCode())) {
          pausedEntryAttempts++;
          state = ConditionState.TRIGGERED;
          return ConditionStep.ENTRY_RETRY;
        }
        int used = entryAttempts - pausedEntryAttempts;
        if (used >= maxEntryAttempts) {
          return fail("entry attempts used up (" + used + "), last: " + why);
        }
        state = ConditionState.TRIGGERED;
        return ConditionStep.ENTRY_RETRY;
      }
      return ConditionStep.NONE;
    }
    if (!changed) {
      return ConditionStep.NONE;
    }
    if (state == ConditionState.EXITING && exitAttemptFinal) {
      ConditionStep finished = finishIfClosed();
      if (finished != ConditionStep.NONE) {
        return finished;
      }
    }
    return ConditionStep.ORDER_PROGRESS;
  }

  /** A refusal that says trading is paused, not that this entry was wrong. */
  private static boolean pausedBy(String errorCode) {
    return ErrorCode.TRADING_HALTED.wire().equals(errorCode)
        || ErrorCode.MARKET_CLOSED.wire().equals(errorCode);
  }

  private ConditionStep onExitUpdate(OrderUpdate update) {
    boolean changed = false;
    if (update.filledQuantity() > exitAttemptFilled) {
      exitAttemptFilled = update.filledQuantity();
      exitAttemptCost = update.filledCostUnits();
      changed = true;
    }
    if (update.state().isFinal() && !exitAttemptFinal) {
      exitAttemptFinal = true;
      changed = true;
      exitRetryWaitTicks =
          Math.min((1 << Math.min(exitAttempts - 1, 6)) - 1, MAX_EXIT_RETRY_WAIT_TICKS);
      if (openQuantity() > 0
          && update.state() == OrderState.REJECTED
          && ErrorCode.isFinalRefusal(update.errorCode())) {
        return fail(
            "exit refused for good with " + openQuantity() + " lots open: " + describe(update));
      }
    }
    if (!changed) {
      return ConditionStep.NONE;
    }
    ConditionStep finished = finishIfClosed();
    return finished == ConditionStep.NONE ? ConditionStep.ORDER_PROGRESS : finished;
  }

  /**
   * Counts lots of this condition closed outside its own exits (a flatten) as exit fills at {@code
   * priceUnits}, so its exit average and realized P&amp;L stay meaningful and its open lots match
   * the broker's. With nothing left open the condition fails with {@code why}: it did not finish on
   * its own take profit or stop loss, and an operator reading it should see who closed it. A
   * condition that had already failed with lots open stays failed, {@code why} added to its reason.
   * A condition whose entry may still fill is closed all the same: its entry's lots were closed
   * (the gateway refuses its exits once flattened).
   *
   * @param lots 1..{@link #openQuantity()}
   * @param priceUnits the average price the lots were closed at, &gt; 0
   * @param why for the record, e.g. "closed by flatten flatten-xyz at 22057"
   * @return {@link ConditionStep#FAILED} when it just failed, else {@link
   *     ConditionStep#ORDER_PROGRESS}
   * @throws IllegalArgumentException when {@code lots} or {@code priceUnits} is out of range
   */
  public ConditionStep closedOutside(int lots, long priceUnits, String why) {
    if (lots <= 0 || lots > openQuantity()) {
      throw new IllegalArgumentException(
          "lots closed outside must be 1.." + openQuantity() + " but was " + lots);
    }
    if (priceUnits <= 0) {
      throw new IllegalArgumentException(
          "price of lots closed outside must be > 0 but was " + priceUnits);
    }
    // Counted with the earlier attempts' fills: the current exit attempt, if any, keeps its own.
    exitFilledBefore += lots;
    exitCostBefore += priceUnits * lots;
    if (openQuantity() > 0) {
      return ConditionStep.ORDER_PROGRESS;
    }
    if (state == ConditionState.FAILED) {
      failure = failure.isEmpty() ? why : failure + "; " + why;
      return ConditionStep.ORDER_PROGRESS;
    }
    return fail(why);
  }

  private ConditionStep finishIfClosed() {
    if (entryFinal && openQuantity() <= 0) {
      state = ConditionState.EXITED;
      return ConditionStep.EXITED;
    }
    return ConditionStep.NONE;
  }

  private ConditionStep fail(String why) {
    state = ConditionState.FAILED;
    failure = why;
    return ConditionStep.FAILED;
  }

  private static String describe(OrderUpdate update) {
    String text = update.state().wire();
    if (!update.errorCode().isEmpty()) {
      text += " " + update.errorCode();
    }
    if (!update.reason().isEmpty()) {
      text += " (" + update.reason() + ")";
    }
    return text;
  }

  private void moveTrigger(long newTrigger) {
    trigger = newTrigger;
    orderPrice = ConditionPrices.orderPrice(spec.action(), trigger, turning);
    takeProfitPrice = ConditionPrices.takeProfitPrice(spec.action(), orderPrice, takeProfitPoints);
    stopLossPrice = ConditionPrices.stopLossPrice(spec.action(), orderPrice, stopLossPoints);
  }

  /** The order of the attempt now out or last sent: what the signal of the last step carries. */
  public ConditionOrderId currentOrderId() {
    return state == ConditionState.EXITING || state == ConditionState.EXITED
        ? new ConditionOrderId(id, ConditionOrderId.Leg.EXIT, Math.max(1, exitAttempts))
        : new ConditionOrderId(id, ConditionOrderId.Leg.ENTRY, Math.max(1, entryAttempts));
  }

  /** The current (or last) entry attempt's order: the one whose lots an exit closes. */
  public ConditionOrderId entryOrderId() {
    return new ConditionOrderId(id, ConditionOrderId.Leg.ENTRY, Math.max(1, entryAttempts));
  }

  /** Whether the current entry attempt can fill no more. */
  public boolean entryFinal() {
    return entryFinal;
  }

  /** Whether an order of this condition is out and its outcome not yet known. */
  public boolean awaitsOrder() {
    return state == ConditionState.ORDERED
        || (state == ConditionState.EXITING && !exitAttemptFinal);
  }

  /** Lots the current signal trades: the spec's quantity for an entry, what is open for an exit. */
  public int signalQuantity() {
    return state == ConditionState.EXITING ? Math.max(0, exitQuantityNow()) : spec.quantity();
  }

  private int exitQuantityNow() {
    return entryFilled - exitFilledBefore;
  }

  /** The side of the signal the last step emitted: the action on entry, the opposite on exit. */
  public Side signalSide(ConditionStep step) {
    return step == ConditionStep.ENTERED ? spec.action() : spec.action().opposite();
  }

  /** Whether the exit on its way was a stop loss (else a take profit). */
  public boolean exitIsStopLoss() {
    return exitStep == ConditionStep.STOPPED_OUT;
  }

  public long id() {
    return id;
  }

  public ConditionSpec spec() {
    return spec;
  }

  public String itemCode() {
    return spec.itemCode();
  }

  public ConditionState state() {
    return state;
  }

  public boolean isFinished() {
    return state.isFinished();
  }

  public long triggerUnits() {
    return trigger;
  }

  public long orderPriceUnits() {
    return orderPrice;
  }

  public long takeProfitPriceUnits() {
    return takeProfitPrice;
  }

  public long stopLossPriceUnits() {
    return stopLossPrice;
  }

  public int entryFilled() {
    return entryFilled;
  }

  public int exitFilled() {
    return exitFilledBefore + exitAttemptFilled;
  }

  /** Lots the entry filled that no exit has closed yet. */
  public int openQuantity() {
    return entryFilled - exitFilled();
  }

  public String failure() {
    return failure;
  }

  public ConditionSnapshot snapshot() {
    return new ConditionSnapshot(
        id,
        spec,
        state,
        Price.ofUnits(trigger),
        new ConditionProgress(
            entryAttempts,
            entryFilled,
            entryCost,
            entryFinal,
            exitAttempts,
            exitStep,
            exitFilledBefore,
            exitCostBefore,
            exitAttemptFilled,
            exitAttemptCost,
            exitAttemptFinal,
            failure));
  }

  @Override
  public String toString() {
    return "Condition["
        + id
        + " "
        + spec.action().wire()
        + " "
        + spec.itemCode()
        + " "
        + state.text()
        + " trigger="
        + Price.format(trigger)
        + " order="
        + Price.format(orderPrice)
        + " filled="
        + entryFilled
        + "/"
        + exitFilled()
        + "]";
  }
}
