package org.aftm.app.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.aftm.adapter.out.persistence.AuditJournal;
import org.aftm.adapter.out.persistence.SqliteDatabase;
import org.aftm.adapter.zmq.link.LinkSecurity;
import org.aftm.adapter.zmq.out.ZmqOrderGatewayClient;
import org.aftm.app.config.ConfigKey;
import org.aftm.domain.order.OrderResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZContext;

/**
 * A process killed with {@code kill -9} after journaling two orders and before writing their rows
 * (a real child JVM, {@link JournalingChild}); then the real main process starts on the same data
 * directory: it replays the journal before the gateway opens, its reconciliation finds the request
 * without an answer, and a repeat of either client order id is answered from the audit trail and
 * never reaches the broker.
 */
@Timeout(180)
class AuditJournalCrashIT {

  @TempDir Path dataDir;
  private Process child;
  private RunningSystem system;

  @AfterEach
  void stop() throws InterruptedException {
    if (system != null) {
      system.close();
    }
    if (child != null && child.isAlive()) {
      child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void journaledRecordsSurviveKillMinus9AndAreReplayedSoNoRepeatIsPlacedTwice() throws Exception {
    killAfterJournaling();
    assertThat(rows()).as("rows written before the kill").isEmpty();
    Path journal = dataDir.resolve(AuditJournal.FILE_NAME);
    long journaled = Files.size(journal);
    assertThat(journaled).as("journal holds the records").isGreaterThan(8);

    system = new RunningSystem(dataDir, Map.of(ConfigKey.AFTM_LINK_SECURITY, "none"));

    // Replayed before the gateway opened, and the journal emptied: it holds at most what this run
    // recorded since (reconciliation's answer, one record).
    assertThat(rows()).contains(JournalingChild.UNANSWERED, JournalingChild.ANSWERED);
    assertThat(Files.size(journal)).isLessThan(journaled);
    // Reconciliation at start found the request without an answer and asked the broker.
    await("the unanswered request resolved by reconciliation")
        .atMost(Duration.ofSeconds(30))
        .until(() -> errorCode(JournalingChild.UNANSWERED), "NOT_RECEIVED"::equals);

    try (ZContext context = new ZContext();
        ZmqOrderGatewayClient gateway =
            new ZmqOrderGatewayClient(
                    context, system.main.gatewayEndpoint(), Duration.ofSeconds(5), 0)
                .securedBy(LinkSecurity.NONE)) {
      OrderResult answered = gateway.sendOrder(JournalingChild.order(JournalingChild.ANSWERED), 0);
      assertThat(answered.sent()).as(answered.toString()).isTrue();
      assertThat(answered.orderSerial()).isEqualTo(JournalingChild.ANSWERED_SERIAL);
      OrderResult unanswered =
          gateway.sendOrder(JournalingChild.order(JournalingChild.UNANSWERED), 0);
      assertThat(unanswered.sent()).as(unanswered.toString()).isFalse();
      assertThat(unanswered.errorCode()).isEqualTo("NOT_RECEIVED");
    }
    assertThat(BrokerJournalRecords.read(dataDir).placementsById())
        .doesNotContainKeys(JournalingChild.ANSWERED, JournalingChild.UNANSWERED);
  }

  private void killAfterJournaling() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    child =
        new ProcessBuilder(
                java,
                "-Xmx64m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                JournalingChild.class.getName(),
                dataDir.toString())
            .redirectErrorStream(true)
            .start();
    List<String> output = new ArrayList<>();
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null && !line.equals(JournalingChild.READY)) {
        output.add(line);
      }
      assertThat(line).as("child output: %s", output).isEqualTo(JournalingChild.READY);
      child.destroyForcibly(); // SIGKILL: no shutdown hook, no close
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  /** The client order ids of the orders rows, as another process reads them. */
  private List<String> rows() throws SQLException {
    return query("SELECT client_order_id FROM orders ORDER BY audit_id", null);
  }

  /** The recorded answer's error code, or empty while there is no answer. */
  private String errorCode(String clientOrderId) throws SQLException {
    List<String> codes =
        query(
            "SELECT coalesce(error_code, '') FROM orders WHERE client_order_id = ?"
                + " AND answered_at_ms IS NOT NULL",
            clientOrderId);
    return codes.isEmpty() ? "" : codes.get(0);
  }

  private List<String> query(String sql, String parameter) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection connection =
            DriverManager.getConnection(
                "jdbc:sqlite:" + dataDir.resolve(SqliteDatabase.FILE_NAME));
        PreparedStatement select = connection.prepareStatement(sql)) {
      if (parameter != null) {
        select.setString(1, parameter);
      }
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          values.add(rows.getString(1));
        }
      }
    }
    return values;
  }
}
