package org.aftm.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code aftm replay} end to end, through the same entry point as the operator's shell. */
class ReplayCommandTest {

  private static final Path SAMPLE_TICKS = Path.of("../samples/ticks.csv");
  private static final Path SAMPLE_CONDITIONS = Path.of("../samples/conditions.json");
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** The signal lines the shipped samples must produce, in order. */
  private static final List<String> SAMPLE_SIGNALS =
      List.of(
          "{\"event\":\"signal\",\"tick\":4,\"condition_id\":\"1\",\"item_code\":\"TXF\",\"side\":\"buy\",\"quantity\":1,\"reason\":\"entry\",\"price\":21985}",
          "{\"event\":\"signal\",\"tick\":6,\"condition_id\":\"1\",\"item_code\":\"TXF\",\"side\":\"sell\",\"quantity\":1,\"reason\":\"take_profit\",\"price\":22100}",
          "{\"event\":\"signal\",\"tick\":8,\"condition_id\":\"3\",\"item_code\":\"MXF\",\"side\":\"buy\",\"quantity\":3,\"reason\":\"entry\",\"price\":21962}",
          "{\"event\":\"signal\",\"tick\":10,\"condition_id\":\"2\",\"item_code\":\"TXF\",\"side\":\"sell\",\"quantity\":2,\"reason\":\"entry\",\"price\":22055}",
          "{\"event\":\"signal\",\"tick\":13,\"condition_id\":\"3\",\"item_code\":\"MXF\",\"side\":\"sell\",\"quantity\":3,\"reason\":\"take_profit\",\"price\":22005}",
          "{\"event\":\"signal\",\"tick\":14,\"condition_id\":\"2\",\"item_code\":\"TXF\",\"side\":\"buy\",\"quantity\":2,\"reason\":\"take_profit\",\"price\":21960}");

  @TempDir Path dir;

  @Test
  void theShippedSamplesReplayToTheExpectedSignalsAndSummary() throws IOException {
    Run run =
        replay(
            "--ticks",
            SAMPLE_TICKS.toString(),
            "--conditions",
            SAMPLE_CONDITIONS.toString(),
            "--json");

    assertThat(run.exitCode).as(run.err).isZero();
    List<JsonNode> lines = run.jsonLines();
    assertThat(lines)
        .extracting(line -> line.path("event").asText())
        .as("only signal, fill and result lines before the summary")
        .isSubsetOf("signal", "fill", "result", "summary");
    assertThat(lines.stream().filter(line -> line.path("event").asText().equals("signal")).toList())
        .containsExactlyElementsOf(parse(SAMPLE_SIGNALS));
    assertThat(run.lines())
        .last()
        .isEqualTo(
            "{\"event\":\"summary\",\"signals\":6,\"round_trips\":3,\"realized_pnl_points\":434}");
    assertThat(run.lines())
        .contains("{\"event\":\"result\",\"ticks\":15,\"fills\":6,\"realized_pnl_twd\":67450}");
  }

  @Test
  void aLowerOrderLimitRefusesTheLargerEntriesThroughTheSameChecksAsLiveTrading()
      throws IOException {
    Run run =
        replay(
            "--ticks",
            SAMPLE_TICKS.toString(),
            "--conditions",
            SAMPLE_CONDITIONS.toString(),
            "-c",
            "AFTM_MAX_ORDER_QTY=1",
            "--json");

    assertThat(run.exitCode).as(run.err).isZero();
    List<JsonNode> lines = run.jsonLines();
    List<JsonNode> refused =
        lines.stream().filter(line -> line.path("event").asText().equals("refused")).toList();
    // Conditions 2 (2 lots) and 3 (3 lots) exceed one lot per order; each refusal is printed once.
    assertThat(refused)
        .extracting(line -> line.path("condition_id").asText())
        .containsExactlyInAnyOrder("2", "3");
    assertThat(refused)
        .allSatisfy(
            line -> {
              assertThat(line.path("error_code").asText()).isEqualTo("RISK_LIMIT");
              assertThat(line.path("error_message").asText()).contains("AFTM_MAX_ORDER_QTY");
            });
    // Only condition 1 (one lot) trades its round trip; nothing of the refused entries fills.
    assertThat(
            lines.stream()
                .filter(line -> line.path("event").asText().equals("fill"))
                .map(line -> line.path("item_code").asText() + " " + line.path("side").asText())
                .toList())
        .containsExactly("TXF buy", "TXF sell");
    assertThat(run.lines())
        .last()
        .isEqualTo(
            "{\"event\":\"summary\",\"signals\":4,\"round_trips\":1,\"realized_pnl_points\":115}");
    assertThat(run.lines())
        .contains("{\"event\":\"result\",\"ticks\":15,\"fills\":2,\"realized_pnl_twd\":23000}");
  }

  @Test
  void textModeShowsARefusalWithItsCode() {
    Run run =
        replay(
            "--ticks",
            SAMPLE_TICKS.toString(),
            "--conditions",
            SAMPLE_CONDITIONS.toString(),
            "-c",
            "AFTM_MAX_ORDER_QTY=1");

    assertThat(run.exitCode).as(run.err).isZero();
    assertThat(run.out.lines().filter(line -> line.contains("refused")).toList())
        .hasSize(2)
        .allSatisfy(line -> assertThat(line).contains("RISK_LIMIT"));
    assertThat(run.lines())
        .last()
        .asString()
        .contains("4 signals", "2 fills", "1 round trips", "115 points", "23000 TWD");
  }

  @Test
  void everySignalOfTheSamplesIsFilledAtItsTickAndPrice() throws IOException {
    Run run =
        replay(
            "--ticks",
            SAMPLE_TICKS.toString(),
            "--conditions",
            SAMPLE_CONDITIONS.toString(),
            "--json");

    List<JsonNode> fills =
        run.jsonLines().stream()
            .filter(line -> line.path("event").asText().equals("fill"))
            .toList();
    List<JsonNode> signals = parse(SAMPLE_SIGNALS);
    assertThat(fills).hasSameSizeAs(signals);
    for (int i = 0; i < signals.size(); i++) {
      JsonNode signal = signals.get(i);
      JsonNode fill = fills.get(i);
      assertThat(fill.path("tick")).as("tick of fill %d", i).isEqualTo(signal.path("tick"));
      assertThat(fill.path("item_code"))
          .as("item of fill %d", i)
          .isEqualTo(signal.path("item_code"));
      assertThat(fill.path("side")).as("side of fill %d", i).isEqualTo(signal.path("side"));
      assertThat(fill.path("quantity"))
          .as("quantity of fill %d", i)
          .isEqualTo(signal.path("quantity"));
      assertThat(fill.path("price").decimalValue())
          .as("price of fill %d", i)
          .isEqualByComparingTo(signal.path("price").decimalValue());
    }
  }

  @Test
  void textModeEndsWithASummaryLine() {
    Run run =
        replay("--ticks", SAMPLE_TICKS.toString(), "--conditions", SAMPLE_CONDITIONS.toString());

    assertThat(run.exitCode).as(run.err).isZero();
    assertThat(run.out).contains("signal", "take_profit");
    assertThat(run.lines())
        .last()
        .asString()
        .contains("Replayed 15 ticks", "6 signals", "6 fills", "3 round trips", "434 points")
        .contains("67450 TWD");
  }

  @Test
  void theReferenceTraceOfTheDesignTakesProfitFor115Points() throws IOException {
    Path conditions =
        write(
            "reference.json",
            """
        [{"item_code": "TXF", "action": "buy", "trigger_price": 22000, "turning_point": 30, "quantity": 1,
          "take_profit_point": 120, "stop_loss_point": 30, "is_following": true}]
        """);
    Path ticks =
        write(
            "reference.csv",
            """
        time,item_code,price,quantity
        2026-11-20T09:00:00+08:00,TXF,22010,1
        2026-11-20T09:00:01+08:00,TXF,21990,1
        2026-11-20T09:00:02+08:00,TXF,21950,1
        2026-11-20T09:00:03+08:00,TXF,21985,1
        2026-11-20T09:00:04+08:00,TXF,22050,1
        2026-11-20T09:00:05+08:00,TXF,22100,1
        """);

    Run run = replay("--ticks", ticks.toString(), "--conditions", conditions.toString(), "--json");

    assertThat(run.exitCode).as(run.err).isZero();
    assertThat(
            run.jsonLines().stream()
                .filter(line -> line.path("event").asText().equals("signal"))
                .toList())
        .containsExactlyElementsOf(
            parse(
                List.of(
                    "{\"event\":\"signal\",\"tick\":4,\"condition_id\":\"1\",\"item_code\":\"TXF\",\"side\":\"buy\",\"quantity\":1,\"reason\":\"entry\",\"price\":21985}",
                    "{\"event\":\"signal\",\"tick\":6,\"condition_id\":\"1\",\"item_code\":\"TXF\",\"side\":\"sell\",\"quantity\":1,\"reason\":\"take_profit\",\"price\":22100}")));
    assertThat(run.lines())
        .last()
        .isEqualTo(
            "{\"event\":\"summary\",\"signals\":2,\"round_trips\":1,\"realized_pnl_points\":115}");
  }

  @Test
  void aBadTickLineFailsWithExitTwoAndPrintsNothing() throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(SAMPLE_TICKS, StandardCharsets.UTF_8));
    lines.set(4, lines.get(4).replace(",21985,", ",21x85,"));
    Path ticks = write("bad-ticks.csv", String.join("\n", lines) + "\n");

    Run run =
        replay("--ticks", ticks.toString(), "--conditions", SAMPLE_CONDITIONS.toString(), "--json");

    assertThat(run.exitCode).isEqualTo(AftmCli.EXIT_BAD_INPUT);
    assertThat(run.err).contains(ticks.getFileName().toString(), "line 5", "price");
    assertThat(run.out).as("nothing half-applied").isEmpty();
  }

  @Test
  void aBadConditionsFileFailsWithExitTwoAndPrintsNothing() throws IOException {
    Path conditions =
        write(
            "bad.json",
            """
        [
          {"item_code": "TXF", "action": "buy", "trigger_price": 22000, "turning_point": 30, "quantity": 1},
          {"item_code": "TXF", "action": "short", "trigger_price": 22000, "turning_point": 30, "quantity": 1}
        ]
        """);

    Run run =
        replay("--ticks", SAMPLE_TICKS.toString(), "--conditions", conditions.toString(), "--json");

    assertThat(run.exitCode).isEqualTo(AftmCli.EXIT_BAD_INPUT);
    assertThat(run.err).contains(conditions.toString(), "line 3", "action");
    assertThat(run.out).isEmpty();
  }

  @Test
  void aMissingConditionsFileFailsWithExitTwo() {
    Path absent = dir.resolve("absent.json");

    Run run = replay("--ticks", SAMPLE_TICKS.toString(), "--conditions", absent.toString());

    assertThat(run.exitCode).isEqualTo(AftmCli.EXIT_BAD_INPUT);
    assertThat(run.err).contains(absent.toString(), "no such file");
    assertThat(run.out).isEmpty();
  }

  @Test
  void aMissingTicksFileFailsWithExitTwo() {
    Path absent = dir.resolve("absent.csv");

    Run run = replay("--ticks", absent.toString(), "--conditions", SAMPLE_CONDITIONS.toString());

    assertThat(run.exitCode).isEqualTo(AftmCli.EXIT_BAD_INPUT);
    assertThat(run.err).contains(absent.toString()).containsIgnoringCase("no such file");
    assertThat(run.out).isEmpty();
  }

  @Test
  void aMissingRequiredOptionIsBadInput() {
    Run run = replay("--ticks", SAMPLE_TICKS.toString());

    assertThat(run.exitCode).isEqualTo(AftmCli.EXIT_BAD_INPUT);
    assertThat(run.err).contains("--conditions");
  }

  private Run replay(String... arguments) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] args = new String[arguments.length + 1];
    args[0] = "replay";
    System.arraycopy(arguments, 0, args, 1, arguments.length);
    int exitCode;
    try (PrintWriter outWriter = new PrintWriter(out);
        PrintWriter errWriter = new PrintWriter(err)) {
      exitCode = AftmCli.execute(outWriter, errWriter, args);
    }
    return new Run(exitCode, out.toString(), err.toString());
  }

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  private static List<JsonNode> parse(List<String> lines) throws IOException {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : lines) {
      nodes.add(JSON.readTree(line));
    }
    return nodes;
  }

  private record Run(int exitCode, String out, String err) {
    List<String> lines() {
      return out.lines().filter(line -> !line.isBlank()).toList();
    }

    /** Every line parsed; fails the test on a line that is not a JSON object. */
    List<JsonNode> jsonLines() throws IOException {
      List<JsonNode> nodes = new ArrayList<>();
      for (String line : out.lines().toList()) {
        JsonNode node = JSON.readTree(line);
        assertThat(node.isObject()).as("a JSON object: %s", line).isTrue();
        nodes.add(node);
      }
      assertThat(nodes).isNotEmpty();
      return nodes;
    }
  }
}
