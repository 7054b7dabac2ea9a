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
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.aftm.app.cli.AftmCli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The operator's console as an operator uses it: a real {@code aftm console} process (with its two
 * real child JVMs, real sockets on free ports, real SQLite and the simulated broker) driven through
 * its standard input, once through a pseudo-terminal; the scripted commands run against it from
 * this, another, process.
 */
@Timeout(420)
class ConsoleIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration START = Duration.ofSeconds(120);

  @TempDir Path dataDir;
  private final List<ConsoleProcess> consoles = new ArrayList<>();

  @AfterEach
  void killLeftovers() throws InterruptedException {
    for (ConsoleProcess console : consoles) {
      console.close();
    }
  }

  private ConsoleProcess console(Map<String, String> config) throws IOException {
    ConsoleProcess console = ConsoleProcess.start(dataDir, config);
    consoles.add(console);
    return console;
  }

  private ConsoleProcess loggedIn() throws IOException {
    ConsoleProcess console = console(ConsoleProcess.freePorts());
    console.awaitOutputOnce("aftm> ");
    console.type("1", "demo", "demo", "test").awaitOutputOnce("Logged in as demo");
    return console;
  }

  /** A buy that triggers at once (the price starts near 22000), trails and enters on a turn. */
  private static String[] quickBuy(String item) {
    return new String[] {"4", item, "buy", "22100", "1", "1", "5", "5", "y"};
  }

  @Test
  void theWholeWorkflowFromLoginToExit() throws Exception {
    ConsoleProcess console = console(ConsoleProcess.freePorts());
    console.awaitOutputOnce("aftm> ");
    // Logged out, only login and exit are offered.
    assertThat(console.output()).contains("1  Login", "0  Exit").doesNotContain("Register item");

    console.type("1", "demo", "demo", "test").awaitOutputOnce("Logged in as demo (test");
    assertThat(console.output()).contains("Order accounts: SIM-0001", "3  Register item");

    console.type("7").awaitOutputOnce("TXFL6");
    assertThat(console.output()).contains("MXFL6", "POINT VALUE");

    console.type("3", "TXF").awaitOutputOnce("Registered TXF; quotes subscribed");
    console.type("5", "1").awaitOutputOnce("Order account SIM-0001 selected");
    assertThat(console.output()).contains("6  Send market order", "16  Status");

    console.type(quickBuy("TXF")).awaitOutputOnce("Created condition 1:");
    console.type("10").awaitOutputOnce("Trading TXF for order account SIM-0001.");
    String started = console.output();
    assertThat(started)
        .contains(
            "[x] logged in",
            "[x] item registered",
            "[x] order account selected",
            "[x] an active condition",
            "executor ready (pid ",
            "strategy ready (pid ");
    // Ready is reported once each child reported it, executor before strategy.
    assertThat(started.indexOf("executor ready")).isLessThan(started.indexOf("Trading TXF"));

    // A trade on the simulated broker, seen from another process through the scripted command.
    await("condition 1 entered and exited")
        .atMost(START)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> condition(1).path("exit_filled").asInt() == 1);
    JsonNode traded = condition(1);
    assertThat(traded.path("state").asText()).isEqualTo("exited");
    assertThat(traded.path("entry_filled").asInt()).isEqualTo(1);

    // The fills are written behind the order path: the blotter is asked once they are stored.
    await().atMost(Duration.ofSeconds(30)).until(() -> storedFills() >= 2);
    console.type("15").awaitOutputOnce(" closing; realized ");
    // The blotter names the condition and the leg (not the order id, which a log line may carry).
    assertThat(console.output())
        .containsPattern("\\s1\\s+entry\\s+TXF\\s+buy")
        .containsPattern("\\s1\\s+exit\\s+TXF\\s+sell");

    // A manual order through the same order path; scripts see its position.
    console.type("6", "buy", "TXF", "2", "y").awaitOutputOnce("Sent console-");
    java.util.regex.Matcher sent =
        java.util.regex.Pattern.compile("Sent (console-\\S+) ").matcher(console.output());
    assertThat(sent.find()).isTrue();
    // Audited like every order, with the console as its sender.
    await("the manual order's audit row")
        .atMost(Duration.ofSeconds(10))
        .until(() -> auditedSender(sent.group(1)), "operator-console"::equals);
    await("the manual order's position")
        .atMost(Duration.ofSeconds(30))
        .until(() -> position("TXF").path("quantity").asInt() == 2);
    console.type("8").awaitOutputOnce("P&L realized");

    // Exit with an open position asks first and names it; "n" keeps the console.
    console.type("0", "n").awaitOutputOnce("Open positions: TXF +2");

    console.type("14", "all", "y").awaitOutputOnce("Flatten orders sent.");
    await("flat after the flatten")
        .atMost(Duration.ofSeconds(30))
        .until(() -> position("TXF").path("quantity").asInt() == 0);

    console.type("16").awaitOutputOnce("Ready: yes");
    assertThat(console.output())
        .containsPattern("strategy +ready")
        .containsPattern("executor +ready");

    console.type("17").awaitOutputOnce("Trading stopped");
    assertThat(console.children()).as("children after stop trading").isEmpty();
    // Still serving: the scripted commands keep working.
    assertThat(cli("positions", "--json").exitCode).isZero();

    console.type("0");
    assertThat(console.awaitExit(Duration.ofSeconds(60))).isZero();
    assertThat(console.output()).contains("Stopped.").doesNotContain("Exception", "\tat ");
    assertThat(Files.exists(dataDir.resolve("session.json"))).isFalse();
  }

  @Test
  void startAllIsRefusedNamingWhatIsMissingAndAStartedSystemIsNotStartedTwice() throws Exception {
    ConsoleProcess console = loggedIn();

    console.type("10").awaitOutputOnce("Not started: missing");
    assertThat(console.output())
        .contains(
            "[x] logged in",
            "[ ] item registered",
            "Not started: missing item registered, order account selected, an active condition.");

    console.type("3", "TXF", "5", "SIM-0001").awaitOutputOnce("Order account SIM-0001 selected");
    // Serving without a strategy: a condition added from another terminal is stored and said to
    // apply when the strategy starts.
    Cli added =
        cli(
            "condition",
            "add",
            "--item",
            "TXF",
            "--action",
            "buy",
            "--trigger",
            "21000",
            "--turning",
            "5",
            "--json");
    assertThat(added.exitCode).as(added.err).isZero();
    assertThat(JSON.readTree(added.out.strip()).path("strategy").asText())
        .isEqualTo("strategy_not_started");

    console.type("10").awaitOutputOnce("Trading TXF for order account SIM-0001.");
    assertThat(console.output()).contains("1 on registered items");

    console.type("10").awaitOutputOnce("is not possible now: trading runs already");
    assertThat(console.process.isAlive()).isTrue();

    // Stopped and started again.
    console.type("17").awaitOutputOnce("Trading stopped");
    console.type("10").awaitOutput("Trading TXF for order account SIM-0001.", 2, START);
    // The second start waits for the new processes, not the stopped ones' last ready reports.
    java.util.regex.Matcher ready =
        java.util.regex.Pattern.compile("strategy ready \\(pid (\\d+)\\)")
            .matcher(console.output());
    List<Long> strategyPids = new ArrayList<>();
    while (ready.find()) {
      strategyPids.add(Long.parseLong(ready.group(1)));
    }
    assertThat(strategyPids).hasSize(2).doesNotHaveDuplicates();
    assertThat(ProcessHandle.of(strategyPids.get(1)).map(ProcessHandle::isAlive))
        .as("the new strategy")
        .contains(true);
    console.type("16").awaitOutputOnce("Tick to order since the start");
    String status = console.output().substring(console.output().lastIndexOf("Ready:"));
    assertThat(status).containsPattern("strategy +ready").containsPattern("executor +ready");
    // And the new strategy gets the ticks: a condition trades after the restart.
    console.type(quickBuy("TXF")).awaitOutputOnce("Created condition 2:");
    await("condition 2 entered and exited after the restart")
        .atMost(START)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> condition(2).path("exit_filled").asInt() == 1);

    console.endInput();
    assertThat(console.awaitExit(Duration.ofSeconds(60))).isZero();
    assertThat(console.output()).contains("End of input.", "Stopping trading", "Stopped.");
    assertThat(console.output()).doesNotContain("Exception", "\tat ");
  }

  @Test
  void twoInstrumentsTradeAtOnceEachWithItsConditions() throws Exception {
    ConsoleProcess console = loggedIn();
    console.type("3", "TXF").awaitOutputOnce("Registered: TXF.");
    console.type("3", "MXF").awaitOutputOnce("Registered: TXF, MXF.");
    console.type("5", "1").awaitOutputOnce("Order account SIM-0001 selected");
    console.type(quickBuy("TXF")).awaitOutputOnce("Created condition 1:");
    console.type(quickBuy("MXF")).awaitOutputOnce("Created condition 2:");
    console.type("10").awaitOutputOnce("Trading TXF, MXF for order account SIM-0001.");

    await("both conditions traded")
        .atMost(START)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                condition(1).path("exit_filled").asInt() == 1
                    && condition(2).path("exit_filled").asInt() == 1);
    assertThat(condition(1).path("item_code").asText()).isEqualTo("TXF");
    assertThat(condition(2).path("item_code").asText()).isEqualTo("MXF");
    await().atMost(Duration.ofSeconds(30)).until(() -> storedFills() >= 4);
    console.type("15").awaitOutputOnce(" closing; realized ");
    assertThat(console.output())
        .containsPattern("\\s1\\s+entry\\s+TXF\\s+buy")
        .containsPattern("\\s2\\s+entry\\s+MXF\\s+buy");
    assertThat(Files.readString(dataDir.resolve("session.json")))
        .contains("\"item_codes\"", "\"TXF\"", "\"MXF\"");

    console.type("0");
    assertThat(console.awaitExit(Duration.ofSeconds(60))).isZero();
  }

  static Stream<Arguments> prompts() {
    String[] login = {"1", "demo", "demo", "test"};
    String[] serving = concat(login, "3", "TXF", "5", "1");
    return Stream.of(
        Arguments.of("the menu", new String[] {}, "aftm> "),
        Arguments.of("the account", new String[] {"1"}, "Account [demo]: "),
        Arguments.of("the password", new String[] {"1", "demo"}, "Password: "),
        Arguments.of("the environment", new String[] {"1", "demo", "demo"}, "Environment"),
        Arguments.of("the instrument", concat(login, "3"), "Instrument (code"),
        Arguments.of("a condition's trigger", concat(login, "4", "TXF", "buy"), "Trigger price"),
        Arguments.of(
            "a condition's trailing",
            concat(login, "4", "TXF", "buy", "22000", "10", "1", "90", "30"),
            "Follow"),
        Arguments.of("the order account", concat(login, "5"), "Order account (number"),
        Arguments.of(
            "a market order's confirmation",
            concat(serving, "6", "buy", "TXF", "1"),
            "at market for order account"),
        Arguments.of("the condition to delete", concat(login, "12"), "Condition id"),
        Arguments.of("halt's reason", concat(serving, "13", "halt"), "Reason"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("prompts")
  void endOfInputAtAPromptExitsCleanly(String prompt, String[] typed, String awaited)
      throws Exception {
    ConsoleProcess console = console(ConsoleProcess.freePorts());
    console.type(typed).awaitOutputOnce(awaited);
    console.endInput();

    assertThat(console.awaitExit(Duration.ofSeconds(60))).as(console.output()).isZero();
    assertThat(console.output())
        .contains("End of input.", "Stopped.")
        .doesNotContain("Exception", "\tat ");
    assertThat(console.seenChildren().stream().allMatch(AftmRunProcess::exited)).isTrue();
  }

  @Test
  void aftmWithoutArgumentsOpensTheConsole() throws Exception {
    ConsoleProcess console =
        ConsoleProcess.startWithoutArguments(dataDir, ConsoleProcess.freePorts());
    consoles.add(console);
    console.awaitOutputOnce("aftm> ");
    assertThat(console.output())
        .contains("AFTM operator console. Data directory " + dataDir, "1  Login", "0  Exit");
    console.type("0");
    assertThat(console.awaitExit(Duration.ofSeconds(60))).isZero();
    assertThat(console.output()).contains("Stopped.");
  }

  @Test
  void badAnswersGetAMessageNotAStackTrace() throws Exception {
    ConsoleProcess console = console(ConsoleProcess.freePorts());
    console.awaitOutputOnce("aftm> ");
    console.type("3").awaitOutputOnce("3 Register item is not possible now: log in (1) first");
    console.type("99").awaitOutputOnce("No menu entry '99'");
    console.type("1", "demo", "wrong", "test").awaitOutputOnce("Refused: login refused");
    console.type("1", "demo", "demo", "staging").awaitOutputOnce("answer test or production");
    console.type("1", "demo", "demo", "").awaitOutputOnce("Logged in as demo");
    console.type("3", "NOPE").awaitOutputOnce("Refused: item NOPE is not listed");
    console.type("4", "TXF", "hold").awaitOutputOnce("Refused:");
    console.type("4", "TXF", "buy", "abc").awaitOutputOnce("trigger price 'abc'");
    console.type("5", "7").awaitOutputOnce("no order account number 7");
    console.type("12", "x").awaitOutputOnce("condition id 'x': not a whole number");
    console.type("12", "42").awaitOutputOnce("no condition with id 42");
    console.type("0");
    assertThat(console.awaitExit(Duration.ofSeconds(60))).isZero();
    assertThat(console.output()).doesNotContain("Exception", "\tat ");
  }

  @Test
  void onATerminalThePasswordIsHiddenAndLinesCanBeEdited() throws Exception {
    String password = "pty-secret-8146";
    Map<String, String> config = ConsoleProcess.freePorts();
    config.put("AFTM_SIM_DEMO_PASSWORD", password);
    ConsoleProcess console = ConsoleProcess.startOnTerminal(dataDir, config);
    consoles.add(console);
    console.awaitOutputOnce("aftm> ");
    // Each answer only once its prompt shows: keys typed ahead would be echoed by the terminal
    // before JLine takes it over.
    console.keys("1\r").awaitOutputOnce("Account [demo]: ");
    console.keys("demo\r").awaitOutputOnce("Password: ");
    console.keys(password + "\r").awaitOutputOnce("Environment");
    console.keys("test\r").awaitOutputOnce("Logged in as demo");
    // Line editing: a typo erased with backspace, then the history's last line again.
    console.keys("x\u007f7\r").awaitOutputOnce("TXFL6");
    // Up arrow as xterm sends it in the application cursor mode JLine switches on.
    console.keys("\u001bOA\r").awaitOutput("TXFL6", 2, Duration.ofSeconds(30));
    console.keys("0\r");
    assertThat(console.awaitExit(Duration.ofSeconds(60))).isZero();

    assertThat(console.output()).doesNotContain(password).contains("Stopped.");
    Path history = dataDir.resolve("console-history");
    assertThat(Files.readString(history)).contains("7").doesNotContain(password);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(history)))
        .isEqualTo("rw-------");
    try (Stream<Path> logs = Files.walk(dataDir.resolve("logs"))) {
      for (Path log : logs.filter(Files::isRegularFile).toList()) {
        assertThat(Files.readString(log)).as(log.toString()).doesNotContain(password);
      }
    }
  }

  private String auditedSender(String clientOrderId) throws java.sql.SQLException {
    try (java.sql.Connection db =
            java.sql.DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("aftm.db"));
        java.sql.PreparedStatement query =
            db.prepareStatement("SELECT sender_name FROM orders WHERE client_order_id = ?")) {
      query.setString(1, clientOrderId);
      try (java.sql.ResultSet row = query.executeQuery()) {
        return row.next() ? row.getString(1) : "";
      }
    }
  }

  private JsonNode condition(long id) throws IOException {
    Cli listed = cli("condition", "list", "--all", "--json");
    assertThat(listed.exitCode).as(listed.err).isZero();
    for (String line : listed.out.lines().filter(l -> !l.isBlank()).toList()) {
      JsonNode node = JSON.readTree(line);
      if (node.path("id").asLong() == id) {
        return node;
      }
    }
    return JSON.createObjectNode();
  }

  /** Fills stored today, as {@code aftm trades --json} reads them. */
  private long storedFills() {
    Cli trades = cli("trades", "--json");
    assertThat(trades.exitCode).as(trades.err).isZero();
    return trades.out.lines().filter(l -> !l.isBlank()).count();
  }

  private JsonNode position(String item) throws IOException {
    Cli positions = cli("positions", "--json");
    assertThat(positions.exitCode).as(positions.err).isZero();
    for (String line : positions.out.lines().filter(l -> !l.isBlank()).toList()) {
      JsonNode node = JSON.readTree(line);
      if (node.path("item_code").asText().equals(item)) {
        return node;
      }
    }
    return JSON.createObjectNode();
  }

  private Cli cli(String... arguments) {
    String[] args = concat(arguments, "--data-dir", dataDir.toString());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode;
    try (PrintWriter outWriter = new PrintWriter(out);
        PrintWriter errWriter = new PrintWriter(err)) {
      exitCode = AftmCli.execute(outWriter, errWriter, args);
    }
    return new Cli(exitCode, out.toString(), err.toString());
  }

  private static String[] concat(String[] first, String... more) {
    String[] all = new String[first.length + more.length];
    System.arraycopy(first, 0, all, 0, first.length);
    System.arraycopy(more, 0, all, first.length, more.length);
    return all;
  }

  private record Cli(int exitCode, String out, String err) {}
}
