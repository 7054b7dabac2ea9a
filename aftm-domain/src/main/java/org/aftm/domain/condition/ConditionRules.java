package org.aftm.domain.condition;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.aftm.domain.model.Contract;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;

/**
 * What a condition must satisfy before it is stored, beyond what {@link ConditionSpec} checks on
 * its own: an instrument the broker lists, prices and points on that instrument's tick grid, a
 * trigger within today's price limits, points no larger than the limit-up price, a quantity within
 * the largest order, and derived prices (order, take profit, stop loss; for a trailing buy also
 * once the trigger trailed down to the limit-down price) above zero. Every path that registers a
 * condition passes here (docs/architecture.md §3), so no absurd row is ever stored.
 *
 * <p>Immutable; safe to share between threads.
 */
public final class ConditionRules {

  private final List<Contract> contracts;
  private final int maxQuantity;

  /**
   * @param contracts the contracts the broker lists, each product's front month before its later
   *     months (a bare product code such as {@code TXF} means its first contract here)
   * @param maxQuantity the most lots in one order (AFTM_MAX_ORDER_QTY): a condition for more could
   *     never send an order
   */
  public ConditionRules(List<Contract> contracts, int maxQuantity) {
    if (maxQuantity <= 0) {
      throw new IllegalArgumentException("maxQuantity must be > 0 but was " + maxQuantity);
    }
    this.contracts = List.copyOf(contracts);
    this.maxQuantity = maxQuantity;
  }

  public List<Contract> contracts() {
    return contracts;
  }

  public int maxQuantity() {
    return maxQuantity;
  }

  /** The contract an item code means: a contract code, or a product's first listed contract. */
  public Optional<Contract> contractOf(String itemCode) {
    for (Contract contract : contracts) {
      if (contract.code().equals(itemCode)) {
        return Optional.of(contract);
      }
    }
    for (Contract contract : contracts) {
      if (contract.product().equals(itemCode)) {
        return Optional.of(contract);
      }
    }
    return Optional.empty();
  }

  /** The item codes accepted: each product, then each contract code, in listing order. */
  public List<String> itemCodes() {
    Set<String> codes = new LinkedHashSet<>();
    for (Contract contract : contracts) {
      codes.add(contract.product());
      codes.add(contract.code());
    }
    return new ArrayList<>(codes);
  }

  /**
   * Checks a condition; returns normally when it may be stored.
   *
   * @throws InvalidConditionException naming the first field that is wrong
   */
  public void check(ConditionSpec spec) {
    Contract contract =
        contractOf(spec.itemCode())
            .orElseThrow(
                () ->
                    new InvalidConditionException(
                        ConditionField.ITEM_CODE,
                        contracts.isEmpty()
                            ? "must be an instrument the broker lists, but it lists none, was "
                                + spec.itemCode()
                            : "must be an instrument the broker lists ("
                                + String.join(", ", itemCodes())
                                + "), was "
                                + spec.itemCode()));
    if (spec.quantity() > maxQuantity) {
      throw new InvalidConditionException(
          ConditionField.QUANTITY,
          "must be at most "
              + maxQuantity
              + " (AFTM_MAX_ORDER_QTY, the most lots in one order), was "
              + spec.quantity());
    }
    String instrument = describe(spec.itemCode(), contract);
    onGrid(ConditionField.TRIGGER_PRICE, spec.triggerPrice(), contract, instrument);
    onGrid(ConditionField.TURNING_POINT, spec.turningPoint(), contract, instrument);
    onGrid(ConditionField.TAKE_PROFIT_POINT, spec.takeProfitPoint(), contract, instrument);
    onGrid(ConditionField.STOP_LOSS_POINT, spec.stopLossPoint(), contract, instrument);
    Price trigger = spec.triggerPrice();
    if (trigger.compareTo(contract.limitDown()) < 0 || trigger.compareTo(contract.limitUp()) > 0) {
      throw new InvalidConditionException(
          ConditionField.TRIGGER_PRICE,
          "must be within today's price limits of "
              + instrument
              + ", "
              + contract.limitDown()
              + " to "
              + contract.limitUp()
              + ", was "
              + trigger);
    }
    notAbove(ConditionField.TURNING_POINT, spec.turningPoint(), contract, instrument);
    notAbove(ConditionField.TAKE_PROFIT_POINT, spec.takeProfitPoint(), contract, instrument);
    notAbove(ConditionField.STOP_LOSS_POINT, spec.stopLossPoint(), contract, instrument);
    derivedPricesPositive(spec, trigger.units(), "");
    if (spec.following() && spec.action() == Side.BUY) {
      // A trailing buy's trigger follows new lows, at worst down to the limit-down price.
      derivedPricesPositive(
          spec,
          contract.limitDown().units(),
          " once the trigger trailed down to the limit-down price " + contract.limitDown());
    }
  }

  private static String describe(String itemCode, Contract contract) {
    return itemCode.equals(contract.code()) ? itemCode : itemCode + " (" + contract.code() + ")";
  }

  private static void onGrid(
      ConditionField field, Price value, Contract contract, String instrument) {
    if (value.units() % contract.tickSize().units() != 0) {
      throw new InvalidConditionException(
          field,
          "must be a multiple of the tick size "
              + contract.tickSize()
              + " of "
              + instrument
              + ", was "
              + value);
    }
  }

  /** A distance larger than the highest price allowed today is a typing error. */
  private static void notAbove(
      ConditionField field, Price points, Contract contract, String instrument) {
    if (points.compareTo(contract.limitUp()) > 0) {
      throw new InvalidConditionException(
          field,
          "must be at most "
              + contract.limitUp()
              + " points, the limit-up price of "
              + instrument
              + ", was "
              + points);
    }
  }

  private static void derivedPricesPositive(ConditionSpec spec, long trigger, String when) {
    Side action = spec.action();
    long turning = spec.turningPoint().units();
    long order = ConditionPrices.orderPrice(action, trigger, turning);
    String orderText =
        Price.format(trigger) + (action == Side.BUY ? " + " : " - ") + spec.turningPoint();
    if (order <= 0) {
      throw new InvalidConditionException(
          ConditionField.TURNING_POINT,
          "would put the order price at "
              + Price.format(order)
              + " (trigger "
              + orderText
              + ")"
              + when
              + "; it must stay above 0, was "
              + spec.turningPoint());
    }
    long takeProfit =
        ConditionPrices.takeProfitPrice(action, order, spec.takeProfitPoint().units());
    if (takeProfit <= 0) {
      throw new InvalidConditionException(
          ConditionField.TAKE_PROFIT_POINT,
          "would put the take-profit price at "
              + Price.format(takeProfit)
              + " (order price "
              + Price.format(order)
              + " - "
              + spec.takeProfitPoint()
              + ")"
              + when
              + "; it must stay above 0, was "
              + spec.takeProfitPoint());
    }
    long stopLoss = ConditionPrices.stopLossPrice(action, order, spec.stopLossPoint().units());
    if (stopLoss <= 0) {
      throw new InvalidConditionException(
          ConditionField.STOP_LOSS_POINT,
          "would put the stop-loss price at "
              + Price.format(stopLoss)
              + " (order price "
              + Price.format(order)
              + " - "
              + spec.stopLossPoint()
              + ")"
              + when
              + "; it must stay above 0, was "
              + spec.stopLossPoint());
    }
    for (long derived : new long[] {order, takeProfit, stopLoss}) {
      if (derived > Price.MAX_UNITS) {
        throw new InvalidConditionException(
            ConditionField.TRIGGER_PRICE,
            "puts a derived price beyond any price (" + Price.format(derived) + ")" + when);
      }
    }
  }

  /**
   * Reads one of a condition's prices as an operator typed it, refused naming {@code field}: the
   * command line and the conditions file word it the same way.
   *
   * @throws InvalidConditionException when {@code text} is not a decimal {@link Price} can hold
   */
  public static Price parsePrice(ConditionField field, String text) {
    try {
      return Price.parse(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidConditionException(
          field,
          "must be a decimal number with at most 12 digits before the point and "
              + Price.SCALE
              + " after it, was "
              + text);
    }
  }
}
