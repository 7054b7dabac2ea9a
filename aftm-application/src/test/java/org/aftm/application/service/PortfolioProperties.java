package org.aftm.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.order.Fill;
import org.aftm.domain.order.Position;

/**
 * The portfolio is the sum of its fills: per account and instrument, its net lots are the signed
 * lots filled, and its realized and unrealized P&amp;L agree with a plain recomputation (average
 * cost, in floating point, beside the portfolio's exact integer book).
 */
class PortfolioProperties {

  private static final List<String> ACCOUNTS = List.of("ACC-1", "ACC-2");
  private static final List<String> ITEMS = List.of("TXFF6", "MXFF6");

  record TestFill(int account, int item, Side side, int quantity, long priceUnits) {}

  @Provide
  Arbitrary<List<TestFill>> fills() {
    return Combinators.combine(
            Arbitraries.integers().between(0, ACCOUNTS.size() - 1),
            Arbitraries.integers().between(0, ITEMS.size() - 1),
            Arbitraries.of(Side.class),
            Arbitraries.integers().between(1, 7),
            Arbitraries.longs()
                .between(Price.ofPoints(15_000).units(), Price.ofPoints(25_000).units()))
        .as(TestFill::new)
        .list()
        .ofMaxSize(60);
  }

  /** Last prices per instrument; 0 means none known yet. */
  @Provide
  Arbitrary<List<Long>> lastPrices() {
    return Arbitraries.oneOf(
            Arbitraries.just(0L),
            Arbitraries.longs()
                .between(Price.ofPoints(15_000).units(), Price.ofPoints(25_000).units()))
        .list()
        .ofSize(ITEMS.size());
  }

  /** The plain recomputation of one account's lots in one instrument. */
  private static final class Plain {
    int quantity;
    double openCost;
    double realized;
    long cash;
    int closes;

    void apply(TestFill f) {
      int signed = f.side().sign() * f.quantity();
      double price = f.priceUnits();
      cash -= (long) signed * f.priceUnits();
      if (quantity == 0 || Integer.signum(quantity) == Integer.signum(signed)) {
        quantity += signed;
        openCost += price * signed;
        return;
      }
      closes++;
      int closing = Math.min(Math.abs(signed), Math.abs(quantity));
      double average = openCost / quantity;
      realized += Integer.signum(quantity) * (price - average) * closing;
      int remaining = quantity - Integer.signum(quantity) * closing;
      openCost = average * remaining;
      quantity = remaining;
      int opening = Math.abs(signed) - closing;
      if (opening > 0) {
        quantity = Integer.signum(signed) * opening;
        openCost = price * quantity;
      }
    }
  }

  @Property(tries = 1000)
  void thePortfolioIsTheSumOfItsFills(
      @ForAll("fills") List<TestFill> fills, @ForAll("lastPrices") List<Long> lastPrices) {
    Portfolio portfolio = new Portfolio(item -> item.startsWith("MXF") ? 50 : 200);
    Map<String, Plain> plain = new HashMap<>();
    int execution = 0;
    for (TestFill f : fills) {
      String account = ACCOUNTS.get(f.account());
      String item = ITEMS.get(f.item());
      execution++;
      portfolio.onFill(
          new Fill(
              "c" + execution,
              "e" + execution,
              "s" + execution,
              account,
              item,
              f.side(),
              f.quantity(),
              Price.ofUnits(f.priceUnits()),
              execution));
      plain.computeIfAbsent(account + "/" + item, k -> new Plain()).apply(f);
    }
    for (int i = 0; i < ITEMS.size(); i++) {
      if (lastPrices.get(i) != 0) {
        portfolio.onPrice(ITEMS.get(i), lastPrices.get(i));
      }
    }

    List<Position> all = new ArrayList<>();
    for (String account : ACCOUNTS) {
      List<Position> positions = portfolio.positions(account);
      all.addAll(positions);
      assertThat(positions).allSatisfy(p -> assertThat(p.account()).isEqualTo(account));
      assertThat(portfolio.differences(account, positions))
          .as("the portfolio agrees with itself")
          .isEmpty();
      for (String item : ITEMS) {
        Plain expected = plain.get(account + "/" + item);
        int quantity = expected == null ? 0 : expected.quantity;
        assertThat(portfolio.netQuantity(account, item))
            .as("net lots of %s %s are the signed lots filled", account, item)
            .isEqualTo(quantity);
        if (expected == null) {
          assertThat(positions).noneMatch(p -> p.itemCode().equals(item));
          continue;
        }
        Position p =
            positions.stream().filter(x -> x.itemCode().equals(item)).findFirst().orElseThrow();
        long last = lastPrices.get(ITEMS.indexOf(item));
        assertThat(p.quantity()).isEqualTo(quantity);
        assertThat(p.pointValue()).isEqualTo(item.startsWith("MXF") ? 50 : 200);
        assertThat((double) p.realizedPnlPoints().units())
            .as("realized, against average cost, within a unit per closing fill")
            .isCloseTo(
                expected.realized, org.assertj.core.data.Offset.offset(expected.closes + 1e-3));
        if (quantity == 0) {
          assertThat(p.realizedPnlPoints().units())
              .as("flat: realized is exactly the cash flow")
              .isEqualTo(expected.cash);
          assertThat(p.averagePrice()).isEqualTo(Price.ZERO);
        } else {
          // Each closing fill may round the remaining lots' cost by under a unit, and the average
          // truncates once more.
          assertThat((double) p.averagePrice().units())
              .as("average price, within a unit per closing fill plus one")
              .isCloseTo(
                  expected.openCost / quantity,
                  org.assertj.core.data.Offset.offset(expected.closes + 1.0 + 1e-6));
        }
        if (last == 0) {
          assertThat(p.unrealizedPnlPoints())
              .as("no last price: valued at cost")
              .isEqualTo(Price.ZERO);
        } else {
          assertThat(p.realizedPnlPoints().units() + p.unrealizedPnlPoints().units())
              .as("realized + unrealized is the cash flow plus the lots at the last price")
              .isEqualTo(expected.cash + (long) quantity * last);
        }
        assertThat(p.realizedPnl().units())
            .isEqualTo(p.realizedPnlPoints().units() * p.pointValue());
      }
    }
    assertThat(portfolio.allPositions()).containsExactlyInAnyOrderElementsOf(all);
    Statistics.label("flat at the end")
        .collect(plain.values().stream().anyMatch(x -> x.quantity == 0 && x.closes > 0));
  }

  @Property(tries = 300)
  void lotsInFlightAreTheSumOfWhatWasAddedAndTakenOff(@ForAll("fills") List<TestFill> orders) {
    Portfolio portfolio = new Portfolio(item -> 1);
    Map<String, Integer> expected = new HashMap<>();
    for (TestFill o : orders) {
      String account = ACCOUNTS.get(o.account());
      String item = ITEMS.get(o.item());
      int signed = o.side().sign() * o.quantity();
      portfolio.addWorking(account, item, signed);
      expected.merge(account + "/" + item, signed, Integer::sum);
    }
    for (String account : ACCOUNTS) {
      for (String item : ITEMS) {
        assertThat(portfolio.workingQuantity(account, item))
            .isEqualTo(expected.getOrDefault(account + "/" + item, 0));
        portfolio.addWorking(account, item, -portfolio.workingQuantity(account, item));
        assertThat(portfolio.workingQuantity(account, item)).isZero();
      }
    }
  }
}
