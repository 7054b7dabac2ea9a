package org.aftm.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.aftm.adapter.zmq.in.ClientLimits;
import org.aftm.adapter.zmq.in.ZmqOrderGatewayServer;
import org.aftm.app.session.RunningSession;
import org.aftm.application.port.in.CheckHealthUseCase.HealthReport;
import org.aftm.application.port.in.ControlTradingUseCase;
import org.aftm.application.port.in.ReconcileUseCase;
import org.aftm.application.port.in.ReconcileUseCase.Difference;
import org.aftm.application.port.in.ReconcileUseCase.ReconciliationReport;
import org.aftm.application.port.in.RelayConditionChangeUseCase;
import org.aftm.domain.condition.ConditionCommand.Change;
import org.aftm.domain.model.Price;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderState;
import org.aftm.domain.order.Position;
import org.aftm.domain.risk.TradingState;
import org.aftm.domain.risk.TradingStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZContext;
import picocli.CommandLine;

/**
 * The operator's trading commands against an in-process gateway server with fake use cases,
 * registered as the data directory's running main process.
 */
class TradingControlCommandsTest {

  private static final long SINCE = 1_764_000_000_123L;

  private final ObjectMapper json = new ObjectMapper();
  private final ZContext context = new ZContext();
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private volatile TradingStatus status =
      new TradingStatus(TradingState.ACTIVE, "initial state", false, SINCE);
  private volatile ControlTradingUseCase.FlattenReport flattenReport =
      new ControlTradingUseCase.FlattenReport(
          List.of(OrderResult.accepted("flatten TXF", "S1", "fl-1", OrderState.SUBMITTED, 0)));
  private volatile ReconciliationReport report = new ReconciliationReport(0, List.of(), false);
  private volatile List<Position> positions =
      List.of(
          new Position(
              "SIM-0001",
              "TXF",
              2,
              Price.ofPoints(22000),
              Price.ofPoints(22010),
              Price.ZERO,
              Price.ZERO,
              200));
  private final List<ZmqOrderGatewayServer> servers = new ArrayList<>();

  @TempDir Path dataDir;

  private final ControlTradingUseCase control =
      new ControlTradingUseCase() {
        @Override
        public TradingStatus tradingStatus() {
          return status;
        }

        @Override
        public TradingStatus halt(String reason) {
          return change("halt", TradingState.HALTED, reason);
        }

        @Override
        public TradingStatus reduce(String reason) {
          return change("reduce", TradingState.REDUCING, reason);
        }

        @Override
        public TradingStatus resume(String reason) {
          return change("resume", TradingState.ACTIVE, reason);
        }

        @Override
        public FlattenReport flatten(Optional<String> itemCode) {
          calls.add("flatten:" + itemCode.orElse("*"));
          return flattenReport;
        }
      };

  private final ReconcileUseCase reconcile =
      new ReconcileUseCase() {
        @Override
        public ReconciliationReport reconcile() {
          calls.add("reconcile");
          return report;
        }

        @Override
        public ReconciliationReport acceptBroker(String note) {
          calls.add("accept:" + note);
          return new ReconciliationReport(report.ordersResolved(), report.differences(), true);
        }
      };

  private TradingStatus change(String call, TradingState state, String reason) {
    calls.add(call + ":" + reason);
    status = new TradingStatus(state, reason, false, SINCE + 1);
    return status;
  }

  @BeforeEach
  void startMainProcess() {
    register(start(true));
  }

  @AfterEach
  void stop() {
    servers.forEach(ZmqOrderGatewayServer::close);
    context.close();
  }

  private ZmqOrderGatewayServer start(boolean withControls) {
    RelayConditionChangeUseCase relay =
        new RelayConditionChangeUseCase() {
          @Override
          public long relay(Change change, long conditionId) {
            return 1;
          }

          @Override
          public void acknowledge(long commandId) {}

          @Override
          public boolean isAcknowledged(long commandId) {
            return true;
          }
        };
    ZmqOrderGatewayServer server =
        new ZmqOrderGatewayServer(
            context,
            "tcp://127.0.0.1:0",
            command -> OrderResult.rejected("", "RISK_LIMIT", "test", null),
            query -> positions,
            () -> new HealthReport(true, true, true, "CLOSED", 7),
            ids -> List.of(),
            relay,
            withControls ? control : null,
            withControls ? reconcile : null,
            InstantSource.system(),
            ZmqOrderGatewayServer.DEFAULT_MAX_REQUEST_BYTES,
            ClientLimits.DEFAULT);
    server.start();
    servers.add(server);
    return server;
  }

  private void register(ZmqOrderGatewayServer server) {
    new RunningSession(
            ProcessHandle.current().pid(),
            server.endpoint(),
            "tcp://127.0.0.1:1",
            "tcp://127.0.0.1:1",
            -1,
            "SIM-0001",
            "TXF",
            System.currentTimeMillis())
        .write(dataDir);
  }

  @Test
  void haltReduceAndResumeChangeTheStateAndPrintIt() throws IOException {
    Run halted = cli("halt", "--reason", "news at 10:00");
    Run reduced = cli("reduce", "--json");
    Run resumed = cli("resume");

    assertThat(halted.exitCode).as(halted.err).isZero();
    assertThat(halted.out).startsWith("Trading HALTED since ").contains(": news at 10:00");
    assertThat(reduced.exitCode).isZero();
    JsonNode reducing = reduced.lastJson();
    assertThat(reducing.path("state").asText()).isEqualTo("REDUCING");
    assertThat(reducing.path("reason").asText()).isEqualTo("reducing by the operator");
    assertThat(reducing.path("since_ms").asLong()).isEqualTo(SINCE + 1);
    assertThat(reduced.out.strip()).contains("\"since_ms\":1764000000124");
    assertThat(resumed.out).startsWith("Trading ACTIVE");
    assertThat(calls)
        .containsExactly(
            "halt:news at 10:00",
            "reduce:reducing by the operator",
            "resume:resumed by the operator");
  }

  @Test
  void tradingShowsTheStateAndAnAutomaticOneSaysItClearsByItself() throws IOException {
    status = new TradingStatus(TradingState.REDUCING, "breaker open 31 s", true, SINCE);

    Run shown = cli("trading");
    Run asJson = cli("trading", "--json");

    assertThat(shown.exitCode).isZero();
    assertThat(shown.out)
        .startsWith("Trading REDUCING since ")
        .contains("(until its cause clears): breaker open 31 s");
    assertThat(asJson.lastJson().path("automatic").asBoolean()).isTrue();
    assertThat(calls).isEmpty();
  }

  @Test
  void aBadReasonIsBadInputAndNothingIsAsked() {
    Run refused = cli("halt", "--reason", "two\nlines");

    assertThat(refused.exitCode).isEqualTo(AftmCli.EXIT_BAD_INPUT);
    assertThat(refused.err).contains("--reason");
    assertThat(calls).isEmpty();
  }

  @Test
  void flattenWithoutYesAndWithoutATerminalIsRefusedNamingYes() {
    Run refused = cli("flatten", "--item", "TXF");

    assertThat(refused.exitCode).isEqualTo(AftmCli.EXIT_BAD_INPUT);
    assertThat(refused.err.strip()).doesNotContain("\n").contains("pass --yes");
    assertThat(calls).isEmpty();
  }

  @Test
  void flattenWithYesClosesAndListsItsOrders() throws IOException {
    Run flattened = cli("flatten", "--item", "TXF", "--yes");
    Run asJson = cli("flatten", "--yes", "--json");

    assertThat(flattened.exitCode).as(flattened.err).isZero();
    assertThat(flattened.out).contains("CLIENT ORDER ID").contains("fl-1").contains("submitted");
    JsonNode answer = asJson.lastJson();
    assertThat(answer.path("all_sent").asBoolean()).isTrue();
    assertThat(answer.path("orders").get(0).path("client_order_id").asText()).isEqualTo("fl-1");
    assertThat(calls).containsExactly("flatten:TXF", "flatten:*");
  }

  @Test
  void aFlattenOrderThatWasNotSentExitsOne() {
    flattenReport =
        new ControlTradingUseCase.FlattenReport(
            List.of(OrderResult.rejected("flatten TXF", "NOT_LOGGED_IN", "no session", "fl-2")));

    Run flattened = cli("flatten", "--yes");

    assertThat(flattened.exitCode).isEqualTo(1);
    assertThat(flattened.out).contains("NOT_LOGGED_IN: no session");
  }

  @Test
  void flattenInATerminalAsksNamingThePositionsAndDoesNothingOnNo() {
    List<String> questions = new ArrayList<>();
    FlattenCommand.Confirmation no =
        new FlattenCommand.Confirmation() {
          @Override
          public boolean available() {
            return true;
          }

          @Override
          public boolean ask(String question) {
            questions.add(question);
            return false;
          }
        };

    Run declined =
        run(
            new FlattenCommand(no),
            "--data-dir",
            dataDir.toString(),
            "-c",
            "AFTM_LINK_SECURITY=none");

    assertThat(declined.exitCode).isZero();
    assertThat(questions).singleElement().asString().contains("SIM-0001").contains("TXF +2");
    assertThat(declined.out).contains("Not flattened.");
    assertThat(calls).isEmpty();
  }

  @Test
  void reconcileThatAgreesExitsZero() throws IOException {
    Run agreed = cli("reconcile");
    Run asJson = cli("reconcile", "--json");

    assertThat(agreed.exitCode).isZero();
    assertThat(agreed.out).contains("broker and AFTM agree");
    assertThat(asJson.exitCode).isZero();
    assertThat(asJson.lastJson().path("agrees").asBoolean()).isTrue();
  }

  @Test
  void reconcileWithDifferencesPrintsEachAndExitsOne() throws IOException {
    report =
        new ReconciliationReport(
            1,
            List.of(
                new Difference("position", "TXF", "0", "+2"),
                new Difference("open_order", "7-entry", "none", "submitted")),
            false);

    Run differing = cli("reconcile");
    Run asJson = cli("reconcile", "--json");

    assertThat(differing.exitCode).isEqualTo(1);
    List<String> lines = differing.out.lines().toList();
    assertThat(lines).anySatisfy(l -> assertThat(l).matches("KIND\\s+SUBJECT\\s+BROKER\\s+AFTM"));
    assertThat(lines).anySatisfy(l -> assertThat(l).matches("position\\s+TXF\\s+0\\s+\\+2"));
    assertThat(lines)
        .anySatisfy(l -> assertThat(l).matches("open_order\\s+7-entry\\s+none\\s+submitted"));
    assertThat(differing.out).contains("--accept-broker");
    assertThat(asJson.exitCode).isEqualTo(1);
    JsonNode answer = asJson.lastJson();
    assertThat(answer.path("differences")).hasSize(2);
    assertThat(answer.path("orders_resolved").asInt()).isEqualTo(1);
  }

  @Test
  void acceptingTheBrokerExitsZeroShowingWhatWasAccepted() {
    report =
        new ReconciliationReport(0, List.of(new Difference("position", "TXF", "0", "+2")), false);

    Run accepted = cli("reconcile", "--accept-broker", "--note", "checked with the broker");

    assertThat(accepted.exitCode).as(accepted.err).isZero();
    assertThat(accepted.out)
        .contains("Accepted the broker's view")
        .containsPattern("position\\s+TXF");
    assertThat(calls).containsExactly("accept:checked with the broker");
  }

  @Test
  void aNoteWithoutAcceptBrokerIsBadInput() {
    Run refused = cli("reconcile", "--note", "x");

    assertThat(refused.exitCode).isEqualTo(AftmCli.EXIT_BAD_INPUT);
    assertThat(refused.err).contains("--accept-broker");
    assertThat(calls).isEmpty();
  }

  @Test
  void withCurveAndNoKeysYetTheCommandSaysThatNothingRunsThere() throws IOException {
    Files.delete(dataDir.resolve(RunningSession.FILE_NAME));
    StringWriter err = new StringWriter();
    int exit =
        AftmCli.execute(
            new PrintWriter(new StringWriter()),
            new PrintWriter(err),
            "halt",
            "--data-dir",
            dataDir.toString());

    assertThat(exit).isEqualTo(AftmCli.EXIT_BAD_INPUT);
    assertThat(err.toString().strip())
        .doesNotContain("\n")
        .contains("no aftm runs on data directory");
  }

  @Test
  void withoutARunningMainProcessEachCommandSaysSoInOneLineAndExitsTwo() throws IOException {
    Files.delete(dataDir.resolve(RunningSession.FILE_NAME));
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    for (String[] command :
        List.of(
            new String[] {"trading"},
            new String[] {"halt"},
            new String[] {"flatten", "--yes"},
            new String[] {"reconcile"})) {
      List<String> args = new ArrayList<>(List.of(command));
      args.addAll(
          List.of(
              "-c", "DLL_GATEWAY_PORT=" + closedPort, "-c", "DLL_GATEWAY_REQUEST_TIMEOUT_MS=200"));
      Run refused = cli(args.toArray(String[]::new));

      assertThat(refused.exitCode).as(String.join(" ", command)).isEqualTo(AftmCli.EXIT_BAD_INPUT);
      assertThat(refused.err.strip())
          .doesNotContain("\n")
          .contains("no aftm runs on data directory");
    }
    assertThat(calls).isEmpty();
  }

  @Test
  void aMainProcessWithoutTradingControlsIsAOneLineFailure() {
    register(start(false));

    Run refused = cli("halt");

    assertThat(refused.exitCode).isEqualTo(1);
    assertThat(refused.err.strip()).doesNotContain("\n").contains("does not offer this");
  }

  @Test
  void positionsShowsTheTradingStateInTheTableAndKeepsItsJsonLines() throws IOException {
    status = new TradingStatus(TradingState.HALTED, "reconciliation differences", false, SINCE);

    Run table = cli("positions");
    Run lines = cli("positions", "--json");

    assertThat(table.exitCode).as(table.err).isZero();
    assertThat(table.out).contains("TXF").contains("Trading HALTED since ");
    assertThat(lines.exitCode).isZero();
    List<String> jsonLines = lines.out.lines().filter(l -> !l.isBlank()).toList();
    assertThat(jsonLines).hasSize(1);
    assertThat(json.readTree(jsonLines.get(0)).path("item_code").asText()).isEqualTo("TXF");
  }

  private Run cli(String... arguments) {
    // The test's gateway servers are plain: the commands connect as with AFTM_LINK_SECURITY=none.
    String[] args = new String[arguments.length + 4];
    System.arraycopy(arguments, 0, args, 0, arguments.length);
    args[arguments.length] = "--data-dir";
    args[arguments.length + 1] = dataDir.toString();
    args[arguments.length + 2] = "-c";
    args[arguments.length + 3] = "AFTM_LINK_SECURITY=none";
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode;
    try (PrintWriter outWriter = new PrintWriter(out);
        PrintWriter errWriter = new PrintWriter(err)) {
      exitCode = AftmCli.execute(outWriter, errWriter, args);
    }
    return new Run(exitCode, out.toString(), err.toString());
  }

  private static Run run(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = new CommandLine(command);
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    int exitCode = commandLine.execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }

  private record Run(int exitCode, String out, String err) {
    JsonNode lastJson() throws IOException {
      List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
      assertThat(lines).as("output of %s", err).isNotEmpty();
      return new ObjectMapper().readTree(lines.get(lines.size() - 1));
    }
  }
}
