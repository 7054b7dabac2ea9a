package org.aftm.adapter.out.persistence;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.aftm.application.port.out.LoadConditionsPort;
import org.aftm.application.port.out.RegisterConditionPort;
import org.aftm.application.port.out.SaveConditionStatePort;
import org.aftm.domain.condition.ConditionListing;
import org.aftm.domain.condition.ConditionProgress;
import org.aftm.domain.condition.ConditionSnapshot;
import org.aftm.domain.condition.ConditionSpec;
import org.aftm.domain.condition.ConditionState;
import org.aftm.domain.condition.ConditionStep;
import org.aftm.domain.model.Side;

/**
 * The {@code conditions} table. The operator's process inserts and deletes; the strategy process
 * writes only the state and progress columns of rows that still exist, so neither overwrites what
 * the other owns. A deleted row is kept (soft delete) but never loaded or updated again.
 */
final class SqliteConditions
    implements LoadConditionsPort, SaveConditionStatePort, RegisterConditionPort {

  private static final String COLUMNS =
      "id, item_code, action, spec_trigger_price_units, turning_point_units,"
          + " quantity, take_profit_point_units, stop_loss_point_units, following, state, trigger_price_units,"
          + " entry_attempts, entry_filled, entry_cost_units, entry_final, exit_attempts, exit_step,"
          + " exit_filled_before, exit_cost_before, exit_attempt_filled, exit_attempt_cost, exit_attempt_final,"
          + " failure";
  private static final String LIVE = " FROM conditions WHERE deleted_at_ms IS NULL";

  private final SqliteDatabase database;
  private final InstantSource clock;

  SqliteConditions(SqliteDatabase database, InstantSource clock) {
    this.database = database;
    this.clock = clock;
  }

  @Override
  public List<ConditionSnapshot> loadActiveConditions() {
    return query(
        "load the active conditions",
        "SELECT "
            + COLUMNS
            + LIVE
            + " AND state NOT IN ('"
            + ConditionState.EXITED.text()
            + "', '"
            + ConditionState.FAILED.text()
            + "') ORDER BY id");
  }

  @Override
  public List<ConditionSnapshot> loadAllConditions() {
    return query("load the conditions", "SELECT " + COLUMNS + LIVE + " ORDER BY id");
  }

  @Override
  public ConditionListing loadConditionListing(boolean includeExited) {
    String sql =
        "SELECT "
            + COLUMNS
            + LIVE
            + (includeExited
                ? ""
                : " AND state NOT IN ('"
                    + ConditionState.EXITED.text()
                    + "', '"
                    + ConditionState.FAILED.text()
                    + "')")
            + " ORDER BY id";
    return database.read(
        "list the conditions",
        connection -> {
          List<ConditionSnapshot> snapshots = new ArrayList<>();
          List<ConditionListing.Unreadable> unreadable = new ArrayList<>();
          try (Statement select = connection.createStatement();
              ResultSet rows = select.executeQuery(sql)) {
            while (rows.next()) {
              try {
                snapshots.add(snapshot(rows));
              } catch (RuntimeException e) {
                // A row damaged by hand or stored without today's checks: listed apart by its id,
                // so the others still show and the operator can delete it.
                unreadable.add(
                    new ConditionListing.Unreadable(
                        rows.getLong("id"), rows.getString("item_code"), e.getMessage()));
              }
            }
          }
          return new ConditionListing(snapshots, unreadable);
        });
  }

  @Override
  public Optional<ConditionSnapshot> loadCondition(long id) {
    return database.read(
        "load condition " + id,
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement("SELECT " + COLUMNS + LIVE + " AND id = ?")) {
            select.setLong(1, id);
            try (ResultSet rows = select.executeQuery()) {
              return rows.next() ? Optional.of(snapshot(rows)) : Optional.empty();
            }
          }
        });
  }

  /**
   * @throws IllegalArgumentException when the progress's exit step is neither {@code TOOK_PROFIT}
   *     nor {@code STOPPED_OUT} (nor null)
   */
  @Override
  public boolean saveConditionState(ConditionSnapshot snapshot) {
    ConditionProgress progress = snapshot.progress();
    String exitStep = exitStepText(progress.exitStep());
    return database.write(
        "save the state of condition " + snapshot.id(),
        connection -> {
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE conditions SET state = ?, trigger_price_units = ?, entry_attempts = ?, entry_filled = ?,"
                      + " entry_cost_units = ?, entry_final = ?, exit_attempts = ?, exit_step = ?,"
                      + " exit_filled_before = ?, exit_cost_before = ?, exit_attempt_filled = ?,"
                      + " exit_attempt_cost = ?, exit_attempt_final = ?, failure = ?, updated_at_ms = ?"
                      + " WHERE id = ? AND deleted_at_ms IS NULL")) {
            update.setString(1, snapshot.state().text());
            update.setLong(2, snapshot.triggerPrice().units());
            update.setInt(3, progress.entryAttempts());
            update.setInt(4, progress.entryFilled());
            update.setLong(5, progress.entryCostUnits());
            update.setInt(6, progress.entryFinal() ? 1 : 0);
            update.setInt(7, progress.exitAttempts());
            update.setString(8, exitStep);
            update.setInt(9, progress.exitFilledBefore());
            update.setLong(10, progress.exitCostBefore());
            update.setInt(11, progress.exitAttemptFilled());
            update.setLong(12, progress.exitAttemptCost());
            update.setInt(13, progress.exitAttemptFinal() ? 1 : 0);
            update.setString(14, progress.failure());
            update.setLong(15, clock.millis());
            update.setLong(16, snapshot.id());
            return update.executeUpdate() == 1;
          }
        });
  }

  @Override
  public ConditionSnapshot insertCondition(ConditionSpec spec) {
    long id =
        database.write(
            "insert a condition for " + spec.itemCode(),
            connection -> {
              long now = clock.millis();
              try (PreparedStatement insert =
                  connection.prepareStatement(
                      "INSERT INTO conditions (item_code, action, spec_trigger_price_units, turning_point_units, quantity,"
                          + " take_profit_point_units, stop_loss_point_units, following, state, trigger_price_units,"
                          + " created_at_ms, updated_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, spec.itemCode());
                insert.setString(2, spec.action().wire());
                insert.setLong(3, spec.triggerPrice().units());
                insert.setLong(4, spec.turningPoint().units());
                insert.setInt(5, spec.quantity());
                insert.setLong(6, spec.takeProfitPoint().units());
                insert.setLong(7, spec.stopLossPoint().units());
                insert.setInt(8, spec.following() ? 1 : 0);
                insert.setString(9, ConditionState.NEW.text());
                insert.setLong(10, spec.triggerPrice().units());
                insert.setLong(11, now);
                insert.setLong(12, now);
                insert.executeUpdate();
              }
              return SqlRows.lastInsertRowId(connection);
            });
    return ConditionSnapshot.fresh(id, spec);
  }

  @Override
  public boolean deleteCondition(long id) {
    return database.write(
        "delete condition " + id,
        connection -> {
          try (PreparedStatement delete =
              connection.prepareStatement(
                  "UPDATE conditions SET deleted_at_ms = ? WHERE id = ? AND deleted_at_ms IS NULL")) {
            delete.setLong(1, clock.millis());
            delete.setLong(2, id);
            return delete.executeUpdate() == 1;
          }
        });
  }

  private List<ConditionSnapshot> query(String what, String sql) {
    return database.read(
        what,
        connection -> {
          List<ConditionSnapshot> snapshots = new ArrayList<>();
          try (Statement select = connection.createStatement();
              ResultSet rows = select.executeQuery(sql)) {
            while (rows.next()) {
              snapshots.add(snapshot(rows));
            }
          }
          return snapshots;
        });
  }

  private static ConditionSnapshot snapshot(ResultSet row) throws SQLException {
    ConditionSpec spec =
        new ConditionSpec(
            row.getString("item_code"),
            Side.fromWire(row.getString("action")),
            SqlRows.price(row, "spec_trigger_price_units"),
            SqlRows.price(row, "turning_point_units"),
            row.getInt("quantity"),
            SqlRows.price(row, "take_profit_point_units"),
            SqlRows.price(row, "stop_loss_point_units"),
            row.getInt("following") == 1);
    ConditionProgress progress =
        new ConditionProgress(
            row.getInt("entry_attempts"),
            row.getInt("entry_filled"),
            row.getLong("entry_cost_units"),
            row.getInt("entry_final") == 1,
            row.getInt("exit_attempts"),
            exitStep(row.getString("exit_step")),
            row.getInt("exit_filled_before"),
            row.getLong("exit_cost_before"),
            row.getInt("exit_attempt_filled"),
            row.getLong("exit_attempt_cost"),
            row.getInt("exit_attempt_final") == 1,
            row.getString("failure"));
    return new ConditionSnapshot(
        row.getLong("id"),
        spec,
        ConditionState.fromText(row.getString("state")),
        SqlRows.price(row, "trigger_price_units"),
        progress);
  }

  /**
   * The stored text of why the exit was sent: {@code took_profit}, {@code stopped_out}, or NULL
   * before the exit.
   *
   * @throws IllegalArgumentException for any other step, which is no reason for an exit
   */
  static String exitStepText(ConditionStep step) {
    if (step == null) {
      return null;
    }
    if (step != ConditionStep.TOOK_PROFIT && step != ConditionStep.STOPPED_OUT) {
      throw new IllegalArgumentException(
          "an exit is sent on TOOK_PROFIT or STOPPED_OUT, not on " + step);
    }
    return step.name().toLowerCase(Locale.ROOT);
  }

  private static ConditionStep exitStep(String text) {
    return text == null ? null : ConditionStep.valueOf(text.toUpperCase(Locale.ROOT));
  }
}
