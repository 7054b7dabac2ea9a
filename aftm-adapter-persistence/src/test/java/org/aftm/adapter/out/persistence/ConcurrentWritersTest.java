package org.aftm.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.aftm.domain.condition.ConditionProgress;
import org.aftm.domain.condition.ConditionSnapshot;
import org.aftm.domain.condition.ConditionState;
import org.aftm.domain.model.Price;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two connections on one file stand in for two processes writing at once. */
class ConcurrentWritersTest {

  private static final int WRITES_PER_WRITER = 300;

  @TempDir Path dataDir;

  @Test
  void twoWritersOnOneFileLoseNothing() throws Exception {
    SqliteDatabase.open(dataDir, true).close();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService writers = Executors.newFixedThreadPool(2);
    try {
      Future<List<Long>> operator = writers.submit(writer("operator", start));
      Future<List<Long>> gateway = writers.submit(writer("gateway", start));
      start.countDown();
      List<Long> operatorIds = operator.get(2, TimeUnit.MINUTES);
      List<Long> gatewayIds = gateway.get(2, TimeUnit.MINUTES);

      Set<Long> allIds = new HashSet<>(operatorIds);
      allIds.addAll(gatewayIds);
      assertThat(allIds).hasSize(2 * WRITES_PER_WRITER);
      try (SqliteDatabase check = SqliteDatabase.open(dataDir, false)) {
        SqlitePersistenceAdapter store = new SqlitePersistenceAdapter(check);
        List<ConditionSnapshot> all = store.loadAllConditions();
        assertThat(all)
            .extracting(ConditionSnapshot::id)
            .containsExactlyInAnyOrderElementsOf(allIds);
        // Every state write of each writer landed on its own rows.
        assertThat(all).allSatisfy(c -> assertThat(c.state()).isEqualTo(ConditionState.TRIGGERED));
        for (int i = 0; i < WRITES_PER_WRITER; i++) {
          assertThat(store.findResultByClientOrderId("operator-" + i)).isPresent();
          assertThat(store.findResultByClientOrderId("gateway-" + i)).isPresent();
        }
      }
    } finally {
      writers.shutdownNow();
      assertThat(writers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  private Callable<List<Long>> writer(String name, CountDownLatch start) {
    return () -> {
      List<Long> ids = new ArrayList<>();
      try (SqliteDatabase database = SqliteDatabase.open(dataDir, false)) {
        SqlitePersistenceAdapter store = new SqlitePersistenceAdapter(database);
        start.await();
        for (int i = 0; i < WRITES_PER_WRITER; i++) {
          ConditionSnapshot inserted = store.insertCondition(Samples.buyTxf());
          store.saveConditionState(
              new ConditionSnapshot(
                  inserted.id(),
                  inserted.spec(),
                  ConditionState.TRIGGERED,
                  Price.parse("21990"),
                  ConditionProgress.NONE));
          store.recordRequest(Samples.marketOrder(name + "-" + i), null, i);
          ids.add(inserted.id());
        }
      }
      return ids;
    };
  }
}
