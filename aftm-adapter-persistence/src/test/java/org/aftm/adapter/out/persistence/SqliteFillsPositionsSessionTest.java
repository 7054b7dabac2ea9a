package org.aftm.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.aftm.application.port.out.TradingSession;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.order.Fill;
import org.aftm.domain.order.Position;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteFillsPositionsSessionTest {

  @TempDir Path dataDir;

  @Test
  void fillsAreKeptInArrivalOrderPerAccount() {
    Fill first =
        new Fill(
            "aftm-1-entry",
            "E1",
            "S1",
            "FA0001",
            "TXFF6",
            Side.BUY,
            1,
            Price.parse("21985.5"),
            1_700_000_000_001L);
    Fill second =
        new Fill(
            "aftm-1-entry",
            "E2",
            "S1",
            "FA0001",
            "TXFF6",
            Side.BUY,
            1,
            Price.parse("21986"),
            1_700_000_000_002L);
    Fill otherAccount =
        new Fill(
            "manual-1",
            "E1",
            "S2",
            "FA0002",
            "MXFF6",
            Side.SELL,
            3,
            Price.parse("22000"),
            1_700_000_000_003L);
    try (SqliteDatabase database = SqliteDatabase.open(dataDir, true)) {
      SqlitePersistenceAdapter store = new SqlitePersistenceAdapter(database);
      store.recordFill(first);
      store.recordFill(otherAccount);
      store.recordFill(second);
    }
    try (SqliteDatabase reopened = SqliteDatabase.open(dataDir, false)) {
      SqlitePersistenceAdapter store = new SqlitePersistenceAdapter(reopened);
      assertThat(store.loadFills("FA0001")).containsExactly(first, second);
      assertThat(store.loadFills("FA0002")).containsExactly(otherAccount);
      assertThat(store.loadFills("FA9999")).isEmpty();
      assertThat(store.loadFillsOfOrder("aftm-1-entry")).containsExactly(first, second);
    }
  }

  @Test
  void aRepeatedExecutionIsStoredOnceAndFillsWithoutIdsAreAllKept() {
    Fill fill =
        new Fill("aftm-1-entry", "E1", "S1", "FA0001", "TXFF6", Side.BUY, 1, Price.parse("1"), 1L);
    Fill anonymous = new Fill("", "", "S9", "FA0001", "TXFF6", Side.BUY, 1, Price.parse("1"), 2L);
    try (SqliteDatabase database = SqliteDatabase.open(dataDir, true)) {
      SqlitePersistenceAdapter store = new SqlitePersistenceAdapter(database);
      store.recordFill(fill);
      store.recordFill(fill); // the broker reported it twice: no error, one row
      store.recordFill(anonymous);
      store.recordFill(anonymous); // without ids nothing tells two fills apart: both are kept

      assertThat(store.loadFills("FA0001")).containsExactly(fill, anonymous, anonymous);
    }
  }

  @Test
  void positionsAreReplacedPerAccountAndSurviveReopen() {
    Position txf = position("FA0001", "TXFF6", 2, "21985.5", "22000", "0", "29");
    Position mxf = position("FA0001", "MXFF6", -1, "22010", "22000", "12.5", "10");
    Position otherAccount = position("FA0002", "TXFF6", 1, "21900", "22000", "0", "100");
    try (SqliteDatabase database = SqliteDatabase.open(dataDir, true)) {
      SqlitePersistenceAdapter store = new SqlitePersistenceAdapter(database);
      store.savePositions("FA0001", List.of(txf, mxf));
      store.savePositions("FA0002", List.of(otherAccount));
      Position txfLater = position("FA0001", "TXFF6", 1, "21985.5", "22050", "64.5", "64.5");

      store.savePositions("FA0001", List.of(txfLater));

      assertThat(store.loadPositions("FA0001")).containsExactly(txfLater);
    }
    try (SqliteDatabase reopened = SqliteDatabase.open(dataDir, false)) {
      SqlitePersistenceAdapter store = new SqlitePersistenceAdapter(reopened);
      assertThat(store.loadPositions("FA0001"))
          .singleElement()
          .satisfies(p -> assertThat(p.realizedPnlPoints()).isEqualTo(Price.parse("64.5")));
      assertThat(store.loadPositions("FA0002")).containsExactly(otherAccount);
      store.savePositions("FA0002", List.of());
      assertThat(store.loadPositions("FA0002")).isEmpty();
    }
  }

  @Test
  void aPositionOfAnotherAccountIsRefusedAndNothingChanges() {
    try (SqliteDatabase database = SqliteDatabase.open(dataDir, true)) {
      SqlitePersistenceAdapter store = new SqlitePersistenceAdapter(database);
      Position mine = position("FA0001", "TXFF6", 2, "21985.5", "22000", "0", "29");
      store.savePositions("FA0001", List.of(mine));

      assertThatThrownBy(
              () ->
                  store.savePositions(
                      "FA0001", List.of(position("FA0002", "TXFF6", 1, "1", "1", "0", "0"))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("FA0002");
      assertThat(store.loadPositions("FA0001")).containsExactly(mine);
    }
  }

  @Test
  void theSessionIsOneRowThatSurvivesReopen() {
    try (SqliteDatabase database = SqliteDatabase.open(dataDir, true)) {
      SqlitePersistenceAdapter store = new SqlitePersistenceAdapter(database);
      assertThat(store.loadSession()).isEmpty();
      store.saveSession(new TradingSession("demo", null, null));
      store.saveSession(new TradingSession("demo", "FA0001", "TXFF6"));
    }
    try (SqliteDatabase reopened = SqliteDatabase.open(dataDir, false)) {
      SqlitePersistenceAdapter store = new SqlitePersistenceAdapter(reopened);
      assertThat(store.loadSession()).contains(new TradingSession("demo", "FA0001", "TXFF6"));
      Integer rows =
          reopened.read(
              "count",
              connection -> {
                try (var statement = connection.createStatement();
                    var result = statement.executeQuery("SELECT count(*) FROM session")) {
                  result.next();
                  return result.getInt(1);
                }
              });
      assertThat(rows).isEqualTo(1);
    }
  }

  private static Position position(
      String account,
      String item,
      int quantity,
      String average,
      String last,
      String realized,
      String unrealized) {
    return new Position(
        account,
        item,
        quantity,
        Price.parse(average),
        Price.parse(last),
        Price.parse(realized),
        Price.parse(unrealized),
        200);
  }
}
