package org.aftm.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

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

/**
 * {@code aftm replay} with the strategies chosen in AFTM_STRATEGIES, and {@code aftm strategies}.
 */
class ReplayStrategiesTest {

  private static final Path SAMPLE_TICKS = Path.of("../samples/ticks.csv");
  private static final Path SAMPLE_CONDITIONS = Path.of("../samples/conditions.json");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void supportResistanceChosenExplicitlyGivesTheSamplesOutputByteForByte() {
    Run implicit =
        run(
            "replay",
            "--ticks",
            SAMPLE_TICKS.toString(),
            "--conditions",
            SAMPLE_CONDITIONS.toString(),
            "--json");
    Run explicit =
        run(
            "replay",
            "--ticks",
            SAMPLE_TICKS.toString(),
            "--conditions",
            SAMPLE_CONDITIONS.toString(),
            "-c",
            "AFTM_STRATEGIES=support-resistance:name=sr,max_entry_attempts=3",
            "--json");

    assertThat(explicit.exitCode).as(explicit.err).isZero();
    assertThat(explicit.out).isEqualTo(implicit.out);
    assertThat(explicit.out)
        .contains(
            "{\"event\":\"summary\",\"signals\":6,\"round_trips\":3,\"realized_pnl_points\":434}");
  }

  @Test
  void theMovingAverageCrossoverReplaysWithoutAConditionsFileWithinItsLimit() throws IOException {
    // One tick a minute: 10 flat minutes, 5 rising, 6 falling, 5 rising again.
    StringBuilder csv = new StringBuilder("time,item_code,price,quantity\n");
    long t = 1_795_136_400_000L;
    long price = 22000;
    int[] moves = new int[26];
    for (int i = 0; i < moves.length; i++) {
      moves[i] = i < 10 ? 0 : i < 15 ? 10 : i < 21 ? -15 : 20;
    }
    for (int move : moves) {
      price += move;
      csv.append(t).append(",TXF,").append(price).append(",1\n");
      t += 60_000;
    }
    Path ticks = dir.resolve("ticks.csv");
    Files.writeString(ticks, csv, StandardCharsets.UTF_8);

    Run run =
        run(
            "replay",
            "--ticks",
            ticks.toString(),
            "-c",
            "AFTM_STRATEGIES=ma-crossover:name=ma,instruments=TXF,fast=2,slow=4,quantity=1,max_position=2",
            "--json");

    assertThat(run.exitCode).as(run.err).isZero();
    List<JsonNode> signals = run.events("signal");
    assertThat(signals).isNotEmpty();
    assertThat(signals)
        .allSatisfy(
            s -> {
              assertThat(s.path("condition_id").asText()).isEqualTo("0");
              assertThat(s.path("signal_id").asText()).startsWith("ma-");
              assertThat(s.path("reason").asText()).isEqualTo("entry");
            });
    List<JsonNode> fills = run.events("fill");
    assertThat(fills).hasSameSizeAs(signals);
    long position = 0;
    long least = 0;
    long most = 0;
    for (JsonNode fill : fills) {
      position +=
          (fill.path("side").asText().equals("buy") ? 1 : -1) * fill.path("quantity").asLong();
      least = Math.min(least, position);
      most = Math.max(most, position);
    }
    assertThat(most).as("went long up to the limit").isEqualTo(2);
    assertThat(least).as("went short down to the limit").isEqualTo(-2);
    // Each bar is closed by the next minute's tick: the first buy comes after the rise began.
    assertThat(signals.get(0).path("side").asText()).isEqualTo("buy");
    assertThat(signals.get(0).path("tick").asInt()).isGreaterThan(10);
    assertThat(run.lines()).last().asString().startsWith("{\"event\":\"summary\"");
  }

  @Test
  void aBadParameterIsRefusedBeforeAnythingRunsNamingIt() {
    Run run =
        run(
            "replay",
            "--ticks",
            SAMPLE_TICKS.toString(),
            "-c",
            "AFTM_STRATEGIES=ma-crossover:fast=9,slow=3",
            "--json");

    assertThat(run.exitCode).isEqualTo(AftmCli.EXIT_BAD_INPUT);
    assertThat(run.err)
        .contains("AFTM_STRATEGIES", "instance 'ma-crossover'", "slow", "more than fast");
    assertThat(run.out).isEmpty();
  }

  @Test
  void supportResistanceStillNeedsItsConditionsFile() {
    Run run = run("replay", "--ticks", SAMPLE_TICKS.toString());

    assertThat(run.exitCode).isEqualTo(AftmCli.EXIT_BAD_INPUT);
    assertThat(run.err).contains("--conditions", "support-resistance");
  }

  @Test
  void strategiesListsTheInstalledPluginsWithTheirParametersAndTheConfiguredInstances()
      throws IOException {
    Run run =
        run(
            "strategies",
            "-c",
            "AFTM_STRATEGIES=support-resistance;ma-crossover:name=ma1,instruments=TXF,fast=3",
            "--json");

    assertThat(run.exitCode).as(run.err).isZero();
    List<JsonNode> plugins = new ArrayList<>();
    for (String line : run.lines()) {
      plugins.add(JSON.readTree(line));
    }
    assertThat(plugins)
        .extracting(p -> p.path("name").asText())
        .containsExactly("ma-crossover", "support-resistance");
    JsonNode ma = plugins.get(0);
    assertThat(ma.path("description").asText()).contains("crossover");
    assertThat(ma.path("runs_over_conditions").asBoolean()).isFalse();
    JsonNode fast = ma.path("parameters").get(1);
    assertThat(fast.path("name").asText()).isEqualTo("fast");
    assertThat(fast.path("type").asText()).isEqualTo("integer");
    assertThat(fast.path("default").asText()).isEqualTo("5");
    assertThat(fast.path("min").asText()).isEqualTo("1");
    assertThat(fast.path("max").asText()).isEqualTo("500");
    assertThat(ma.path("parameters").get(0).path("type").asText()).isEqualTo("duration");
    assertThat(ma.path("instances")).hasSize(1);
    assertThat(ma.path("instances").get(0).path("name").asText()).isEqualTo("ma1");
    assertThat(ma.path("instances").get(0).path("parameters").path("fast").asText()).isEqualTo("3");
    assertThat(ma.path("instances").get(0).path("instruments").get(0).asText()).isEqualTo("TXF");
    JsonNode sr = plugins.get(1);
    assertThat(sr.path("runs_over_conditions").asBoolean()).isTrue();
    assertThat(sr.path("parameters").get(0).path("name").asText()).isEqualTo("max_entry_attempts");

    Run text = run("strategies");
    assertThat(text.exitCode).as(text.err).isZero();
    assertThat(text.out)
        .contains("ma-crossover", "bar_period", "duration", "default 1m", "[1s..1h]")
        .contains("configured: support-resistance:name=support-resistance,max_entry_attempts=3");
  }

  @Test
  void strategiesRefusesABadSettingNamingTheParameter() {
    Run run = run("strategies", "-c", "AFTM_STRATEGIES=ma-crossover:bar_period=fast");

    assertThat(run.exitCode).isEqualTo(AftmCli.EXIT_BAD_INPUT);
    assertThat(run.err).contains("bar_period", "duration");
  }

  @Test
  void anInstrumentTheBrokerDoesNotListIsRefusedNamingTheInstanceAndTheInstrument() {
    Run replay =
        run(
            "replay",
            "--ticks",
            SAMPLE_TICKS.toString(),
            "-c",
            "AFTM_STRATEGIES=ma-crossover:name=ma1,instruments=TXF+TXFF");
    Run strategies =
        run("strategies", "-c", "AFTM_STRATEGIES=ma-crossover:name=ma1,instruments=TXFF");

    for (Run run : List.of(replay, strategies)) {
      assertThat(run.exitCode).as(run.err).isEqualTo(AftmCli.EXIT_BAD_INPUT);
      assertThat(run.err)
          .contains("AFTM_STRATEGIES", "instance 'ma1' (ma-crossover)", "'TXFF'", "listed: TXF");
      assertThat(run.out).isEmpty();
    }
  }

  /**
   * The sample day and conditions 5,000 points lower, far outside the default reference's limits
   * (19,800 to 24,200): the replay takes its reference from the data's first price and gives the
   * samples' signals at the lower prices.
   */
  @Test
  void dataFarFromTheDefaultReferencePriceReplaysWithConditionsNearItsPrices() throws IOException {
    List<String> lines = Files.readAllLines(SAMPLE_TICKS);
    StringBuilder lower = new StringBuilder(lines.get(0)).append('\n');
    for (String line : lines.subList(1, lines.size())) {
      String[] fields = line.split(",", -1);
      fields[2] = Long.toString(Long.parseLong(fields[2]) - 5000);
      lower.append(String.join(",", fields)).append('\n');
    }
    Path ticks = dir.resolve("ticks-17000.csv");
    Files.writeString(ticks, lower, StandardCharsets.UTF_8);
    Path conditions = dir.resolve("conditions-17000.json");
    Files.writeString(
        conditions,
        Files.readString(SAMPLE_CONDITIONS)
            .replace("22000", "17000")
            .replace("22080", "17080")
            .replace("21950", "16950"));

    Run samples =
        run(
            "replay",
            "--ticks",
            SAMPLE_TICKS.toString(),
            "--conditions",
            SAMPLE_CONDITIONS.toString(),
            "--json");
    Run low =
        run("replay", "--ticks", ticks.toString(), "--conditions", conditions.toString(), "--json");
    Run pinned =
        run(
            "replay",
            "--ticks",
            ticks.toString(),
            "--conditions",
            conditions.toString(),
            "-c",
            "AFTM_SIM_START_PRICE=22000");

    assertThat(low.exitCode).as(low.err).isZero();
    assertThat(low.events("signal")).hasSameSizeAs(samples.events("signal")).isNotEmpty();
    for (int i = 0; i < samples.events("signal").size(); i++) {
      JsonNode expected = samples.events("signal").get(i);
      JsonNode actual = low.events("signal").get(i);
      assertThat(actual.path("side")).isEqualTo(expected.path("side"));
      assertThat(actual.path("tick")).isEqualTo(expected.path("tick"));
    }
    assertThat(pinned.exitCode).isEqualTo(AftmCli.EXIT_BAD_INPUT);
    assertThat(pinned.err).contains("trigger_price", "19800");
  }

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode;
    try (PrintWriter outWriter = new PrintWriter(out);
        PrintWriter errWriter = new PrintWriter(err)) {
      exitCode = AftmCli.execute(outWriter, errWriter, args);
    }
    return new Run(exitCode, out.toString(), err.toString());
  }

  private record Run(int exitCode, String out, String err) {
    List<String> lines() {
      return out.lines().filter(line -> !line.isBlank()).toList();
    }

    List<JsonNode> events(String event) {
      List<JsonNode> found = new ArrayList<>();
      for (String line : lines()) {
        try {
          JsonNode node = JSON.readTree(line);
          if (node.path("event").asText().equals(event)) {
            found.add(node);
          }
        } catch (IOException e) {
          throw new AssertionError("not JSON: " + line, e);
        }
      }
      return found;
    }
  }
}
