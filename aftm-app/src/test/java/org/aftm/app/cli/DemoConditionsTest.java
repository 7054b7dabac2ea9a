package org.aftm.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.aftm.adapter.out.persistence.SqliteDatabase;
import org.aftm.adapter.out.persistence.SqlitePersistenceAdapter;
import org.aftm.application.service.ConditionCatalogService;
import org.aftm.domain.condition.ConditionRules;
import org.aftm.domain.model.Contract;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's operator places its conditions through the same checks as everyone else. */
class DemoConditionsTest {

  @TempDir Path dataDir;

  @Test
  void atTheLimitUpPriceTheSellBatchIsRefusedAndTheBuyBatchPlacedInstead() {
    ConditionRules rules =
        new ConditionRules(
            List.of(
                new Contract(
                    "TXFL6",
                    "TXF",
                    "TAIEX Futures",
                    "202612",
                    Price.ofPoints(1),
                    200,
                    Price.ofPoints(19_800),
                    Price.ofPoints(24_200))),
            10);
    try (SqliteDatabase database = SqliteDatabase.open(dataDir, true)) {
      SqlitePersistenceAdapter store = new SqlitePersistenceAdapter(database);
      ConditionCatalogService catalog = new ConditionCatalogService(store, store, () -> rules);
      DemoConditions demo = new DemoConditions(catalog, catalog, "TXF");
      long limitUp = Price.ofPoints(24_200).units();

      assertThat(demo.rearm(Price.ofPoints(22_000).units())).as("buys below 22000").isEqualTo(2);
      store.loadAllConditions().forEach(c -> store.deleteCondition(c.id()));
      // Sells 3 points above the limit-up price: beyond any price today, refused, nothing stored.
      assertThat(demo.rearm(limitUp)).isZero();
      assertThat(store.loadAllConditions()).isEmpty();
      assertThat(demo.rearm(limitUp)).isEqualTo(2);

      assertThat(store.loadAllConditions())
          .allSatisfy(c -> assertThat(c.spec().action()).isEqualTo(Side.BUY))
          .extracting(c -> c.spec().triggerPrice())
          .containsOnly(Price.ofPoints(24_197));
      assertThat(demo.placed()).isEqualTo(4);
    }
  }
}
