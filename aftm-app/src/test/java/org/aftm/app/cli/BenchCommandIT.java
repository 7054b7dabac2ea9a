package org.aftm.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code aftm bench latency|throughput|cold --quick --json} through the CLI's entry point, against
 * the real three processes on free ports in a temporary data directory: each prints one JSON object
 * as its last line with the keys a script reads, writes its folder, and leaves no process or
 * database behind. What the figures are is not asserted, only that they are consistent.
 */
@ExtendWith(RestoresLogging.class)
class BenchCommandIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;

  @Test
  void latencyReportsBothChainsAndTheirRatio() throws IOException {
    JsonNode result = bench("latency", "--quick", "--json");

    for (String chain : List.of("aftm", "bare")) {
      assertThat(result.path(chain + "_count").asLong()).as(chain + "_count").isPositive();
      assertThat(result.path(chain + "_p50_us").isNumber()).as(chain + "_p50_us").isTrue();
      assertThat(result.path(chain + "_p50_us").decimalValue()).isPositive();
      assertThat(result.path(chain + "_p50_us").decimalValue())
          .isLessThanOrEqualTo(result.path(chain + "_p99_us").decimalValue());
      assertThat(result.path(chain + "_p99_us").decimalValue())
          .isLessThanOrEqualTo(result.path(chain + "_max_us").decimalValue());
    }
    assertThat(result.path("ratio_p50").decimalValue()).isPositive();
    assertThat(result.path("ratio_p99").decimalValue()).isPositive();
    assertThat(result.path("orders_sent").asLong() + result.path("orders_refused").asLong())
        .isPositive();
    assertThat(result.path("bare_orders").asLong()).isEqualTo(200);
    assertThat(result.path("rate_ticks_per_s").asInt()).isEqualTo(200);
    assertThat(result.path("machine").path("cpus").asInt()).isPositive();
    assertThat(result.path("machine").path("pinned").isBoolean()).isTrue();
    assertThat(result.path("configuration").path("AFTM_LINK_SECURITY").asText()).isEqualTo("curve");
    assertThat(result.path("configuration").has("AFTM_DB_SYNC")).isTrue();
    assertFolder(result, "aftm.hgrm", "bare.hgrm");
  }

  @Test
  void throughputAccountsForEveryTickAtTheSustainedRate() throws IOException {
    // A generous lag: on a loaded CI machine a descheduled strategy must not fail the smoke run.
    JsonNode result = bench("throughput", "--quick", "--json", "--max-lag-ms", "5000");

    assertThat(result.path("sustained_ticks_per_s").isIntegralNumber()).isTrue();
    assertThat(result.path("sustained_ticks_per_s").asLong()).isNotNegative();
    assertThat(result.path("lost_ticks").asLong()).isZero();
    assertThat(result.path("gaps").asLong()).isZero();
    assertThat(result.path("conditions").asInt()).isEqualTo(10);
    assertThat(result.path("signals").asLong()).isZero();
    JsonNode step = result.path("steps").path(0);
    assertThat(step.path("offered").asLong()).isPositive();
    assertThat(step.path("processed").asLong()).isEqualTo(step.path("offered").asLong());
    if (result.path("sustained_ticks_per_s").asLong() > 0) {
      assertThat(step.path("sustained").asBoolean()).isTrue();
    }
    assertFolder(result);
  }

  @Test
  void coldReportsStartToReadyTheFirstOrdersAndAWarmOne() throws IOException {
    JsonNode result = bench("cold", "--quick", "--json");

    assertThat(result.path("start_to_ready_ms").asLong()).isPositive();
    assertThat(result.path("first_order_us").decimalValue()).isPositive();
    assertThat(result.path("first_orders_us")).hasSize(10);
    assertThat(result.path("first_orders_us").get(0).decimalValue())
        .isEqualTo(result.path("first_order_us").decimalValue());
    assertThat(result.path("first_orders_missing").asLong()).isZero();
    assertThat(result.path("warm_p50_us").decimalValue()).isPositive();
    assertThat(result.path("warm_p50_us").decimalValue())
        .isLessThanOrEqualTo(result.path("warm_p99_us").decimalValue());
    assertFolder(result, "first-orders.hgrm", "warm.hgrm");
  }

  private JsonNode bench(String... args) throws IOException {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] command =
        Stream.concat(
                Stream.of("bench"),
                Stream.concat(Stream.of(args), Stream.of("--data-dir", dataDir.toString())))
            .toArray(String[]::new);

    int code = AftmCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), command);

    assertThat(code).as(out + "\n" + err).isZero();
    List<String> lines = out.toString().lines().toList();
    assertThat(lines).isNotEmpty();
    JsonNode result = JSON.readTree(lines.get(lines.size() - 1));
    assertThat(result.path("kind").asText()).isEqualTo(args[0]);
    return result;
  }

  private void assertFolder(JsonNode result, String... histograms) {
    Path folder = Path.of(result.path("folder").asText());
    assertThat(folder).startsWith(dataDir.resolve("bench"));
    assertThat(folder.resolve("report.md")).isNotEmptyFile();
    assertThat(folder.resolve("result.json")).isNotEmptyFile();
    for (String histogram : histograms) {
      assertThat(folder.resolve(histogram)).isNotEmptyFile();
    }
    Path system = folder.resolve("system");
    assertThat(system.resolve("logs").resolve("strategy.log")).isRegularFile();
    assertThat(system.resolve("aftm.db")).doesNotExist();
    assertThat(system.resolve("keys")).doesNotExist();
    assertThat(system.resolve("session.json")).doesNotExist();
    await("the bench's child processes gone")
        .atMost(Duration.ofSeconds(10))
        .until(() -> ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive));
  }
}
