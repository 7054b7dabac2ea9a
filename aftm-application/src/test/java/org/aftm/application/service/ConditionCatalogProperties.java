package org.aftm.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.aftm.domain.condition.ConditionProgress;
import org.aftm.domain.condition.ConditionRules;
import org.aftm.domain.condition.ConditionSnapshot;
import org.aftm.domain.condition.ConditionSpec;
import org.aftm.domain.condition.ConditionState;
import org.aftm.domain.condition.InvalidConditionException;
import org.aftm.domain.model.Contract;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;

/**
 * Whatever the operator types: a condition the catalog accepts has an order, take-profit and
 * stop-loss price above zero and on its instrument's tick grid, also wherever a trailing trigger
 * may go within today's limits; a condition it refuses leaves the store as it was.
 */
class ConditionCatalogProperties {

  /** TXF and MXF as the simulator lists them at 22000, and a coarse, cheap one (tick 5). */
  private static final ConditionRules RULES =
      new ConditionRules(
          List.of(
              contract("TXFL6", "TXF", 1, 19_800, 24_200),
              contract("MXFL6", "MXF", 1, 19_800, 24_200),
              contract("ZZFL6", "ZZF", 5, 50, 500)),
          10);

  private static Contract contract(
      String code, String product, long tickPoints, long down, long up) {
    return new Contract(
        code,
        product,
        product,
        "202612",
        Price.ofPoints(tickPoints),
        50,
        Price.ofPoints(down),
        Price.ofPoints(up));
  }

  /** What the operator typed, before any check. */
  record Typed(
      String item,
      Side action,
      long trigger,
      long turning,
      int quantity,
      long takeProfit,
      long stopLoss,
      boolean following) {

    ConditionSpec spec() {
      return new ConditionSpec(
          item,
          action,
          Price.ofUnits(trigger),
          Price.ofUnits(turning),
          quantity,
          Price.ofUnits(takeProfit),
          Price.ofUnits(stopLoss),
          following);
    }
  }

  /**
   * Triggers in quarter points (some off any grid): mostly around the instrument's limits, on its
   * grid or a point off it, sometimes anywhere, sometimes absurd.
   */
  private static Arbitrary<Long> triggers(String item) {
    long quarter = Price.UNITS_PER_POINT / 4;
    Contract contract = RULES.contractOf(item).orElse(RULES.contracts().get(0));
    long tickPoints = contract.tickSize().units() / Price.UNITS_PER_POINT;
    long down = contract.limitDown().units() / Price.UNITS_PER_POINT;
    long up = contract.limitUp().units() / Price.UNITS_PER_POINT;
    return Arbitraries.frequencyOf(
        Tuple.of(
            6,
            Arbitraries.longs()
                .between(down / tickPoints - 2, up / tickPoints + 2)
                .map(t -> Price.ofPoints(t * tickPoints).units())),
        Tuple.of(1, wholePoints(down - 50, up + 50)),
        Tuple.of(1, Arbitraries.longs().between(-40, 30_000 * 4).map(q -> q * quarter)),
        Tuple.of(1, wholePoints(1_000_000, 99_999_999_999L)));
  }

  private static Arbitrary<Long> wholePoints(long from, long to) {
    return Arbitraries.longs().between(from, to).map(p -> Price.ofPoints(p).units());
  }

  /** Distances: mostly small multiples of 5 points, sometimes off-grid, large or absurd. */
  private static Arbitrary<Long> points() {
    long quarter = Price.UNITS_PER_POINT / 4;
    return Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.longs().between(0, 100).map(p -> Price.ofPoints(p * 5).units())),
        Tuple.of(1, Arbitraries.longs().between(-4, 30_000 * 4).map(q -> q * quarter)),
        Tuple.of(1, wholePoints(100, 30_000)),
        Tuple.of(1, wholePoints(100_000, 99_999_999_999L)));
  }

  @Provide
  Arbitrary<Typed> typed() {
    Arbitrary<String> items =
        Arbitraries.frequencyOf(
            Tuple.of(8, Arbitraries.of("TXF", "TXFL6", "MXF", "MXFL6", "ZZF")),
            Tuple.of(1, Arbitraries.of("TXO", " ")));
    return items.flatMap(
        item ->
            Combinators.combine(
                    Arbitraries.just(item),
                    Arbitraries.of(Side.class),
                    triggers(item),
                    points(),
                    Arbitraries.frequencyOf(
                        Tuple.of(8, Arbitraries.integers().between(1, 10)),
                        Tuple.of(1, Arbitraries.of(-1, 0, 11))),
                    points(),
                    points(),
                    Arbitraries.of(true, false))
                .as(Typed::new));
  }

  @Property(tries = 3000)
  void anAcceptedConditionHasPositiveDerivedPricesOnTheGridAndARefusedOneStoresNothing(
      @ForAll("typed") Typed typed) {
    FakeConditionStore store = new FakeConditionStore(new ArrayList<>());
    ConditionCatalogService catalog = new ConditionCatalogService(store, store, () -> RULES);
    ConditionSpec spec;
    ConditionSnapshot stored;
    try {
      spec = typed.spec();
      stored = catalog.registerCondition(spec);
    } catch (InvalidConditionException e) {
      Statistics.collect("refused: " + e.field());
      assertThat(store.loadAllConditions()).isEmpty();
      return;
    }
    Statistics.collect("accepted");
    assertThat(store.loadAllConditions()).containsExactly(stored);
    Contract contract = RULES.contractOf(spec.itemCode()).orElseThrow();
    assertDerivedPricesPositiveOnGrid(stored, contract);
    if (spec.following()) {
      // A trailing trigger follows new lows (buy) or highs (sell), within today's limits.
      Price trailed = spec.action() == Side.BUY ? contract.limitDown() : contract.limitUp();
      assertDerivedPricesPositiveOnGrid(
          new ConditionSnapshot(
              stored.id(), spec, ConditionState.TRIGGERED, trailed, ConditionProgress.NONE),
          contract);
    }
  }

  private static void assertDerivedPricesPositiveOnGrid(
      ConditionSnapshot condition, Contract contract) {
    long tick = contract.tickSize().units();
    for (Price price :
        List.of(
            condition.triggerPrice(),
            condition.orderPrice(),
            condition.takeProfitPrice(),
            condition.stopLossPrice())) {
      assertThat(price.isPositive()).as("%s of %s", price, condition).isTrue();
      assertThat(price.units() % tick).as("%s on the grid of %s", price, contract).isZero();
    }
  }
}
