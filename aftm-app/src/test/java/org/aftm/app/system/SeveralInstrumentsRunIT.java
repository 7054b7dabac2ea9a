package org.aftm.app.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.aftm.app.cli.AftmCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code aftm run} with {@code AFTM_ITEM_CODE=TXF,MXF}: both instruments registered and quoted, and
 * a condition on each, added from another process, trades.
 */
@Timeout(180)
class SeveralInstrumentsRunIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;

  @Test
  void bothInstrumentsOfTheListTrade() throws Exception {
    Map<String, String> config = ConsoleProcess.freePorts();
    config.put("AFTM_ITEM_CODE", "TXF,MXF");
    try (AftmRunProcess run = AftmRunProcess.start(dataDir, config).awaitTrading()) {
      assertThat(run.output).anyMatch(l -> l.startsWith("Trading TXF, MXF for order account"));
      assertThat(Files.readString(dataDir.resolve("session.json")))
          .contains("\"item_codes\"", "\"MXF\"", "\"children_started\" : true");

      for (String item : new String[] {"TXF", "MXF"}) {
        String[] add = {
          "condition",
          "add",
          "--item",
          item,
          "--action",
          "buy",
          "--trigger",
          "22100",
          "--turning",
          "1",
          "--take-profit",
          "5",
          "--stop-loss",
          "5",
          "--following",
          "--json"
        };
        assertThat(cli(add)).contains("\"active_in_strategy\":true");
      }

      await("a condition on each instrument traded")
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> exited("TXF") && exited("MXF"));

      // SIGTERM: a clean stop removes the session record (stopping the children records nothing).
      run.process.destroy();
      assertThat(run.process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(run.process.exitValue()).as("%s", run.output).isZero();
      assertThat(dataDir.resolve("session.json")).doesNotExist();
    }
  }

  private boolean exited(String item) throws IOException {
    for (String line : cli("condition", "list", "--all", "--json").lines().toList()) {
      JsonNode node = JSON.readTree(line);
      if (node.path("item_code").asText().equals(item)
          && node.path("exit_filled").asInt() == 1
          && node.path("state").asText().equals("exited")) {
        return true;
      }
    }
    return false;
  }

  private String cli(String... arguments) {
    String[] args = new String[arguments.length + 2];
    System.arraycopy(arguments, 0, args, 0, arguments.length);
    args[arguments.length] = "--data-dir";
    args[arguments.length + 1] = dataDir.toString();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    try (PrintWriter o = new PrintWriter(out);
        PrintWriter e = new PrintWriter(err)) {
      int code = AftmCli.execute(o, e, args);
      assertThat(code).as("%s: %s", String.join(" ", arguments), err).isZero();
    }
    return out.toString();
  }
}
