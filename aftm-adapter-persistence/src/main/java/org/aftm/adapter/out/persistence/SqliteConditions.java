package org.aftm.adapter.out.persistence;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.aftm.application.port.out.LoadConditionsPort;
import org.aftm.application.port.out.RegisterConditionPort;
import org.aftm.application.port.out.SaveConditionStatePort;
import org.aftm.domain.condition.ConditionSnapshot;
import org.aftm.domain.condition.ConditionSpec;
import org.aftm.domain.condition.ConditionState;
import org.aftm.domain.model.Side;

/**
 * The {@code conditions} table. The operator's process inserts and deletes; the strategy process
 * writes only the state columns of rows that still exist, so neither overwrites what the other
 * owns. A deleted row is kept (soft delete) but never loaded or updated again.
 */
final class SqliteConditions
    implements LoadConditionsPort, SaveConditionStatePort, RegisterConditionPort {

  private static final String COLUMNS =
      "id, item_code, action, spec_trigger_price_units, turning_point_units,"
          + " quantity, take_profit_point_units, stop_loss_point_units, following, state, trigger_price_units,"
          + " entry_price_units, exit_price_units";
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
            + " AND state <> '"
            + ConditionState.EXITED.text()
            + "' ORDER BY id");
  }

  @Override
  public List<ConditionSnapshot> loadAllConditions() {
    return query("load the conditions", "SELECT " + COLUMNS + LIVE + " ORDER BY id");
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
   * The conditions revision: moves when any process adds or deletes a condition (state saves do not
   * move it), so the strategy reloads exactly when the operator changed something.
   */
  @Override
  public long externalChangeVersion() {
    return database.conditionRevision();
  }

  @Override
  public boolean saveConditionState(ConditionSnapshot snapshot) {
    return database.write(
        "save the state of condition " + snapshot.id(),
        connection -> {
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE conditions SET state = ?, trigger_price_units = ?, entry_price_units = ?, exit_price_units = ?,"
                      + " updated_at_ms = ? WHERE id = ? AND deleted_at_ms IS NULL")) {
            update.setString(1, snapshot.state().text());
            update.setLong(2, snapshot.triggerPrice().units());
            SqlRows.setNullablePrice(update, 3, snapshot.entryPrice());
            SqlRows.setNullablePrice(update, 4, snapshot.exitPrice());
            update.setLong(5, clock.millis());
            update.setLong(6, snapshot.id());
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
    return new ConditionSnapshot(
        row.getLong("id"),
        spec,
        ConditionState.fromText(row.getString("state")),
        SqlRows.price(row, "trigger_price_units"),
        SqlRows.nullablePrice(row, "entry_price_units"),
        SqlRows.nullablePrice(row, "exit_price_units"));
  }
}
