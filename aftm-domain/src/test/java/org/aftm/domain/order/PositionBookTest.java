package org.aftm.domain.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.junit.jupiter.api.Test;

class PositionBookTest {

  private static final String ACC = "ACC-1";
  private static final String TXF = "TXFF6";
  private static final long POINT_VALUE = 200;

  private final PositionBook book = new PositionBook();
  private int serial;

  private Price fill(Side side, int quantity, String price) {
    return fill(ACC, TXF, side, quantity, price);
  }

  private Price fill(String account, String item, Side side, int quantity, String price) {
    return book.apply(
        new Fill(
            "c" + ++serial,
            "e" + serial,
            "S" + serial,
            account,
            item,
            side,
            quantity,
            Price.parse(price),
            0));
  }

  private Position position(String last) {
    return book.position(ACC, TXF, Price.parse(last).units(), POINT_VALUE);
  }

  @Test
  void neverTradedIsFlatWithZeroPnl() {
    Position position = position("22000");
    assertThat(position.isFlat()).isTrue();
    assertThat(position.averagePrice()).isEqualTo(Price.ZERO);
    assertThat(position.unrealizedPnl()).isEqualTo(Price.ZERO);
    assertThat(position.lastPrice()).isEqualTo(Price.ofPoints(22000));
    assertThat(book.positions(ACC, item -> 0, item -> POINT_VALUE)).isEmpty();
  }

  @Test
  void openAddPartialCloseAndFullCloseOfALong() {
    assertThat(fill(Side.BUY, 2, "22000")).isEqualTo(Price.ZERO);
    assertThat(position("22000").averagePrice()).isEqualTo(Price.ofPoints(22000));

    assertThat(fill(Side.BUY, 1, "22030")).isEqualTo(Price.ZERO);
    Position added = position("22040");
    assertThat(added.quantity()).isEqualTo(3);
    assertThat(added.averagePrice()).isEqualTo(Price.ofPoints(22010));
    assertThat(added.unrealizedPnlPoints()).isEqualTo(Price.ofPoints(90));
    assertThat(added.unrealizedPnl()).isEqualTo(Price.ofPoints(18_000));

    assertThat(fill(Side.SELL, 1, "22100"))
        .as("realized by the partial close")
        .isEqualTo(Price.ofPoints(90));
    Position partial = position("22100");
    assertThat(partial.quantity()).isEqualTo(2);
    assertThat(partial.averagePrice())
        .as("the rest keeps its average")
        .isEqualTo(Price.ofPoints(22010));
    assertThat(partial.realizedPnlPoints()).isEqualTo(Price.ofPoints(90));
    assertThat(partial.realizedPnl()).isEqualTo(Price.ofPoints(18_000));
    assertThat(partial.unrealizedPnlPoints()).isEqualTo(Price.ofPoints(180));

    assertThat(fill(Side.SELL, 2, "21990")).isEqualTo(Price.ofPoints(-40));
    Position flat = position("21000");
    assertThat(flat.isFlat()).isTrue();
    assertThat(flat.averagePrice()).isEqualTo(Price.ZERO);
    assertThat(flat.unrealizedPnlPoints()).isEqualTo(Price.ZERO);
    assertThat(flat.realizedPnlPoints()).isEqualTo(Price.ofPoints(50));
    assertThat(flat.realizedPnl()).isEqualTo(Price.ofPoints(10_000));
    assertThat(flat.pointValue()).isEqualTo(POINT_VALUE);
  }

  @Test
  void aFillLargerThanThePositionFlipsItAndTheRestOpensAtTheFillPrice() {
    fill(Side.BUY, 2, "22000");

    assertThat(fill(Side.SELL, 5, "22050")).isEqualTo(Price.ofPoints(100));

    Position flipped = position("22000");
    assertThat(flipped.quantity()).isEqualTo(-3);
    assertThat(flipped.averagePrice()).isEqualTo(Price.ofPoints(22050));
    assertThat(flipped.unrealizedPnlPoints()).isEqualTo(Price.ofPoints(150));
    assertThat(flipped.realizedPnlPoints()).isEqualTo(Price.ofPoints(100));
  }

  @Test
  void shortSideGainsWhenThePriceFalls() {
    fill(Side.SELL, 2, "22000");
    Position opened = position("21950");
    assertThat(opened.quantity()).isEqualTo(-2);
    assertThat(opened.averagePrice()).isEqualTo(Price.ofPoints(22000));
    assertThat(opened.unrealizedPnlPoints()).isEqualTo(Price.ofPoints(100));
    assertThat(opened.unrealizedPnl()).isEqualTo(Price.ofPoints(20_000));

    assertThat(fill(Side.BUY, 1, "21900")).isEqualTo(Price.ofPoints(100));
    assertThat(fill(Side.SELL, 1, "22100")).isEqualTo(Price.ZERO);
    Position added = position("22050");
    assertThat(added.quantity()).isEqualTo(-2);
    assertThat(added.averagePrice()).isEqualTo(Price.ofPoints(22050));
    assertThat(added.unrealizedPnlPoints()).isEqualTo(Price.ZERO);

    assertThat(fill(Side.BUY, 2, "22150")).isEqualTo(Price.ofPoints(-200));
    assertThat(position("22150").realizedPnlPoints()).isEqualTo(Price.ofPoints(-100));
    assertThat(position("22150").isFlat()).isTrue();
  }

  @Test
  void averagesAreExact() {
    fill(Side.BUY, 1, "22000");
    fill(Side.BUY, 1, "22001");
    assertThat(position("22000").averagePrice()).isEqualTo(Price.parse("22000.5"));

    fill(Side.BUY, 2, "0.29");
    // (22000 + 22001 + 0.58) / 4 = 11000.395
    assertThat(position("1").averagePrice()).isEqualTo(Price.parse("11000.395"));
  }

  @Test
  void aCostThatDoesNotDivideEvenlyIsNotLostWhenLotsClose() {
    fill(Side.BUY, 1, "22000");
    fill(Side.BUY, 2, "22001"); // average 22000.6666..., cost 66002
    Price first = fill(Side.SELL, 1, "22010");
    Price second = fill(Side.SELL, 1, "22010");
    Price third = fill(Side.SELL, 1, "22010");

    assertThat(first.plus(second).plus(third)).isEqualTo(Price.ofPoints(3 * 22010 - 66002));
    assertThat(position("22010").realizedPnlPoints()).isEqualTo(Price.ofPoints(28));
  }

  @Test
  void accountsAndInstrumentsAreSeparate() {
    fill(ACC, TXF, Side.BUY, 1, "22000");
    fill(ACC, "MXFF6", Side.SELL, 4, "21000");
    fill("OTHER", TXF, Side.SELL, 7, "22000");

    assertThat(book.quantity(ACC, TXF)).isEqualTo(1);
    assertThat(book.quantity(ACC, "MXFF6")).isEqualTo(-4);
    assertThat(book.quantity("OTHER", TXF)).isEqualTo(-7);
    assertThat(book.quantity(ACC, "NONE")).isZero();

    List<Position> positions =
        book.positions(
            ACC, item -> Price.ofPoints(22010).units(), item -> item.startsWith("MXF") ? 50 : 200);
    assertThat(positions).extracting(Position::itemCode).containsExactly("MXFF6", TXF);
    assertThat(positions.get(0).unrealizedPnlPoints()).isEqualTo(Price.ofPoints(-4040));
    assertThat(positions.get(0).unrealizedPnl()).isEqualTo(Price.ofPoints(-4040 * 50));
    assertThat(positions.get(1).unrealizedPnl()).isEqualTo(Price.ofPoints(2000));
  }

  @Test
  void anUnknownLastPriceValuesTheLotsAtCostNotAtZero() {
    fill(Side.BUY, 2, "22000");

    Position unpriced = book.position(ACC, TXF, 0, POINT_VALUE);

    assertThat(unpriced.quantity()).isEqualTo(2);
    assertThat(unpriced.unrealizedPnlPoints()).isEqualTo(Price.ZERO);
    assertThat(unpriced.averagePrice()).isEqualTo(Price.ofPoints(22000));
  }

  @Test
  void aSeededPositionReplacesTheBooksAndTradesOnFromTheBrokersAverage() {
    fill(Side.SELL, 5, "21000"); // what the book thought, replaced by the broker's word
    book.seed(ACC, TXF, 2, Price.ofPoints(22000).units(), Price.ofPoints(40).units());

    assertThat(book.quantity(ACC, TXF)).isEqualTo(2);
    Position seeded = position("22010");
    assertThat(seeded.averagePrice()).isEqualTo(Price.ofPoints(22000));
    assertThat(seeded.realizedPnlPoints()).isEqualTo(Price.ofPoints(40));
    assertThat(seeded.unrealizedPnlPoints()).isEqualTo(Price.ofPoints(20));

    assertThat(fill(Side.SELL, 2, "22030")).isEqualTo(Price.ofPoints(60));
    assertThat(position("22030").realizedPnlPoints()).isEqualTo(Price.ofPoints(100));

    book.seed(ACC, "MXFF6", -3, Price.ofPoints(21000).units(), 0);
    assertThat(book.position(ACC, "MXFF6", Price.ofPoints(20990).units(), 50).unrealizedPnlPoints())
        .isEqualTo(Price.ofPoints(30));
  }

  @Test
  void allPositionsListsEveryAccountAndInstrumentSortedFlatOnesIncluded() {
    fill("B", TXF, Side.BUY, 1, "22000");
    fill(ACC, TXF, Side.BUY, 1, "22000");
    fill(ACC, TXF, Side.SELL, 1, "22010");
    fill(ACC, "MXFF6", Side.SELL, 2, "21000");

    List<Position> all = book.allPositions(item -> 0, item -> item.startsWith("MXF") ? 50 : 200);

    assertThat(all)
        .extracting(Position::account, Position::itemCode, Position::quantity)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(ACC, "MXFF6", -2),
            org.assertj.core.groups.Tuple.tuple(ACC, TXF, 0),
            org.assertj.core.groups.Tuple.tuple("B", TXF, 1));
    assertThat(all.get(1).realizedPnl()).isEqualTo(Price.ofPoints(2000));
    assertThat(all.get(0).pointValue()).isEqualTo(50);
  }

  private record TestFill(Side side, int quantity, long priceUnits) {}

  @Provide
  Arbitrary<List<TestFill>> fills() {
    return Combinators.combine(
            Arbitraries.of(Side.class),
            Arbitraries.integers().between(1, 7),
            Arbitraries.longs()
                .between(Price.ofPoints(15_000).units(), Price.ofPoints(25_000).units()))
        .as(TestFill::new)
        .list()
        .ofMaxSize(30);
  }

  /**
   * Once flat again, the realized points are exactly the cash flow: what was sold minus what was
   * bought.
   */
  @Property(tries = 500)
  void realizedPnlOfARoundTripIsTheExactCashFlow(@ForAll("fills") List<TestFill> fills) {
    PositionBook positions = new PositionBook();
    long cash = 0;
    long realized = 0;
    int held = 0;
    for (TestFill f : fills) {
      realized +=
          positions
              .apply(
                  new Fill(
                      "c",
                      "e",
                      "S",
                      ACC,
                      TXF,
                      f.side(),
                      f.quantity(),
                      Price.ofUnits(f.priceUnits()),
                      0))
              .units();
      cash -= f.side().sign() * f.quantity() * f.priceUnits();
      held += f.side().sign() * f.quantity();
      assertThat(positions.quantity(ACC, TXF)).isEqualTo(held);
    }
    if (held != 0) {
      Side closing = held > 0 ? Side.SELL : Side.BUY;
      long last = Price.ofPoints(20_000).units();
      realized +=
          positions
              .apply(
                  new Fill(
                      "c", "e", "S", ACC, TXF, closing, Math.abs(held), Price.ofUnits(last), 0))
              .units();
      cash -= closing.sign() * Math.abs(held) * last;
    }

    Position flat = positions.position(ACC, TXF, 0, POINT_VALUE);
    assertThat(flat.isFlat()).isTrue();
    assertThat(realized).isEqualTo(cash);
    assertThat(flat.realizedPnlPoints().units()).isEqualTo(cash);
  }

  /**
   * Unrealized plus realized always equals the cash flow plus what is held valued at the last
   * price.
   */
  @Property(tries = 500)
  void pnlAddsUpAtAnyTime(@ForAll("fills") List<TestFill> fills, @ForAll("lastPrices") long last) {
    PositionBook positions = new PositionBook();
    long cash = 0;
    for (TestFill f : fills) {
      positions.apply(
          new Fill(
              "c", "e", "S", ACC, TXF, f.side(), f.quantity(), Price.ofUnits(f.priceUnits()), 0));
      cash -= f.side().sign() * f.quantity() * f.priceUnits();
    }
    Position p = positions.position(ACC, TXF, last, POINT_VALUE);
    assertThat(p.realizedPnlPoints().units() + p.unrealizedPnlPoints().units())
        .isEqualTo(cash + (long) p.quantity() * last);
  }

  @Provide
  Arbitrary<Long> lastPrices() {
    return Arbitraries.longs()
        .between(Price.ofPoints(15_000).units(), Price.ofPoints(25_000).units());
  }
}
