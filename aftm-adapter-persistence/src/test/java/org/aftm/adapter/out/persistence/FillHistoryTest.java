package org.aftm.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.aftm.application.port.out.FillHistoryPort.RecordedFill;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.order.Fill;
import org.aftm.domain.order.OrderSender;
import org.aftm.domain.order.Position;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fills read back for the trade blotter: with their order's sender, up to a time. */
class FillHistoryTest {

  @TempDir Path dataDir;

  @Test
  void fillsComeInRecordedOrderWithTheirSenderUpToTheGivenTime() {
    Fill entry = fill("flatten-1", "E1", 2_000L);
    Fill earlierButLater = fill("aftm-1-exit", "E2", 1_000L);
    Fill tooLate = fill("aftm-2-entry", "E3", 3_000L);
    try (SqliteDatabase database = SqliteDatabase.open(dataDir, true)) {
      SqlitePersistenceAdapter store = new SqlitePersistenceAdapter(database);
      store.recordRequest(Samples.marketOrder("flatten-1"), null, OrderSender.MAIN_PROCESS, 1L);
      store.recordFill(entry);
      store.recordFill(earlierButLater);
      store.recordFill(tooLate);

      assertThat(store.loadFillsBefore(3_000L))
          .containsExactly(
              new RecordedFill(entry, "main-process"),
              new RecordedFill(earlierButLater, "unrecorded"));
    }
  }

  @Test
  void pointValuesComeFromTheSavedPositionsOfAnyAccount() {
    try (SqliteDatabase database = SqliteDatabase.open(dataDir, true)) {
      SqlitePersistenceAdapter store = new SqlitePersistenceAdapter(database);
      assertThat(store.pointValues()).isEmpty();
      store.savePositions("FA0001", List.of(position("FA0001", "TXFF6", 200)));
      store.savePositions("FA0002", List.of(position("FA0002", "MXFF6", 50)));

      assertThat(store.pointValues())
          .containsOnlyKeys("TXFF6", "MXFF6")
          .containsEntry("TXFF6", 200L)
          .containsEntry("MXFF6", 50L);
    }
  }

  private static Fill fill(String clientOrderId, String executionId, long time) {
    return new Fill(
        clientOrderId,
        executionId,
        "S1",
        "FA0001",
        "TXFF6",
        Side.SELL,
        1,
        Price.parse("22000"),
        time);
  }

  private static Position position(String account, String item, long pointValue) {
    return new Position(
        account, item, 0, Price.ZERO, Price.ZERO, Price.ZERO, Price.ZERO, pointValue);
  }
}
