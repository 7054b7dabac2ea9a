package org.aftm.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.aftm.domain.condition.Condition;
import org.aftm.domain.condition.ConditionOrderId;
import org.aftm.domain.condition.ConditionProgress;
import org.aftm.domain.condition.ConditionSnapshot;
import org.aftm.domain.condition.ConditionState;
import org.aftm.domain.condition.ConditionStep;
import org.aftm.domain.model.Price;
import org.aftm.domain.order.OrderState;
import org.aftm.domain.order.OrderUpdate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteConditionsTest {

  @TempDir Path dataDir;

  @Test
  void trailedTriggerAndTheEntrysFillsSurviveCloseAndReopen() {
    ConditionSnapshot entered;
    try (SqliteDatabase database = SqliteDatabase.open(dataDir, true)) {
      SqlitePersistenceAdapter store = new SqlitePersistenceAdapter(database);
      ConditionSnapshot fresh = store.insertCondition(Samples.buyTxf());
      // docs/architecture.md §3 reference trace up to the entry: trigger, trail to 21950, enter at
      // 21980.
      Condition condition = Condition.restore(fresh);
      for (String price : new String[] {"22010", "21990", "21950", "21985"}) {
        condition.onPrice(Price.parse(price).units());
      }
      assertThat(condition.state()).isEqualTo(ConditionState.ORDERED);
      // The entry of 2 lots filled at 21985 and 21986.5: the entry price is their average.
      long cost = Price.parse("21985").units() + Price.parse("21986.5").units();
      ConditionOrderId entry = new ConditionOrderId(fresh.id(), ConditionOrderId.Leg.ENTRY, 1);
      assertThat(
              condition.onOrderUpdate(
                  entry,
                  new OrderUpdate(entry.clientOrderId(), OrderState.FILLED, 2, 2, cost, "", ""),
                  3))
          .isEqualTo(ConditionStep.ORDER_PROGRESS);
      entered = condition.snapshot();
      assertThat(entered.state()).isEqualTo(ConditionState.ENTERED);
      assertThat(store.saveConditionState(entered)).isTrue();
    }

    try (SqliteDatabase reopened = SqliteDatabase.open(dataDir, false)) {
      ConditionSnapshot loaded =
          new SqlitePersistenceAdapter(reopened).loadCondition(entered.id()).orElseThrow();
      assertThat(loaded).isEqualTo(entered);
      assertThat(loaded.triggerPrice()).isEqualTo(Price.parse("21950"));
      assertThat(loaded.spec().triggerPrice()).isEqualTo(Price.parse("22000"));
      assertThat(loaded.progress().entryAttempts()).isEqualTo(1);
      assertThat(loaded.entryPrice()).isEqualTo(Price.parse("21985.75"));
      assertThat(loaded.exitPrice()).isNull();
      // The restored condition goes on where it stopped: take profit at 22100, not re-armed.
      assertThat(Condition.restore(loaded).onPrice(Price.parse("22100").units()))
          .isEqualTo(ConditionStep.TOOK_PROFIT);
    }
  }

  @Test
  void everyStateWithItsProgressRoundTrips() {
    List<ConditionSnapshot> saved = new ArrayList<>();
    try (SqliteDatabase database = SqliteDatabase.open(dataDir, true)) {
      SqlitePersistenceAdapter store = new SqlitePersistenceAdapter(database);
      for (ConditionState state : ConditionState.values()) {
        ConditionSnapshot stored = store.insertCondition(Samples.sellMxf("21999.5"));
        ConditionSnapshot snapshot =
            new ConditionSnapshot(
                stored.id(), stored.spec(), state, Price.parse("22001.25"), progressOf(state));
        assertThat(store.saveConditionState(snapshot)).isTrue();
        saved.add(snapshot);
      }
    }
    try (SqliteDatabase reopened = SqliteDatabase.open(dataDir, false)) {
      SqlitePersistenceAdapter store = new SqlitePersistenceAdapter(reopened);
      assertThat(store.loadAllConditions()).containsExactlyElementsOf(saved);
      for (ConditionSnapshot snapshot : saved) {
        assertThat(store.loadCondition(snapshot.id())).contains(snapshot);
      }
      assertThat(store.loadActiveConditions())
          .extracting(ConditionSnapshot::state)
          .containsExactly(
              ConditionState.NEW,
              ConditionState.TRIGGERED,
              ConditionState.ORDERED,
              ConditionState.ENTERED,
              ConditionState.EXITING);
    }
  }

  /** Distinct values in every field, both exit steps and a failure text. */
  private static ConditionProgress progressOf(ConditionState state) {
    int n = state.ordinal();
    return switch (state) {
      case NEW, TRIGGERED -> n == 0 ? ConditionProgress.NONE : progress(1, 0, 0, true, 0, null, "");
      case ORDERED -> progress(2, 0, 0, false, 0, null, "");
      case ENTERED -> progress(1, 1, Price.parse("21987.2501").units(), false, 0, null, "");
      case EXITING -> progress(3, 2, 439_950_000L, true, 2, ConditionStep.STOPPED_OUT, "");
      case EXITED -> progress(1, 2, 439_950_000L, true, 1, ConditionStep.TOOK_PROFIT, "");
      case FAILED ->
          progress(
              3, 0, 0, true, 0, null, "entry attempts used up (3), last: cancelled (no liquidity)");
    };
  }

  private static ConditionProgress progress(
      int entryAttempts,
      int entryFilled,
      long entryCost,
      boolean entryFinal,
      int exitAttempts,
      ConditionStep exitStep,
      String failure) {
    boolean exiting = exitAttempts > 0;
    return new ConditionProgress(
        entryAttempts,
        entryFilled,
        entryCost,
        entryFinal,
        exitAttempts,
        exitStep,
        exiting ? 1 : 0,
        exiting ? 219_900_000L : 0,
        exiting ? entryFilled - 1 : 0,
        exiting ? 219_890_000L * (entryFilled - 1) : 0,
        exitAttempts > 1,
        failure);
  }

  @Test
  void decimalPricesAndCostsAreStoredExactlyAsIntegerUnits() {
    try (SqliteDatabase database = SqliteDatabase.open(dataDir, true)) {
      SqlitePersistenceAdapter store = new SqlitePersistenceAdapter(database);
      ConditionSnapshot stored = store.insertCondition(Samples.sellMxf("21999.5"));
      ConditionSnapshot exited =
          new ConditionSnapshot(
              stored.id(),
              stored.spec(),
              ConditionState.EXITED,
              Price.parse("21999.5"),
              new ConditionProgress(
                  1,
                  1,
                  Price.parse("21987.2501").units(),
                  true,
                  1,
                  ConditionStep.TOOK_PROFIT,
                  0,
                  0,
                  1,
                  Price.parse("21897.2501").units(),
                  true,
                  ""));
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
                            "SELECT typeof(spec_trigger_price_units) || ',' || spec_trigger_price_units"
                                + " || ',' || typeof(entry_cost_units) || ',' || entry_cost_units"
                                + " || ',' || exit_step FROM conditions")) {
                  row.next();
                  return row.getString(1);
                }
              });
      assertThat(storedTypes).isEqualTo("integer,219995000,integer,219872501,took_profit");
    }
  }

  @Test
  void anExitStepThatIsNoReasonForAnExitIsRefusedBeforeAnythingIsWritten() {
    try (SqliteDatabase database = SqliteDatabase.open(dataDir, true)) {
      SqlitePersistenceAdapter store = new SqlitePersistenceAdapter(database);
      ConditionSnapshot stored = store.insertCondition(Samples.buyTxf());
      ConditionSnapshot odd =
          new ConditionSnapshot(
              stored.id(),
              stored.spec(),
              ConditionState.EXITING,
              stored.triggerPrice(),
              new ConditionProgress(
                  1, 1, 1, true, 1, ConditionStep.TRAILED, 0, 0, 0, 0, false, ""));

      assertThatThrownBy(() -> store.saveConditionState(odd))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("TRAILED");
      assertThat(store.loadCondition(stored.id())).contains(stored);
    }
  }

  @Test
  void activeConditionsExcludeExitedAndFailedOnesAndComeOrderedById() {
    try (SqliteDatabase database = SqliteDatabase.open(dataDir, true)) {
      SqlitePersistenceAdapter store = new SqlitePersistenceAdapter(database);
      ConditionSnapshot first = store.insertCondition(Samples.buyTxf());
      ConditionSnapshot second = store.insertCondition(Samples.sellMxf("22100"));
      ConditionSnapshot third = store.insertCondition(Samples.sellMxf("22200"));
      ConditionSnapshot fourth = store.insertCondition(Samples.sellMxf("22300"));
      store.saveConditionState(withState(second, ConditionState.EXITED));
      store.saveConditionState(withState(fourth, ConditionState.FAILED));

      assertThat(store.loadActiveConditions())
          .extracting(ConditionSnapshot::id)
          .containsExactly(first.id(), third.id());
      assertThat(store.loadAllConditions())
          .extracting(ConditionSnapshot::id)
          .containsExactly(first.id(), second.id(), third.id(), fourth.id());
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
      assertThat(store.saveConditionState(withState(doomed, ConditionState.TRIGGERED))).isFalse();

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
  void aProcessSeesAnotherProcesssStateSavesAndInsertsOnItsNextLoad() {
    try (SqliteDatabase main = SqliteDatabase.open(dataDir, true);
        SqliteDatabase strategy = SqliteDatabase.open(dataDir, false)) {
      SqlitePersistenceAdapter operator = new SqlitePersistenceAdapter(main);
      SqlitePersistenceAdapter agent = new SqlitePersistenceAdapter(strategy);

      ConditionSnapshot added = operator.insertCondition(Samples.buyTxf());
      assertThat(agent.loadActiveConditions()).containsExactly(added);

      ConditionSnapshot triggered = withState(added, ConditionState.TRIGGERED);
      assertThat(agent.saveConditionState(triggered)).isTrue();
      assertThat(operator.loadCondition(added.id())).contains(triggered);

      operator.deleteCondition(added.id());
      assertThat(agent.loadActiveConditions()).isEmpty();
    }
  }

  private static ConditionSnapshot withState(ConditionSnapshot snapshot, ConditionState state) {
    return new ConditionSnapshot(
        snapshot.id(), snapshot.spec(), state, snapshot.triggerPrice(), snapshot.progress());
  }
}
