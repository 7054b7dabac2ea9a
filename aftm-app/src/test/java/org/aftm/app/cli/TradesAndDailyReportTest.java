package org.aftm.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.aftm.adapter.out.persistence.SqliteDatabase;
import org.aftm.adapter.out.persistence.SqlitePersistenceAdapter;
import org.aftm.domain.model.DayTrade;
import org.aftm.domain.model.OpenClose;
import org.aftm.domain.model.OrderType;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TimeInForce;
import org.aftm.domain.order.Fill;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderSender;
import org.aftm.domain.order.Position;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code aftm trades} and {@code aftm report daily} over fills written through the real persistence
 * adapter into a real SQLite database, against a report computed by hand:
 *
 * <pre>
 * 2026-11-30 20:00  aftm-5-entry  MXF buy  1 @ 21000     (the day before: opens, not reported)
 * 2026-12-01 09:00  aftm-5-exit   MXF sell 1 @ 21040     +40 pts   +2000 TWD  tax 21.04  -> 21
 *            09:10  aftm-1-entry  TXF buy  2 @ 22000                         tax 176
 *            09:20  aftm-1-exit   TXF sell 2 @ 22010.5   +21 pts   +4200 TWD  tax 176.084 -> 176
 *            09:30  aftm-2-entry  MXF sell 1 @ 22005                         tax 22.005 -> 22
 *            09:40  aftm-2-exit   MXF buy  1 @ 22017     -12 pts    -600 TWD  tax 22.017 -> 22
 *            09:50  aftm-3-entry  TXF buy  1 @ 22125                         tax 88.5   -> 89
 *            10:00  flatten-x     TXF sell 1 @ 22008    -117 pts  -23400 TWD  tax 88.032 -> 88
 * </pre>
 *
 * Fee 50 TWD per lot and side, tax rate 0.00002, TXF 200 TWD a point, MXF 50. TXF: 2 trades, 1 won,
 * -96 pts, -19200 TWD, fees 300, tax 529, net -20029. MXF: 2 trades, 1 won, +28 pts, +1400 TWD,
 * fees 150, tax 65, net +1185. Total: 4 trades, 2 won, -17800 TWD, fees 450, tax 594, net -18844,
 * largest loss the flatten's -23400.
 */
@ExtendWith(RestoresLogging.class)
class TradesAndDailyReportTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");

  @TempDir Path dataDir;

  @BeforeEach
  void recordTheDay() {
    try (SqliteDatabase database = SqliteDatabase.open(dataDir, true)) {
      SqlitePersistenceAdapter store = new SqlitePersistenceAdapter(database);
      fill(store, "aftm-5-entry", "MXF", Side.BUY, 1, "21000", "2026-11-30T20:00");
      fill(store, "aftm-5-exit", "MXF", Side.SELL, 1, "21040", "2026-12-01T09:00");
      fill(store, "aftm-1-entry", "TXF", Side.BUY, 2, "22000", "2026-12-01T09:10");
      fill(store, "aftm-1-exit", "TXF", Side.SELL, 2, "22010.5", "2026-12-01T09:20");
      fill(store, "aftm-2-entry", "MXF", Side.SELL, 1, "22005", "2026-12-01T09:30");
      fill(store, "aftm-2-exit", "MXF", Side.BUY, 1, "22017", "2026-12-01T09:40");
      fill(store, "aftm-3-entry", "TXF", Side.BUY, 1, "22125", "2026-12-01T09:50");
      store.recordRequest(
          new OrderRequest(
              "FA1",
              "TXF",
              Side.SELL,
              OrderType.MARKET,
              Price.ZERO,
              1,
              OpenClose.AUTO,
              "flatten",
              DayTrade.NO,
              TimeInForce.IOC,
              "flatten-x"),
          null,
          OrderSender.MAIN_PROCESS,
          millis("2026-12-01T10:00"));
      fill(store, "flatten-x", "TXF", Side.SELL, 1, "22008", "2026-12-01T10:00");
      store.savePositions(
          "FA1",
          List.of(
              new Position("FA1", "MXF", 0, Price.ZERO, Price.ZERO, Price.ZERO, Price.ZERO, 50),
              new Position(
                  "FA1",
                  "TXF",
                  1,
                  Price.ofPoints(22125),
                  Price.ZERO,
                  Price.ZERO,
                  Price.ZERO,
                  200)));
    }
  }

  @Test
  void theReportMatchesTheHandComputedOne() throws Exception {
    Run run = cli("report", "daily", "--date", "2026-12-01", "--json");

    assertThat(run.exitCode).as(run.err).isZero();
    assertThat(run.out.lines()).hasSize(1);
    JsonNode report = JSON.readTree(run.out);
    assertThat(report.get("trading_day").asText()).isEqualTo("2026-12-01");
    assertThat(report.at("/costs/fee_per_lot_twd").decimalValue()).isEqualByComparingTo("50");

    JsonNode total = report.get("total");
    assertThat(total.has("realized_pnl_points")).as("no points across instruments").isFalse();
    assertLine(total, 7, 9, 4, 2, "0.5", "-17800", "450", "594", "-18844", "-23400");

    JsonNode mxf = report.at("/instruments/0");
    JsonNode txf = report.at("/instruments/1");
    assertThat(mxf.get("item_code").asText()).isEqualTo("MXF");
    assertLine(mxf, 3, 3, 2, 1, "0.5", "1400", "150", "65", "1185", "-600");
    assertThat(mxf.get("realized_pnl_points").decimalValue()).isEqualByComparingTo("28");
    assertThat(txf.get("item_code").asText()).isEqualTo("TXF");
    assertLine(txf, 4, 6, 2, 1, "0.5", "-19200", "300", "529", "-20029", "-23400");
    assertThat(txf.get("realized_pnl_points").decimalValue()).isEqualByComparingTo("-96");

    List<JsonNode> conditions = new ArrayList<>();
    report.get("conditions").forEach(conditions::add);
    assertThat(conditions)
        .extracting(c -> c.get("condition_id").asLong())
        .containsExactly(1L, 2L, 3L, 5L);
    assertLine(conditions.get(0), 2, 4, 1, 1, "1", "4200", "200", "352", "3648", "0");
    assertLine(conditions.get(1), 2, 2, 1, 0, "0", "-600", "100", "44", "-744", "-600");
    assertThat(conditions.get(2).get("win_rate").isNull()).as("no trade, no rate").isTrue();
    assertThat(conditions.get(2).get("net_pnl_twd").decimalValue()).isEqualByComparingTo("-139");
    assertLine(conditions.get(3), 1, 1, 1, 1, "1", "2000", "50", "21", "1929", "0");

    JsonNode flatten = report.at("/others/0");
    assertLine(flatten, 1, 1, 1, 0, "0", "-23400", "50", "88", "-23538", "-23400");

    JsonNode loss = report.get("largest_loss");
    assertThat(loss.get("client_order_id").asText()).isEqualTo("flatten-x");
    assertThat(loss.get("condition_id").isNull()).isTrue();
    assertThat(loss.get("realized_pnl_points").decimalValue()).isEqualByComparingTo("-117");
    assertThat(loss.get("realized_pnl_twd").decimalValue()).isEqualByComparingTo("-23400");
  }

  @Test
  void theBlotterListsTheDaysFillsWithTheirRealizedPnl() throws Exception {
    Run run = cli("trades", "--date", "2026-12-01", "--json");

    assertThat(run.exitCode).as(run.err).isZero();
    List<JsonNode> rows = new ArrayList<>();
    for (String line : run.out.lines().toList()) {
      rows.add(JSON.readTree(line));
    }
    assertThat(rows)
        .extracting(r -> r.get("client_order_id").asText())
        .containsExactly(
            "aftm-5-exit",
            "aftm-1-entry",
            "aftm-1-exit",
            "aftm-2-entry",
            "aftm-2-exit",
            "aftm-3-entry",
            "flatten-x");
    JsonNode exit = rows.get(2);
    assertThat(exit.get("condition_id").asLong()).isEqualTo(1);
    assertThat(exit.get("leg").asText()).isEqualTo("exit");
    assertThat(exit.get("item_code").asText()).isEqualTo("TXF");
    assertThat(exit.get("side").asText()).isEqualTo("sell");
    assertThat(exit.get("quantity").asInt()).isEqualTo(2);
    assertThat(exit.get("price").decimalValue()).isEqualByComparingTo("22010.5");
    assertThat(exit.get("closed_lots").asInt()).isEqualTo(2);
    assertThat(exit.get("realized_pnl_points").decimalValue()).isEqualByComparingTo("21");
    assertThat(exit.get("realized_pnl_twd").decimalValue()).isEqualByComparingTo("4200");
    assertThat(exit.get("tax_twd").decimalValue()).isEqualByComparingTo("176");
    assertThat(exit.get("time_ms").asLong()).isEqualTo(millis("2026-12-01T09:20"));
    JsonNode entry = rows.get(1);
    assertThat(entry.get("closed_lots").asInt()).isZero();
    assertThat(entry.get("realized_pnl_points").decimalValue()).isEqualByComparingTo("0");
    JsonNode flatten = rows.get(6);
    assertThat(flatten.get("condition_id").isNull()).isTrue();
    assertThat(flatten.get("leg").asText()).isEqualTo("flatten");
    assertThat(flatten.get("sender").asText()).isEqualTo("main-process");
    assertThat(rows.get(0).get("sender").asText()).isEqualTo("unrecorded");
    assertThat(flatten.get("realized_pnl_twd").decimalValue()).isEqualByComparingTo("-23400");
  }

  @Test
  void theTablesShowTheSameNumbers() {
    Run trades = cli("trades", "--date", "2026-12-01");
    Run report = cli("report", "daily", "--date", "2026-12-01");

    assertThat(trades.exitCode).as(trades.err).isZero();
    assertThat(trades.out)
        .contains("Trades of trading day 2026-12-01")
        .contains("7 fill(s), 4 closing; realized -17800 TWD");
    assertThat(trades.out.lines().filter(l -> l.contains("22010.5")).findFirst().orElseThrow())
        .contains("exit", "TXF", "sell", "+21", "+4200");
    assertThat(report.exitCode).as(report.err).isZero();
    assertThat(report.out.lines().filter(l -> l.startsWith("TOTAL")).findFirst().orElseThrow())
        .contains("50%", "-17800", "450", "594", "-18844", "-23400");
    assertThat(report.out)
        .contains("Largest loss: -23400 TWD (-117 pts) on TXF, order flatten-x")
        .doesNotContain("E+");
    assertThat(report.out.lines().filter(l -> !l.startsWith("Costs:")))
        .as("no amount with more than two places")
        .noneMatch(l -> l.matches(".*\\d\\.\\d{3,}.*"));
  }

  @Test
  void anotherDayHasNoFillsAndABadDateIsOneLine() {
    Run empty = cli("trades", "--date", "2026-11-29");
    Run bad = cli("report", "daily", "--date", "1.12.2026");

    assertThat(empty.exitCode).isZero();
    assertThat(empty.out).contains("(no fills)");
    assertThat(bad.exitCode).isEqualTo(AftmCli.EXIT_BAD_INPUT);
    assertThat(bad.err.strip())
        .isEqualTo(
            "aftm report daily: --date must be a date as yyyy-MM-dd, e.g. 2026-12-01, not"
                + " '1.12.2026'");
  }

  @Test
  void aDirectoryWithoutADatabaseHasNoFillsAndSaysSo(@TempDir Path empty) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        AftmCli.execute(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "report",
            "daily",
            "--json",
            "--data-dir",
            empty.resolve("none").toString());

    assertThat(code).isZero();
    assertThat(err.toString()).startsWith("aftm report daily: note: no database in ");
    assertThat(out.toString()).contains("\"fills\":0").doesNotContain("Exception");
    assertThat(empty.resolve("none")).doesNotExist();
  }

  private static void assertLine(
      JsonNode line,
      int fills,
      int lots,
      int trades,
      int wins,
      String winRate,
      String realizedTwd,
      String fees,
      String tax,
      String net,
      String largestLoss) {
    assertThat(line.get("fills").asInt()).as("fills of " + line).isEqualTo(fills);
    assertThat(line.get("lots").asInt()).as("lots of " + line).isEqualTo(lots);
    assertThat(line.get("trades").asInt()).as("trades of " + line).isEqualTo(trades);
    assertThat(line.get("wins").asInt()).as("wins of " + line).isEqualTo(wins);
    assertThat(line.get("win_rate").decimalValue())
        .as("win rate of " + line)
        .isEqualByComparingTo(winRate);
    assertThat(line.get("realized_pnl_twd").decimalValue())
        .as("TWD of " + line)
        .isEqualByComparingTo(realizedTwd);
    assertThat(line.get("fees_twd").decimalValue())
        .as("fees of " + line)
        .isEqualByComparingTo(fees);
    assertThat(line.get("tax_twd").decimalValue()).as("tax of " + line).isEqualByComparingTo(tax);
    assertThat(line.get("net_pnl_twd").decimalValue())
        .as("net of " + line)
        .isEqualByComparingTo(net);
    assertThat(line.get("largest_loss_twd").decimalValue())
        .as("largest loss of " + line)
        .isEqualByComparingTo(largestLoss);
  }

  private static void fill(
      SqlitePersistenceAdapter store,
      String clientOrderId,
      String item,
      Side side,
      int quantity,
      String price,
      String taipeiTime) {
    store.recordFill(
        new Fill(
            clientOrderId,
            "E-" + clientOrderId,
            "S-" + clientOrderId,
            "FA1",
            item,
            side,
            quantity,
            Price.parse(price),
            millis(taipeiTime)));
  }

  private static long millis(String taipeiTime) {
    return LocalDateTime.parse(taipeiTime).atZone(TAIPEI).toInstant().toEpochMilli();
  }

  private Run cli(String... arguments) {
    List<String> args = new ArrayList<>(List.of(arguments));
    args.addAll(
        List.of(
            "--data-dir",
            dataDir.toString(),
            "-c",
            "AFTM_SESSION_CALENDAR=always",
            "-c",
            "AFTM_FEE_PER_LOT_TWD=50",
            "-c",
            "AFTM_FUTURES_TAX_RATE=0.00002"));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        AftmCli.execute(
            new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  private record Run(int exitCode, String out, String err) {}
}
