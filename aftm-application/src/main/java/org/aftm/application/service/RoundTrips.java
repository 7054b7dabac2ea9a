package org.aftm.application.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.aftm.domain.model.Price;
import org.aftm.domain.order.Fill;
import org.aftm.domain.order.PositionBook;

/**
 * Open lots per account and instrument, held apart by who opened them: each condition its own, and
 * one holding for orders of no condition. A condition's fill moves only its own lots, so its exit
 * realizes against its own entry's average price. A fill of no condition (a flatten, a manual
 * order) first closes the opposite lots held, the longest held first, then its own holding's, and
 * opens with the rest: a flatten closes the conditions' lots as it does at the broker. Realized
 * points are summed over lots, with the {@link PositionBook}'s average-cost arithmetic.
 *
 * <p>Not thread-safe: one replay owns it.
 */
final class RoundTrips {

  /** What one fill did: lots it closed and the points they realized. */
  record Applied(int closedLots, Price realizedPoints) {}

  private final PositionBook book = new PositionBook();

  /** Per account and instrument, the holders with lots open, in the order they opened. */
  private final Map<String, LinkedHashMap<String, Boolean>> open = new HashMap<>();

  Applied apply(Fill fill, Optional<Long> conditionId) {
    String key = fill.orderAccount() + '\u0000' + fill.itemCode();
    LinkedHashMap<String, Boolean> holders = open.computeIfAbsent(key, k -> new LinkedHashMap<>());
    String own = fill.orderAccount() + '\u0000' + conditionId.map(id -> "c" + id).orElse("o");
    int remaining = fill.quantity();
    int closed = 0;
    long realized = 0;
    if (conditionId.isEmpty()) {
      for (String holder : new ArrayList<>(holders.keySet())) {
        int held = book.quantity(holder, fill.itemCode());
        if (remaining == 0 || held == 0 || Integer.signum(held) == fill.side().sign()) {
          continue;
        }
        int part = Math.min(Math.abs(held), remaining);
        realized += book.apply(part(fill, holder, part)).units();
        closed += part;
        remaining -= part;
        track(holders, holder, fill.itemCode());
      }
    }
    if (remaining > 0) {
      int held = book.quantity(own, fill.itemCode());
      if (held != 0 && Integer.signum(held) != fill.side().sign()) {
        closed += Math.min(Math.abs(held), remaining);
      }
      realized += book.apply(part(fill, own, remaining)).units();
      track(holders, own, fill.itemCode());
    }
    return new Applied(closed, Price.ofUnits(realized));
  }

  /** Keeps {@code holder} listed while it holds lots, in the order it first opened them. */
  private void track(LinkedHashMap<String, Boolean> holders, String holder, String itemCode) {
    if (book.quantity(holder, itemCode) == 0) {
      holders.remove(holder);
    } else {
      holders.putIfAbsent(holder, Boolean.TRUE);
    }
  }

  private static Fill part(Fill fill, String holder, int quantity) {
    return new Fill(
        fill.clientOrderId(),
        fill.executionId(),
        fill.orderSerial(),
        holder,
        fill.itemCode(),
        fill.side(),
        quantity,
        fill.price(),
        fill.timeMillis());
  }
}
