package org.aftm.app.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.aftm.adapter.out.persistence.SqliteDatabase;
import org.aftm.adapter.out.persistence.SqlitePersistenceAdapter;
import org.aftm.app.cli.AftmCli;
import org.aftm.domain.condition.ConditionSnapshot;
import org.aftm.domain.condition.ConditionState;
import org.aftm.domain.order.Fill;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #12 end to end, every part a real process on loopback: {@code aftm fix-venue} in front of
 * the simulated market, and {@code aftm run} with its two children in {@code EXCHANGE_MODE=fix}
 * trading through it. Market data comes from the venue (MarketDataRequest, then W and X), a
 * condition enters and exits, its orders go out as NewOrderSingle and are filled; AFTM's fills and
 * positions are the venue's. Then a {@code kill -9} of the main process mid-order: the restart
 * resumes the FIX session's numbering, resolves the order left open with an OrderStatusRequest, and
 * applies no fill twice. The password is in no file and no output of either side.
 */
@Timeout(300)
class FixEndToEndIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String SOH = "\u0001";

  /** Tag 554 with anything but the mask: a password written out. */
  private static final Pattern UNMASKED_PASSWORD =
      Pattern.compile("(^|[\\x01| ])554=(?!\\*\\*\\*)", Pattern.MULTILINE);

  @TempDir Path baseDir;

  private Path dataDir;
  private Path venueDir;
  private Process venue;
  private final List<String> venueOutput = new CopyOnWriteArrayList<>();
  private final List<AftmRunProcess> runs = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (AftmRunProcess run : runs) {
      run.close();
    }
    if (venue != null && venue.isAlive()) {
      venue.destroyForcibly();
      venue.waitFor(30, TimeUnit.SECONDS);
    }
    KeptDataDir.copyIfAsked(dataDir);
    KeptDataDir.copyIfAsked(venueDir);
  }

  @Test
  void aConditionTradesThroughTheVenueAndAftmAgreesWithIt() throws Exception {
    int port = startVenue();
    AftmRunProcess run = startRun(port);
    assertThat(run.children()).hasSize(2);

    long id = addCondition("buy", 1, 3);
    await("condition " + id + " entered and exited over FIX")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> stateOf(id) == ConditionState.EXITED);

    // Stopped as an operator stops it, so its logs and database are complete.
    List<ProcessHandle> children = run.children();
    run.process.destroy();
    assertThat(run.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(run.process.exitValue()).as("aftm run: %s", run.output).isZero();
    await("children stopped")
        .atMost(Duration.ofSeconds(30))
        .until(() -> children.stream().allMatch(AftmRunProcess::exited));

    // The ticks came from the venue: the strategy's trigger and turn ran on them.
    String venueLog = venueLog();
    assertThat(incoming(venueLog, "V")).as("MarketDataRequest").isNotEmpty();
    assertThat(venueLog).contains(SOH + "35=W" + SOH).contains(SOH + "35=X" + SOH);
    // Both orders went out over FIX and the venue's broker filled them.
    String entry = "aftm-" + id + "-entry";
    String exit = "aftm-" + id + "-exit";
    assertThat(incoming(venueLog, "D"))
        .anyMatch(m -> m.contains(SOH + "11=" + entry + SOH))
        .anyMatch(m -> m.contains(SOH + "11=" + exit + SOH));
    BrokerJournalRecords venueBroker = venueJournal();
    assertThat(venueBroker.filledById()).containsEntry(entry, 1).containsEntry(exit, 1);
    // AFTM's fills and positions are the venue's, lot for lot.
    assertThat(aftmFilledById()).isEqualTo(venueBroker.filledById());
    assertThat(withoutFlat(aftmPositions())).isEqualTo(withoutFlat(venueBroker.netByItem()));

    stopVenue();
    assertNoPasswordAnywhere(run);
  }

  @Test
  void afterKillMinus9TheSessionResumesItsNumberingAndResolvesTheOpenOrder() throws Exception {
    // Fills a second and a half after the accept, so an order is open at the kill.
    int port = startVenue("-c", "AFTM_SIM_FILL_DELAY_MS=1500");
    AftmRunProcess first = startRun(port);
    List<ProcessHandle> firstChildren = first.children();
    assertThat(firstChildren).hasSize(2);

    long held = addCondition("buy", 2, 500);
    await("condition " + held + " entered")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> entryFilled(held) == 2);
    long open = addCondition("buy", 1, 500);
    await("condition " + open + "'s entry sent, not filled")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> stateOf(open) == ConditionState.ORDERED);
    String openEntry = "aftm-" + open + "-entry";
    await("the entry at the venue")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> incoming(venueLog(), "D").stream().anyMatch(m -> m.contains(openEntry)));

    first.process.destroyForcibly(); // SIGKILL: no shutdown hook, no logout
    assertThat(first.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    // Nobody kills the children: they see their parent gone and exit by themselves.
    await("children of the killed main process exit by themselves")
        .atMost(Duration.ofSeconds(30))
        .until(() -> firstChildren.stream().allMatch(AftmRunProcess::exited));
    int[] atKill = storedSeqNums();
    assertThat(atKill[0]).as("next sender MsgSeqNum at the kill").isGreaterThan(5);
    int logonsBefore = incoming(venueLog(), "A").size();
    assertThat(aftmFilledById()).doesNotContainKey(openEntry);

    AftmRunProcess second = startRun(port);
    assertThat(second.children()).hasSize(2);
    await("the open entry filled and known to AFTM")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> entryFilled(open) == 1);

    String venueLog = venueLog();
    List<String> logons = incoming(venueLog, "A");
    assertThat(logons).hasSize(logonsBefore + 1);
    String resumed = logons.get(logons.size() - 1);
    // The session went on where the killed one stopped: no reset of either side's numbering.
    assertThat(field(resumed, 34)).isEqualTo(Integer.toString(atKill[0]));
    assertThat(venueLog).doesNotContain(SOH + "141=Y" + SOH);
    for (String reset : incoming(venueLog, "4")) {
      assertThat(reset).as("a SequenceReset from AFTM is a gap fill").contains(SOH + "123=Y" + SOH);
    }
    // The order open at the crash was asked about by ClOrdID after the new logon.
    int resumedAt = venueLog.lastIndexOf(resumed);
    assertThat(incoming(venueLog.substring(resumedAt), "H"))
        .anyMatch(m -> m.contains(SOH + "11=" + openEntry + SOH));

    // The resends after the restart read back what the stores kept, the masked Logons included.
    assertThat(Files.readString(dataDir.resolve("logs/aftm.log")))
        .doesNotContain("Error handling ResendRequest");
    assertThat(venueLog).doesNotContain("Error handling ResendRequest");

    // No fill applied twice: each ExecID once in AFTM's database, and its lots are the venue's.
    List<Fill> fills = aftmFills();
    assertThat(fills.stream().map(Fill::executionId).distinct().count()).isEqualTo(fills.size());
    BrokerJournalRecords venueBroker = venueJournal();
    Map<String, Integer> aftmFilled = aftmFilledById();
    Map<String, Integer> venueFilled = venueBroker.filledById();
    assertThat(venueFilled).containsEntry(openEntry, 1);
    // The fill made while AFTM was down reaches it either as the resent report (a fill row) or
    // through the start's reconciliation (the order's state and the adopted positions, no row):
    // never both.
    assertThat(aftmFilled.getOrDefault(openEntry, 0)).isLessThanOrEqualTo(1);
    aftmFilled.remove(openEntry);
    venueFilled.remove(openEntry);
    assertThat(aftmFilled).isEqualTo(venueFilled);
    assertThat(venueBroker.placementsById()).allSatisfy((id, n) -> assertThat(n).as(id).isOne());
    assertThat(withoutFlat(cliPositions())).isEqualTo(withoutFlat(venueBroker.netByItem()));
    assertThat(venueBroker.netByItem().values().stream().mapToInt(Integer::intValue).sum())
        .isEqualTo(3);

    second.process.destroy();
    assertThat(second.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    stopVenue();
    assertNoPasswordAnywhere(second);
  }

  // ---- the venue

  private int startVenue(String... extra) throws IOException {
    dataDir = baseDir.resolve("aftm");
    venueDir = baseDir.resolve("venue");
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                "org.aftm.app.cli.AftmCli",
                "fix-venue",
                "--json",
                "--port",
                "0",
                "--data-dir",
                venueDir.toString(),
                "-c",
                "AFTM_SIM_TICK_RATE=50"));
    command.addAll(List.of(extra));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder
        .environment()
        .keySet()
        .removeIf(
            key ->
                key.startsWith("AFTM_")
                    || key.startsWith("ZMQ_")
                    || key.startsWith("DLL_")
                    || key.equals("EXCHANGE_MODE"));
    venue = builder.start();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(venue.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  venueOutput.add(line);
                }
              } catch (IOException e) {
                venueOutput.add("output reader failed: " + e);
              }
            },
            "fix-venue-output");
    reader.setDaemon(true);
    reader.start();
    String listening =
        await("the venue listening")
            .atMost(WAIT)
            .until(
                () ->
                    venueOutput.stream()
                        .filter(l -> l.startsWith("{\"event\":\"listening\""))
                        .findFirst()
                        .orElse(null),
                line -> line != null || !venue.isAlive());
    assertThat(listening).as("venue output %s", venueOutput).isNotNull();
    return JSON.readTree(listening).get("port").asInt();
  }

  private void stopVenue() throws InterruptedException {
    venue.toHandle().destroy(); // SIGTERM
    assertThat(venue.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(venue.exitValue()).as("venue output %s", venueOutput).isZero();
  }

  private String venueLog() throws IOException {
    return Files.readString(venueDir.resolve("logs/fix-venue.log"), StandardCharsets.ISO_8859_1);
  }

  private BrokerJournalRecords venueJournal() {
    return BrokerJournalRecords.read(venueDir.resolve("fix-venue/broker"));
  }

  /** The FIX messages the venue's log shows coming from AFTM, of one MsgType, in order. */
  private static List<String> incoming(String log, String type) {
    List<String> messages = new ArrayList<>();
    Matcher matcher = Pattern.compile("8=FIX[^\\n]*?" + SOH + "10=\\d{3}" + SOH).matcher(log);
    while (matcher.find()) {
      String message = SOH + matcher.group();
      if (message.contains(SOH + "35=" + type + SOH) && message.contains(SOH + "49=AFTM" + SOH)) {
        messages.add(matcher.group());
      }
    }
    return messages;
  }

  private static String field(String message, int tag) {
    for (String field : message.split(SOH)) {
      if (field.startsWith(tag + "=")) {
        return field.substring(field.indexOf('=') + 1);
      }
    }
    return null;
  }

  // ---- AFTM

  private AftmRunProcess startRun(int port) throws IOException {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("ZMQ_TICK_PORT", "0");
    config.put("ZMQ_SIGNAL_PORT", "0");
    config.put("DLL_GATEWAY_PORT", "0");
    config.put("AFTM_ORDER_EVENT_PORT", "0");
    config.put("AFTM_HTTP_PORT", "0");
    config.put("EXCHANGE_MODE", "fix");
    config.put("AFTM_FIX_PORT", Integer.toString(port));
    config.put("AFTM_SESSION_CALENDAR", "always");
    AftmRunProcess run = AftmRunProcess.start(dataDir, config);
    runs.add(run);
    return run.awaitTrading();
  }

  /**
   * The FIX store's next sender and target MsgSeqNum, as QuickFIX/J's FileStore keeps them: one
   * number per file ({@code .senderseqnums}, {@code .targetseqnums}), written with {@code
   * writeUTF}.
   */
  private int[] storedSeqNums() throws IOException {
    return new int[] {storedSeqNum(".senderseqnums"), storedSeqNum(".targetseqnums")};
  }

  private int storedSeqNum(String suffix) throws IOException {
    try (Stream<Path> files = Files.list(dataDir.resolve("fix/store"))) {
      Path file = files.filter(f -> f.getFileName().toString().endsWith(suffix)).findFirst().get();
      String digits =
          new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).replaceAll("\\D", "");
      return Integer.parseInt(digits);
    }
  }

  private long addCondition(String action, int quantity, int exitPoints) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        AftmCli.execute(
            new PrintWriter(out),
            new PrintWriter(err),
            "condition",
            "add",
            "--data-dir",
            dataDir.toString(),
            "--action",
            action,
            "--trigger",
            action.equals("buy") ? "24200" : "19800",
            "--turning",
            "2",
            "--quantity",
            Integer.toString(quantity),
            "--take-profit",
            Integer.toString(exitPoints),
            "--stop-loss",
            Integer.toString(exitPoints),
            "--following",
            "--json");
    assertThat(code).as("condition add: %s %s", out, err).isZero();
    assertThat(out.toString()).contains("\"active_in_strategy\":true");
    try {
      return JSON.readTree(out.toString().lines().filter(l -> l.startsWith("{")).findFirst().get())
          .path("id")
          .asLong();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private ConditionSnapshot condition(long id) {
    try (SqliteDatabase database = SqliteDatabase.open(dataDir, false)) {
      return new SqlitePersistenceAdapter(database)
          .loadAllConditions().stream().filter(c -> c.id() == id).findFirst().orElseThrow();
    }
  }

  private ConditionState stateOf(long id) {
    return condition(id).state();
  }

  private int entryFilled(long id) {
    return condition(id).entryFilled();
  }

  private List<Fill> aftmFills() {
    try (SqliteDatabase database = SqliteDatabase.open(dataDir, false)) {
      return new SqlitePersistenceAdapter(database).loadFills("demo");
    }
  }

  private Map<String, Integer> aftmFilledById() {
    Map<String, Integer> filled = new HashMap<>();
    aftmFills().forEach(f -> filled.merge(f.clientOrderId(), f.quantity(), Integer::sum));
    return filled;
  }

  /** The positions AFTM stored at its orderly stop. */
  private Map<String, Integer> aftmPositions() {
    try (SqliteDatabase database = SqliteDatabase.open(dataDir, false)) {
      Map<String, Integer> net = new TreeMap<>();
      new SqlitePersistenceAdapter(database)
          .loadPositions("demo")
          .forEach(p -> net.merge(p.itemCode(), p.quantity(), Integer::sum));
      return net;
    }
  }

  /** The running main process's portfolio, as {@code aftm positions --json} shows it. */
  private Map<String, Integer> cliPositions() throws IOException {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        AftmCli.execute(
            new PrintWriter(out),
            new PrintWriter(err),
            "positions",
            "--json",
            "--data-dir",
            dataDir.toString());
    assertThat(code).as("positions: %s", err).isZero();
    Map<String, Integer> net = new TreeMap<>();
    for (String line : out.toString().split("\n")) {
      if (!line.isBlank()) {
        JsonNode p = JSON.readTree(line);
        net.put(p.path("item_code").asText(), p.path("quantity").asInt());
      }
    }
    return net;
  }

  private static Map<String, Integer> withoutFlat(Map<String, Integer> positions) {
    Map<String, Integer> open = new TreeMap<>(positions);
    open.values().removeIf(q -> q == 0);
    return open;
  }

  /** No file of either data directory, and no output of either process, holds tag 554 unmasked. */
  private void assertNoPasswordAnywhere(AftmRunProcess run) throws IOException {
    int files = 0;
    for (Path dir : List.of(dataDir, venueDir)) {
      try (Stream<Path> all = Files.walk(dir)) {
        for (Path file : all.filter(Files::isRegularFile).toList()) {
          String text = Files.readString(file, StandardCharsets.ISO_8859_1);
          assertThat(UNMASKED_PASSWORD.matcher(text).find()).as("554 in %s", file).isFalse();
          files++;
        }
      }
    }
    assertThat(files).isGreaterThan(5);
    for (List<String> output : List.of(venueOutput, run.output)) {
      assertThat(output).noneMatch(l -> UNMASKED_PASSWORD.matcher(l).find());
    }
    // Something masked was written: the check above looked at the logons.
    assertThat(venueLog()).contains("554=***");
  }
}
