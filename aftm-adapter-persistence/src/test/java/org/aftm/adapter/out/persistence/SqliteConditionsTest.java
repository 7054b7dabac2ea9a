package org.aftm.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import org.aftm.domain.condition.Condition;
import org.aftm.domain.condition.ConditionSnapshot;
import org.aftm.domain.condition.ConditionState;
import org.aftm.domain.condition.ConditionStep;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.order.Fill;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteConditionsTest {

  @TempDir Path dataDir;

  @Test
  void stateTrailedTriggerAndEntryPriceSurviveCloseAndReopen() {
    ConditionSnapshot entered;
    try (SqliteDatabase database = SqliteDatabase.open(dataDir, true)) {
      SqlitePersistenceAdapter store = new SqlitePersistenceAdapter(database);
      ConditionSnapshot fresh = store.insertCondition(Samples.buyTxf());
      // DESIGN §3 reference trace up to the entry: trigger, trail to 21950, enter at 21985.
      Condition condition = Condition.restore(fresh);
      for (String price : new String[] {"22010", "21990", "21950", "21985"}) {
        condition.onPrice(Price.parse(price).units());
      }
      entered = condition.snapshot();
      assertThat(entered.state()).isEqualTo(ConditionState.ORDERED);
      assertThat(store.saveConditionState(entered)).isTrue();
    }

    try (SqliteDatabase reopened = SqliteDatabase.open(dataDir, false)) {
      ConditionSnapshot loaded =
          new SqlitePersistenceAdapter(reopened).loadCondition(entered.id()).orElseThrow();
      assertThat(loaded).isEqualTo(entered);
      assertThat(loaded.triggerPrice()).isEqualTo(Price.parse("21950"));
      assertThat(loaded.spec().triggerPrice()).isEqualTo(Price.parse("22000"));
      assertThat(loaded.entryPrice()).isEqualTo(Price.parse("21985"));
      assertThat(loaded.exitPrice()).isNull();
      // The restored condition goes on where it stopped: take profit at 22100, not re-armed.
      assertThat(Condition.restore(loaded).onPrice(Price.parse("22100").units()))
          .isEqualTo(ConditionStep.TOOK_PROFIT);
    }
  }

  @Test
  void decimalPricesAreStoredExactlyAsIntegerUnits() {
    try (SqliteDatabase database = SqliteDatabase.open(dataDir, true)) {
      SqlitePersistenceAdapter store = new SqlitePersistenceAdapter(database);
      ConditionSnapshot stored = store.insertCondition(Samples.sellMxf("21999.5"));
      ConditionSnapshot exited =
          new ConditionSnapshot(
              stored.id(),
              stored.spec(),
              ConditionState.EXITED,
              Price.parse("21999.5"),
              Price.parse("21987.2501"),
              Price.parse("21897.2501"));
      store.saveConditionState(exited);

      ConditionSnapshot loaded = store.loadCondition(stored.id()).orElseThrow();
      assertThat(loaded.spec().triggerPrice().toString()).isEqualTo("21999.5");
      assertThat(loaded.spec().turningPoint().toString()).isEqualTo("12.25");
      assertThat(loaded.entryPrice().toString()).isEqualTo("21987.2501");
      assertThat(loaded.exitPrice().toString()).isEqualTo("21897.2501");
      assertThat(loaded).isEqualTo(exited);

      String storedTypes =
          database.read(
              "column types",
              connection -> {
                try (Statement statement = connection.createStatement();
                    ResultSet row =
                        statement.executeQuery(
                            "SELECT typeof(spec_trigger_price_units) || ',' || "
                                + "spec_trigger_price_units || ',' || typeof(entry_price_units) FROM conditions")) {
                  row.next();
                  return row.getString(1);
                }
              });
      assertThat(storedTypes).isEqualTo("integer,219995000,integer");
    }
  }

  @Test
  void activeConditionsExcludeExitedOnesAndComeOrderedById() {
    try (SqliteDatabase database = SqliteDatabase.open(dataDir, true)) {
      SqlitePersistenceAdapter store = new SqlitePersistenceAdapter(database);
      ConditionSnapshot first = store.insertCondition(Samples.buyTxf());
      ConditionSnapshot second = store.insertCondition(Samples.sellMxf("22100"));
      ConditionSnapshot third = store.insertCondition(Samples.sellMxf("22200"));
      store.saveConditionState(
          new ConditionSnapshot(
              second.id(),
              second.spec(),
              ConditionState.EXITED,
              second.triggerPrice(),
              Price.parse("22087.75"),
              Price.parse("21997.75")));

      assertThat(store.loadActiveConditions())
          .extracting(ConditionSnapshot::id)
          .containsExactly(first.id(), third.id());
      assertThat(store.loadAllConditions())
          .extracting(ConditionSnapshot::id)
          .containsExactly(first.id(), second.id(), third.id());
      assertThat(store.loadActiveConditions().get(0))
          .isEqualTo(ConditionSnapshot.fresh(first.id(), Samples.buyTxf()));
    }
  }

  @Test
  void aDeletedConditionIsNeverResurrectedAndItsIdNeverReused() {
    try (SqliteDatabase database = SqliteDatabase.open(dataDir, true)) {
      SqlitePersistenceAdapter store = new SqlitePersistenceAdapter(database);
      ConditionSnapshot doomed = store.insertCondition(Samples.buyTxf());

      assertThat(store.deleteCondition(doomed.id())).isTrue();
      assertThat(store.deleteCondition(doomed.id())).isFalse();
      ConditionSnapshot triggered =
          new ConditionSnapshot(
              doomed.id(),
              doomed.spec(),
              ConditionState.TRIGGERED,
              Price.parse("21990"),
              null,
              null);
      assertThat(store.saveConditionState(triggered)).isFalse();

      assertThat(store.loadCondition(doomed.id())).isEmpty();
      assertThat(store.loadAllConditions()).isEmpty();
      assertThat(store.loadActiveConditions()).isEmpty();
      assertThat(store.insertCondition(Samples.buyTxf()).id()).isGreaterThan(doomed.id());
    }
    try (SqliteDatabase reopened = SqliteDatabase.open(dataDir, false)) {
      assertThat(new SqlitePersistenceAdapter(reopened).loadAllConditions()).hasSize(1);
    }
  }

  @Test
  void savingTheStateOfAnUnknownConditionCreatesNothing() {
    try (SqliteDatabase database = SqliteDatabase.open(dataDir, true)) {
      SqlitePersistenceAdapter store = new SqlitePersistenceAdapter(database);

      assertThat(store.saveConditionState(ConditionSnapshot.fresh(42, Samples.buyTxf()))).isFalse();
      assertThat(store.loadAllConditions()).isEmpty();
    }
  }

  @Test
  void externalChangeVersionMovesOnlyWhenAConditionIsAddedOrDeleted() {
    try (SqliteDatabase main = SqliteDatabase.open(dataDir, true);
        SqliteDatabase strategy = SqliteDatabase.open(dataDir, false)) {
      SqlitePersistenceAdapter operator = new SqlitePersistenceAdapter(main);
      SqlitePersistenceAdapter agent = new SqlitePersistenceAdapter(strategy);
      long seen = agent.externalChangeVersion();
      assertThat(agent.externalChangeVersion()).isEqualTo(seen);

      ConditionSnapshot added = operator.insertCondition(Samples.buyTxf());

      long afterInsert = agent.externalChangeVersion();
      assertThat(afterInsert).isNotEqualTo(seen);
      assertThat(agent.loadActiveConditions()).containsExactly(added);

      // The strategy's own state writes, and the main process's order and fill writes, are no
      // change to the conditions: the strategy must not reload for them.
      assertThat(
              agent.saveConditionState(
                  new ConditionSnapshot(
                      added.id(),
                      added.spec(),
                      ConditionState.TRIGGERED,
                      Price.parse("21990"),
                      null,
                      null)))
          .isTrue();
      operator.recordFill(new Fill("1", "SIM-0001", "TXF", Side.BUY, 1, Price.parse("21990"), 0L));
      assertThat(agent.externalChangeVersion()).isEqualTo(afterInsert);
      assertThat(operator.externalChangeVersion()).isEqualTo(afterInsert);

      long beforeDelete = agent.externalChangeVersion();
      operator.deleteCondition(added.id());
      assertThat(agent.externalChangeVersion()).isNotEqualTo(beforeDelete);
      assertThat(agent.loadActiveConditions()).isEmpty();
    }
  }
}
