package org.aftm.app.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.aftm.app.cli.AftmCli;
import org.aftm.app.cli.TradesView;
import org.aftm.application.port.in.TradeHistoryUseCase;
import org.aftm.domain.condition.ConditionSnapshot;
import org.aftm.domain.condition.ConditionState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's views of a real round trip: the real main process and its two child JVMs trade the
 * reference condition on the simulated broker (2 lots in at 21985, out at 22100: +230 points, TXF
 * 200 TWD a point), then {@code aftm trades}, {@code aftm report daily} and the status snapshot
 * show it from the real database while the system still runs.
 */
@Timeout(180)
class TradeBlotterIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;
  private RunningSystem system;

  @AfterEach
  void stop() {
    if (system != null) {
      system.close();
    }
  }

  @Test
  void aRoundTripShowsInTheBlotterTheReportAndTheStatus() throws Exception {
    system = new RunningSystem(dataDir);
    ConditionSnapshot condition = system.register(RunningSystem.referenceBuy(2));
    for (long price : new long[] {22010, 21990, 21950, 21985}) {
      system.tick(price);
    }
    system.awaitFills(1);
    system.awaitState(condition.id(), ConditionState.ENTERED);
    system.tick(22100);
    system.awaitFills(2);
    system.awaitState(condition.id(), ConditionState.EXITED);
    LocalDate day = taipeiDate(system.fills.get(1).timeMillis());
    assumeTrue(day.equals(taipeiDate(system.fills.get(0).timeMillis())), "not across midnight");

    // The order journal writes fills and positions behind the gateway: wait for both rows.
    List<JsonNode> rows = new ArrayList<>();
    await("both fills in the blotter, priced")
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              rows.clear();
              Run run = cli("trades", "--json", "--date", day.toString());
              for (String line : run.out.lines().toList()) {
                rows.add(JSON.readTree(line));
              }
              return run.exitCode == 0
                  && rows.size() == 2
                  && !rows.get(1).get("realized_pnl_twd").isNull();
            });
    String entryId = "aftm-" + condition.id() + "-entry";
    String exitId = "aftm-" + condition.id() + "-exit";
    assertThat(rows)
        .extracting(r -> r.get("client_order_id").asText())
        .containsExactly(entryId, exitId);
    assertThat(rows).extracting(r -> r.get("sender").asText()).containsOnly("order-executor");
    JsonNode exit = rows.get(1);
    assertThat(exit.get("condition_id").asLong()).isEqualTo(condition.id());
    assertThat(exit.get("side").asText()).isEqualTo("sell");
    assertThat(exit.get("quantity").asInt()).isEqualTo(2);
    assertThat(exit.get("price").decimalValue()).isEqualByComparingTo("22100");
    assertThat(exit.get("realized_pnl_points").decimalValue()).isEqualByComparingTo("230");
    assertThat(exit.get("realized_pnl_twd").decimalValue()).isEqualByComparingTo("46000");

    Run report =
        cli("report", "daily", "--json", "--date", day.toString(), "-c", "AFTM_FEE_PER_LOT_TWD=40");
    assertThat(report.exitCode).as(report.err).isZero();
    JsonNode total = JSON.readTree(report.out).get("total");
    assertThat(total.get("trades").asInt()).isEqualTo(1);
    assertThat(total.get("wins").asInt()).isEqualTo(1);
    assertThat(total.get("realized_pnl_twd").decimalValue()).isEqualByComparingTo("46000");
    // 4 lots × 40; tax 21985 × 200 × 2 × 0.00002 = 175.88 -> 176, 22100 × 200 × 2 × 0.00002 = 176.8
    // -> 177.
    assertThat(total.get("fees_twd").decimalValue()).isEqualByComparingTo("160");
    assertThat(total.get("tax_twd").decimalValue()).isEqualByComparingTo("353");
    assertThat(total.get("net_pnl_twd").decimalValue()).isEqualByComparingTo("45487");

    // The console's path: the running process's own history, rendered by the same view.
    TradeHistoryUseCase history = system.main.tradeHistory();
    StringWriter table = new StringWriter();
    new TradesView(ZoneId.systemDefault())
        .printTrades(new PrintWriter(table), day, history.trades(day), false);
    assertThat(table.toString()).contains("2 fill(s), 1 closing; realized +46000 TWD");

    Map<String, Object> status = system.main.statusSnapshot();
    assertThat(Instant.parse((String) status.get("timestamp")))
        .isBetween(Instant.now().minusSeconds(60), Instant.now());
    assertThat(status.get("trading_state")).isEqualTo("ACTIVE");
    @SuppressWarnings("unchecked")
    Map<String, Object> pnl = (Map<String, Object>) status.get("pnl");
    assertThat((BigDecimal) pnl.get("realized_twd")).isEqualByComparingTo("46000");
    assertThat((BigDecimal) pnl.get("total_twd")).isEqualByComparingTo("46000");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> positions = (List<Map<String, Object>>) status.get("positions");
    assertThat(positions)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.get("quantity")).isEqualTo(0);
              assertThat((BigDecimal) p.get("last_price")).isEqualByComparingTo("22100");
              assertThat((BigDecimal) p.get("realized_pnl_points")).isEqualByComparingTo("230");
            });
  }

  private static LocalDate taipeiDate(long millis) {
    return LocalDate.ofInstant(Instant.ofEpochMilli(millis), ZoneId.of("Asia/Taipei"));
  }

  private Run cli(String... arguments) {
    List<String> args = new ArrayList<>(List.of(arguments));
    args.add("--data-dir");
    args.add(dataDir.toString());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode;
    try (PrintWriter outWriter = new PrintWriter(out);
        PrintWriter errWriter = new PrintWriter(err)) {
      exitCode = AftmCli.execute(outWriter, errWriter, args.toArray(String[]::new));
    }
    return new Run(exitCode, out.toString(), err.toString());
  }

  private record Run(int exitCode, String out, String err) {}
}
