package org.aftm.app.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.aftm.app.alert.WebhookReceiver;
import org.aftm.app.cli.AftmCli;
import org.aftm.app.config.ConfigKey;
import org.aftm.app.process.ChildRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alerts of the real system at a webhook receiver on loopback, with short thresholds: the
 * operator's {@code aftm halt} fires {@code trading_not_active} and {@code aftm resume} resolves
 * it; the order executor killed fires {@code executor_down} and its restart by the supervisor
 * resolves it. Each alert fires once and resolves once.
 */
@Timeout(240)
class AlertWebhookIT {

  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @TempDir Path dataDir;

  @Test
  void aHaltAndAKilledChildFireAndResolveAtTheWebhook() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver();
        RunningSystem system =
            new RunningSystem(
                dataDir,
                Map.of(
                    ConfigKey.AFTM_ALERT_EVAL_S, "1",
                    ConfigKey.AFTM_ALERT_DOWN_S, "1",
                    ConfigKey.AFTM_ALERT_HOLD_S, "2",
                    ConfigKey.AFTM_ALERT_WEBHOOK_URL, receiver.url().toString()))) {
      assertThat(cli("halt", "--reason", "alert test")).isZero();
      awaitNotice(receiver, "trading_not_active", "firing");
      assertThat(cli("resume", "--reason", "alert test over")).isZero();
      awaitNotice(receiver, "trading_not_active", "resolved");

      long executorPid = system.main.supervisor().status().get(ChildRole.ORDER_EXECUTOR).pid();
      ProcessHandle.of(executorPid).orElseThrow().destroyForcibly();
      awaitNotice(receiver, "executor_down", "firing");
      awaitNotice(receiver, "executor_down", "resolved");
      assertThat(system.main.supervisor().status().get(ChildRole.ORDER_EXECUTOR).pid())
          .isNotEqualTo(executorPid);

      // Two more hold periods: nothing else arrives, and every body is one notice.
      await()
          .during(Duration.ofSeconds(4))
          .atMost(Duration.ofSeconds(10))
          .until(() -> receiver.bodies.size() == 4);
      List<String> bodies = receiver.bodies;
      assertThat(bodies)
          .extracting(AlertWebhookIT::alertAndState)
          .containsExactly(
              "trading_not_active firing",
              "trading_not_active resolved",
              "executor_down firing",
              "executor_down resolved");
      assertThat(bodies)
          .allSatisfy(
              b ->
                  assertThat(b)
                      .matches(
                          "\\{\"alert\":\"[a-z_]+\",\"state\":\"(firing|resolved)\","
                              + "\"value\":[-0-9.]+,\"threshold\":[0-9.]+,"
                              + "\"time\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z\"\\}"));
      assertThat(bodies.get(0)).contains("\"value\":2,\"threshold\":0"); // HALTED
      assertThat(receiver.contentTypes).containsOnly("application/json");
    }
  }

  private static void awaitNotice(WebhookReceiver receiver, String alert, String state) {
    await(alert + " " + state)
        .atMost(DEADLINE)
        .until(
            () ->
                receiver.bodies.stream()
                    .map(AlertWebhookIT::alertAndState)
                    .anyMatch((alert + " " + state)::equals));
  }

  private static String alertAndState(String body) {
    String alert = body.replaceAll(".*\"alert\":\"([a-z_]+)\".*", "$1");
    String state = body.replaceAll(".*\"state\":\"([a-z]+)\".*", "$1");
    return alert + " " + state;
  }

  private int cli(String... arguments) {
    String[] args = new String[arguments.length + 2];
    System.arraycopy(arguments, 0, args, 0, arguments.length);
    args[arguments.length] = "--data-dir";
    args[arguments.length + 1] = dataDir.toString();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = AftmCli.execute(new PrintWriter(out), new PrintWriter(err), args);
    assertThat(exit).as("aftm %s: %s %s", String.join(" ", arguments), out, err).isZero();
    return exit;
  }
}
