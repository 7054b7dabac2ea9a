package org.aftm.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import quickfix.Application;
import quickfix.DefaultMessageFactory;
import quickfix.FieldMap;
import quickfix.FieldNotFound;
import quickfix.Group;
import quickfix.Log;
import quickfix.MemoryStoreFactory;
import quickfix.Message;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionSettings;
import quickfix.SocketInitiator;

/**
 * {@code aftm fix-venue} as a real process in front of the real simulated broker: a plain
 * QuickFIX/J initiator logs on with the demo credentials, reads the security list, receives market
 * data (a snapshot, then trades), places a market order and gets it filled; SIGTERM then stops the
 * venue with exit 0 and a JSON summary, and its log never held the password.
 */
class FixVenueCommandIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;

  private Process venue;
  private SocketInitiator initiator;
  private final List<String> output = new CopyOnWriteArrayList<>();
  private final List<Message> received = new CopyOnWriteArrayList<>();
  private volatile boolean loggedOn;

  @AfterEach
  void stop() throws InterruptedException {
    if (initiator != null) {
      initiator.stop(true);
    }
    if (venue != null && venue.isAlive()) {
      venue.destroyForcibly();
      venue.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void anInitiatorLogsOnGetsMarketDataAndAFillFromTheSimulatedMarket() throws Exception {
    startVenue();
    JsonNode listening =
        JSON.readTree(
            await("listening line")
                .atMost(WAIT)
                .until(
                    () ->
                        output.stream()
                            .filter(l -> l.startsWith("{\"event\":\"listening\""))
                            .findFirst()
                            .orElse(null),
                    line -> line != null || !venue.isAlive()));
    assertThat(listening.get("host").asText()).isEqualTo("127.0.0.1");
    int port = listening.get("port").asInt();
    assertThat(port).isPositive();

    SessionID session = startInitiator(port);
    await("logon").atMost(WAIT).until(() -> loggedOn);

    Message securityRequest = message("x");
    securityRequest.setString(320, "sec-1");
    securityRequest.setInt(559, 4);
    Session.sendToTarget(securityRequest, session);
    Message securities = awaitMessage("security list", m -> "y".equals(type(m)));
    List<Group> listed = securities.getGroups(146);
    assertThat(listed).isNotEmpty();
    String symbol = field(listed.get(0), 55);
    assertThat(field(listed.get(0), 167)).isEqualTo("FUT");

    Message subscribe = message("V");
    subscribe.setString(262, "md-1");
    subscribe.setChar(263, '1');
    subscribe.setInt(264, 1);
    subscribe.setInt(265, 1);
    Group entryType = new Group(267, 269);
    entryType.setChar(269, '2');
    subscribe.addGroup(entryType);
    Group related = new Group(146, 55);
    related.setString(55, symbol);
    subscribe.addGroup(related);
    Session.sendToTarget(subscribe, session);
    awaitMessage("snapshot", m -> "W".equals(type(m)) && symbol.equals(field(m, 55)));
    Message trades =
        awaitMessage(
            "a trade",
            m ->
                "X".equals(type(m))
                    && m.getGroups(268).stream().anyMatch(g -> "2".equals(field(g, 269))));
    assertThat(field(trades, 262)).isEqualTo("md-1");

    Message order = message("D");
    order.setString(11, "it-market-1");
    order.setString(1, "SIM-0001");
    order.setString(55, symbol);
    order.setChar(54, '1');
    order.setInt(38, 1);
    order.setChar(40, '1');
    order.setChar(59, '0');
    order.setUtcTimeStamp(60, LocalDateTime.now(ZoneOffset.UTC));
    Session.sendToTarget(order, session);
    Message fill =
        awaitMessage("fill", m -> "it-market-1".equals(field(m, 11)) && "F".equals(field(m, 150)));
    assertThat(field(fill, 39)).isEqualTo("2");
    assertThat(field(fill, 32)).isEqualTo("1");
    assertThat(new java.math.BigDecimal(field(fill, 31))).isPositive();

    initiator.stop();
    // SIGTERM, an orderly stop (Process.destroy would also close the output being read).
    venue.toHandle().destroy();
    assertThat(venue.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(venue.exitValue()).as("output: %s", output).isZero();
    JsonNode stopped =
        JSON.readTree(
            await("stop summary in " + output)
                .atMost(Duration.ofSeconds(10))
                .until(
                    () ->
                        output.stream()
                            .filter(l -> l.contains("{\"event\":\"stopped\""))
                            .map(l -> l.substring(l.indexOf("{\"event\":\"stopped\"")))
                            .findFirst()
                            .orElse(null),
                    line -> line != null));
    assertThat(stopped).as("output: %s", output).isNotNull();
    assertThat(stopped.get("logons").asLong()).isEqualTo(1);
    assertThat(stopped.get("fills").asLong()).isEqualTo(1);
    assertThat(stopped.get("market_data_messages").asLong()).isGreaterThanOrEqualTo(2);

    String log = Files.readString(dataDir.resolve("logs/fix-venue.log"));
    assertThat(log).contains("554=***").doesNotContain("554=demo");
  }

  @Test
  void aPortInUseIsOneLineAndExitTwo() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      startVenue("--port", String.valueOf(taken.getLocalPort()));
      assertThat(venue.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(venue.exitValue()).isEqualTo(2);
      await("output read").atMost(WAIT).until(() -> !output.isEmpty());
      assertThat(output)
          .as("output")
          .containsExactly(
              "aftm fix-venue: 127.0.0.1:"
                  + taken.getLocalPort()
                  + " is in use (another venue running?); choose another with --port (0 = a"
                  + " free one)");
    }
  }

  private void startVenue(String... options) throws IOException {
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
                "--data-dir",
                dataDir.toString(),
                "-c",
                "AFTM_SIM_TICK_RATE=50"));
    command.addAll(options.length > 0 ? List.of(options) : List.of("--port", "0"));
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
                  output.add(line);
                }
              } catch (IOException e) {
                output.add("output reader failed: " + e);
              }
            },
            "fix-venue-output");
    reader.setDaemon(true);
    reader.start();
  }

  private SessionID startInitiator(int port) throws Exception {
    SessionID session = new SessionID("FIX.4.4", "AFTM", "AFTM-VENUE");
    SessionSettings settings = new SessionSettings();
    settings.setString(session, "ConnectionType", "initiator");
    settings.setString(session, "SocketConnectHost", "127.0.0.1");
    settings.setLong(session, "SocketConnectPort", port);
    settings.setLong(session, "HeartBtInt", 30);
    settings.setLong(session, "ReconnectInterval", 1);
    settings.setBool(session, "NonStopSession", true);
    settings.setBool(session, "UseDataDictionary", true);
    settings.setString(session, "DataDictionary", "FIX44.xml");
    settings.setBool(session, "AllowUnknownMsgFields", true);
    settings.setBool(session, "ValidateUserDefinedFields", false);
    initiator =
        new SocketInitiator(
            new Client(),
            new MemoryStoreFactory(),
            settings,
            id -> new SilentLog(),
            new DefaultMessageFactory());
    initiator.start();
    return session;
  }

  private Message awaitMessage(String description, Predicate<Message> matches) {
    return await(description)
        .atMost(WAIT)
        .until(() -> received.stream().filter(matches).findFirst().orElse(null), m -> m != null);
  }

  private static Message message(String type) {
    Message message = new Message();
    message.getHeader().setString(35, type);
    return message;
  }

  private static String type(Message message) {
    return field(message.getHeader(), 35);
  }

  private static String field(FieldMap fields, int tag) {
    try {
      return fields.getString(tag);
    } catch (FieldNotFound e) {
      return null;
    }
  }

  /** Logs on as the simulated broker's demo user (the defaults of AFTM_SIM_DEMO_*). */
  private final class Client implements Application {
    @Override
    public void onCreate(SessionID session) {}

    @Override
    public void onLogon(SessionID session) {
      loggedOn = true;
    }

    @Override
    public void onLogout(SessionID session) {
      loggedOn = false;
    }

    @Override
    public void toAdmin(Message message, SessionID session) {
      if ("A".equals(type(message))) {
        message.setString(553, "demo");
        message.setString(554, "demo");
      }
    }

    @Override
    public void fromAdmin(Message message, SessionID session) {}

    @Override
    public void toApp(Message message, SessionID session) {}

    @Override
    public void fromApp(Message message, SessionID session) {
      received.add(message);
    }
  }

  /** This side keeps no message log: it would hold the password it sends. */
  private static final class SilentLog implements Log {
    @Override
    public void clear() {}

    @Override
    public void onIncoming(String message) {}

    @Override
    public void onOutgoing(String message) {}

    @Override
    public void onEvent(String text) {}

    @Override
    public void onErrorEvent(String text) {}
  }
}
