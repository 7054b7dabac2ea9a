package org.aftm.adapter.out.fix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.aftm.application.port.out.LoginResult;
import org.aftm.domain.model.MarketTick;
import org.aftm.domain.model.Price;
import org.aftm.domain.order.OrderEvent;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderState;
import org.aftm.domain.order.Position;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import quickfix.Message;

class FixExchangeApiTest {

  private static final Duration DEADLINE = Duration.ofSeconds(20);

  @TempDir Path temp;
  private ScriptedVenue venue;
  private FixExchangeApi fix;
  private final FixTestSupport.Recorder recorder = new FixTestSupport.Recorder();

  @BeforeEach
  void startVenue() throws Exception {
    venue = new ScriptedVenue(temp.resolve("venue"));
  }

  @AfterEach
  void stop() {
    if (fix != null) {
      fix.close();
    }
    venue.close();
  }

  private Path store() {
    return temp.resolve("data/fix/store");
  }

  private FixExchangeApi loggedIn() {
    FixExchangeApi api = new FixExchangeApi(FixTestSupport.settings(venue.port, store()));
    api.addListener(recorder);
    LoginResult login = api.login(ScriptedVenue.ACCOUNT, ScriptedVenue.PASSWORD.toCharArray());
    assertThat(login.success()).as(login.message()).isTrue();
    return api;
  }

  @Test
  void logonCarriesTheCredentialsAndMasksThePasswordInEveryLogAndTheStore() throws Exception {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Level before = root.getLevel();
    root.setLevel(Level.ALL);
    root.addAppender(logs);
    try {
      fix = loggedIn();
      await().atMost(DEADLINE).until(() -> recorder.connections.contains(true));
      assertThat(fix.isLoggedIn()).isTrue();
      assertThat(fix.isConnected()).isTrue();
      assertThat(fix.orderAccounts()).containsExactly(ScriptedVenue.ACCOUNT);
    } finally {
      root.detachAppender(logs);
      root.setLevel(before);
    }
    // The scripted venue runs in this JVM: its decoder's debug lines show the Logon it received,
    // the venue's log, not AFTM's.
    List<String> lines =
        logs.list.stream()
            .filter(e -> !e.getLoggerName().endsWith("FIXMessageDecoder"))
            .map(ILoggingEvent::getFormattedMessage)
            .toList();
    assertThat(lines).anyMatch(line -> line.contains("554=***"));
    assertThat(lines).noneMatch(line -> line.contains(ScriptedVenue.PASSWORD));
    // The store keeps the sent Logon for resends: masked there too.
    String stored = allFiles(store());
    assertThat(stored).contains("35=A").contains("554=***").contains("553=demo");
    assertThat(stored).doesNotContain(ScriptedVenue.PASSWORD);
  }

  @Test
  void aWrongPasswordIsRefusedWithTheVenuesText() {
    fix = new FixExchangeApi(FixTestSupport.settings(venue.port, store()));
    LoginResult login = fix.login(ScriptedVenue.ACCOUNT, "wrong".toCharArray());
    assertThat(login.success()).isFalse();
    assertThat(login.message()).contains("login refused").doesNotContain("wrong");
    assertThat(fix.isLoggedIn()).isFalse();
    assertThat(allFiles(store())).doesNotContain("554=wrong");
  }

  @Test
  void noVenueListeningIsSaidPlainly() throws Exception {
    int closed;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    fix =
        new FixExchangeApi(
            FixTestSupport.settings(closed, store())
                .withTimeouts(List.of(1), Duration.ofSeconds(3), Duration.ofSeconds(2)));
    LoginResult login = fix.login(ScriptedVenue.ACCOUNT, ScriptedVenue.PASSWORD.toCharArray());
    assertThat(login.success()).isFalse();
    assertThat(login.message())
        .contains("127.0.0.1:" + closed)
        .contains("connection refused")
        .contains("is the FIX venue running");
  }

  @Test
  void ordersFilledPartiallyFilledRejectedAndExpiredBecomeOneEventPerReport() throws Exception {
    venue.respond(
        (order, v) -> {
          try {
            String id = order.getString(11);
            if (!"D".equals(ScriptedVenue.typeOf(order))) {
              return;
            }
            switch (id) {
              case "fill-1" -> {
                v.send(v.report(order, '0', '0', 0, "0", 0, "0", null));
                v.send(v.report(order, 'F', '2', 2, "22000.25", 2, "22000.25", null));
              }
              case "part-1" -> {
                v.send(v.report(order, '0', '0', 0, "0", 0, "0", null));
                v.send(v.report(order, 'F', '1', 1, "21999.75", 1, "21999.75", null));
                v.send(v.report(order, 'C', 'C', 0, "0", 1, "21999.75", "day ended"));
              }
              case "rej-1" ->
                  v.send(v.report(order, '8', '8', 0, "0", 0, "0", "RISK_LIMIT: too big"));
              default -> {}
            }
          } catch (quickfix.FieldNotFound e) {
            throw new IllegalStateException(e);
          }
        });
    fix = loggedIn();
    for (String id : List.of("fill-1", "part-1", "rej-1")) {
      OrderResult result = fix.placeOrder(FixTestSupport.order(id, 2));
      assertThat(result.sent()).isTrue();
      assertThat(result.status()).isEqualTo(OrderState.SUBMITTED);
    }
    await().atMost(DEADLINE).until(() -> recorder.orderEvents.size() == 6);
    List<OrderEvent> events = recorder.orderEvents;
    assertThat(events.get(0)).isInstanceOf(OrderEvent.Accepted.class);
    OrderEvent.Filled filled = (OrderEvent.Filled) events.get(1);
    assertThat(filled.clientOrderId()).isEqualTo("fill-1");
    assertThat(filled.quantity()).isEqualTo(2);
    assertThat(filled.price()).isEqualTo(Price.parse("22000.25"));
    assertThat(filled.orderSerial()).isEqualTo("V-fill-1");
    assertThat(filled.timeMillis())
        .isEqualTo(java.time.Instant.parse("2026-12-01T01:02:03.456Z").toEpochMilli());
    OrderEvent.Filled partial = (OrderEvent.Filled) events.get(3);
    assertThat(partial.quantity()).isEqualTo(1);
    assertThat(partial.price().units()).isEqualTo(219_997_500L);
    assertThat(events.get(4)).isInstanceOf(OrderEvent.Expired.class);
    assertThat(((OrderEvent.Expired) events.get(4)).reason()).isEqualTo("day ended");
    OrderEvent.Rejected rejected = (OrderEvent.Rejected) events.get(5);
    assertThat(rejected.errorCode()).isEqualTo("RISK_LIMIT");
    assertThat(rejected.reason()).isEqualTo("too big");
    assertThat(recorder.threads).containsOnly(FixExchangeApi.EVENT_THREAD_NAME);
    Message sent = venue.received("D").get(0);
    assertThat(sent.getString(1)).isEqualTo("demo");
    assertThat(sent.getString(55)).isEqualTo("TXF");
    assertThat(sent.getChar(54)).isEqualTo('1');
    assertThat(sent.getInt(38)).isEqualTo(2);
    assertThat(sent.getChar(40)).isEqualTo('2');
    assertThat(sent.getString(44)).isEqualTo("22000.25");
    assertThat(sent.getChar(59)).isEqualTo('0');
  }

  @Test
  void aRepeatedExecutionReportIsAppliedOnce() throws Exception {
    fix = loggedIn();
    fix.placeOrder(FixTestSupport.order("dup-1", 1));
    await().atMost(DEADLINE).until(() -> venue.received("D").size() == 1);
    Message order = venue.received("D").get(0);
    venue.send(venue.report(order, "X1", 'F', '2', 1, "22001", 1, "22001", null));
    Message again = venue.report(order, "X1", 'F', '2', 1, "22001", 1, "22001", null);
    again.getHeader().setBoolean(43, true);
    again.getHeader().setUtcTimeStamp(122, java.time.LocalDateTime.now(java.time.ZoneOffset.UTC));
    venue.send(again);
    venue.send(venue.report(order, "X1", 'F', '2', 1, "22001", 1, "22001", null));
    venue.send(venue.report(order, "X2", '4', '4', 0, "0", 1, "22001", "marker"));
    await().atMost(DEADLINE).until(() -> recorder.orderEvents.size() >= 2);
    assertThat(recorder.orderEvents).hasSize(2);
    assertThat(recorder.orderEvents.get(0)).isInstanceOf(OrderEvent.Filled.class);
    assertThat(recorder.orderEvents.get(1)).isInstanceOf(OrderEvent.Cancelled.class);
  }

  @Test
  void aFillSentWhileDisconnectedArrivesByResendOnceAfterTheReconnect() throws Exception {
    fix = loggedIn();
    fix.placeOrder(FixTestSupport.order("mid-1", 1));
    await().atMost(DEADLINE).until(() -> venue.received("D").size() == 1);
    Message order = venue.received("D").get(0);
    venue.send(venue.report(order, "A1", '0', '0', 0, "0", 0, "0", null));
    await().atMost(DEADLINE).until(() -> recorder.orderEvents.size() == 1);
    venue.disconnect();
    await().atMost(DEADLINE).until(() -> !fix.isLoggedIn());
    assertThat(fix.placeOrder(FixTestSupport.order("while-down", 1)).errorCode())
        .isEqualTo("NOT_LOGGED_IN");
    // Stored by the venue's session while nobody is connected: it goes out as a resend.
    venue.send(venue.report(order, "F1", 'F', '2', 1, "22002.5", 1, "22002.5", null));
    await().atMost(DEADLINE).until(() -> recorder.orderEvents.size() == 2);
    await().atMost(DEADLINE).until(fix::isLoggedIn);
    // The venue repeats it once more, as a possible duplicate.
    Message repeat = venue.report(order, "F1", 'F', '2', 1, "22002.5", 1, "22002.5", null);
    repeat.getHeader().setBoolean(97, true);
    venue.send(repeat);
    venue.send(venue.report(order, "M1", '4', '4', 0, "0", 1, "22002.5", "marker"));
    await().atMost(DEADLINE).until(() -> recorder.orderEvents.size() >= 3);
    assertThat(recorder.orderEvents)
        .extracting(e -> e.getClass().getSimpleName())
        .containsExactly("Accepted", "Filled", "Cancelled");
    assertThat(recorder.connections).containsExactly(true, false, true);
  }

  @Test
  void aCancelRequestNamesTheOrderAndItsReportCancelsIt() throws Exception {
    fix = loggedIn();
    assertThat(fix.cancelOrder("never-placed")).isFalse();
    fix.placeOrder(FixTestSupport.order("rest-1", 1));
    await().atMost(DEADLINE).until(() -> venue.received("D").size() == 1);
    Message order = venue.received("D").get(0);
    venue.send(venue.report(order, '0', '0', 0, "0", 0, "0", null));
    assertThat(fix.cancelOrder("rest-1")).isTrue();
    await().atMost(DEADLINE).until(() -> venue.received("F").size() == 1);
    Message cancel = venue.received("F").get(0);
    assertThat(cancel.getString(41)).isEqualTo("rest-1");
    assertThat(cancel.getString(11)).isNotEqualTo("rest-1");
    assertThat(cancel.getString(55)).isEqualTo("TXF");
    Message cancelled = venue.report(order, '4', '4', 0, "0", 0, "0", "cancelled on request");
    cancelled.setString(11, cancel.getString(11));
    cancelled.setString(41, "rest-1");
    venue.send(cancelled);
    await().atMost(DEADLINE).until(() -> recorder.orderEvents.size() == 2);
    OrderEvent.Cancelled event = (OrderEvent.Cancelled) recorder.orderEvents.get(1);
    assertThat(event.clientOrderId()).isEqualTo("rest-1");
    assertThat(event.reason()).isEqualTo("cancelled on request");
  }

  @Test
  void aRestartOnTheSameStoreResumesTheSequenceNumbers() throws Exception {
    fix = loggedIn();
    fix.placeOrder(FixTestSupport.order("seq-1", 1));
    await().atMost(DEADLINE).until(() -> venue.received("D").size() == 1);
    fix.close();
    await().atMost(DEADLINE).until(() -> !venue.session().isLoggedOn());
    int expectedFromAftm = venue.session().getExpectedTargetNum();
    assertThat(expectedFromAftm).isGreaterThan(3);
    fix = loggedIn();
    await().atMost(DEADLINE).until(() -> venue.logons.get() == 2);
    // No reset: the new Logon continued the numbering the store kept.
    assertThat(venue.session().getExpectedTargetNum()).isEqualTo(expectedFromAftm + 1);
    fix.placeOrder(FixTestSupport.order("seq-2", 1));
    await().atMost(DEADLINE).until(() -> venue.received("D").size() == 2);
    assertThat(venue.received("D").get(1).getHeader().getInt(34)).isEqualTo(expectedFromAftm + 1);
  }

  @Test
  void severalTradesInOneIncrementalRefreshArriveTogetherInOrderAndExact() throws Exception {
    fix = loggedIn();
    fix.subscribeQuotes("TXF");
    await().atMost(DEADLINE).until(() -> venue.received("V").size() == 1);
    Message request = venue.received("V").get(0);
    assertThat(request.getChar(263)).isEqualTo('1');
    assertThat(request.getGroups(146).get(0).getString(55)).isEqualTo("TXF");
    venue.send(
        ScriptedVenue.trades(
            "TXF", new String[][] {{"22000.25", "1"}, {"22000.5", "3"}, {"21999.0001", "2"}}));
    await().atMost(DEADLINE).until(() -> recorder.tickBatches.size() == 1);
    List<MarketTick> ticks = recorder.tickBatches.get(0);
    assertThat(ticks)
        .extracting(MarketTick::priceUnits)
        .containsExactly(220_002_500L, 220_005_000L, 219_990_001L);
    assertThat(ticks).extracting(MarketTick::quantity).containsExactly(1L, 3L, 2L);
    long base = java.time.Instant.parse("2026-12-01T01:00:00Z").toEpochMilli();
    assertThat(ticks)
        .extracting(MarketTick::exchangeTimeMillis)
        .containsExactly(base + 1, base + 2, base + 3);
  }

  @Test
  void queriesAnswerFromTheVenueAndPositionsFallBackWhenItDoesNotSupportThem() throws Exception {
    List<Position> own =
        List.of(
            new Position(
                "demo",
                "TXF",
                2,
                Price.ofPoints(22000),
                Price.ofPoints(22010),
                Price.ZERO,
                Price.ofPoints(20),
                200));
    venue.respond(
        (message, v) -> {
          try {
            switch (ScriptedVenue.typeOf(message)) {
              case "AN" -> {
                Message reject = new Message();
                reject.getHeader().setString(35, "j");
                reject.setString(45, message.getHeader().getString(34));
                reject.setString(372, "AN");
                reject.setString(379, message.getString(710));
                reject.setInt(380, 3);
                reject.setString(58, "positions not supported");
                v.send(reject);
              }
              case "H" -> {
                Message status = new Message();
                status.getHeader().setString(35, "8");
                status.setString(37, "NONE");
                status.setString(17, v.nextExecId());
                status.setString(11, message.getString(11));
                status.setChar(150, 'I');
                status.setChar(39, '8');
                status.setInt(103, 5);
                status.setString(58, "unknown order");
                status.setString(55, message.getString(55));
                status.setChar(54, message.getChar(54));
                status.setInt(151, 0);
                status.setInt(14, 0);
                status.setInt(6, 0);
                v.send(status);
              }
              case "AF" -> {
                Message none = new Message();
                none.getHeader().setString(35, "8");
                none.setString(37, "NONE");
                none.setString(17, v.nextExecId());
                none.setString(584, message.getString(584));
                none.setInt(911, 0);
                none.setBoolean(912, true);
                none.setChar(150, 'I');
                none.setChar(39, '0');
                none.setString(55, "NONE");
                none.setChar(54, '1');
                none.setInt(151, 0);
                none.setInt(14, 0);
                none.setInt(6, 0);
                v.send(none);
              }
              default -> {}
            }
          } catch (quickfix.FieldNotFound e) {
            throw new IllegalStateException(e);
          }
        });
    fix =
        new FixExchangeApi(
            FixTestSupport.settings(venue.port, store()).withFallbacks(List.of(), a -> own));
    assertThat(fix.login(ScriptedVenue.ACCOUNT, ScriptedVenue.PASSWORD.toCharArray()).success())
        .isTrue();
    assertThat(fix.positions("demo")).isEqualTo(own);
    assertThat(fix.orderState("never-sent")).isEmpty();
    assertThat(fix.workingOrders("demo")).isEmpty();
  }

  @Test
  void aQueryTheVenueNeverAnswersEndsAtTheDeadline() {
    fix = loggedIn();
    long start = System.nanoTime();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> fix.workingOrders("demo"))
        .isInstanceOf(org.aftm.application.port.out.ExchangeException.class)
        .hasMessageContaining("did not answer");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(DEADLINE);
  }

  private static String allFiles(Path directory) {
    if (!Files.exists(directory)) {
      return "";
    }
    try (Stream<Path> files = Files.walk(directory)) {
      StringBuilder all = new StringBuilder();
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        all.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
      }
      return all.toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
