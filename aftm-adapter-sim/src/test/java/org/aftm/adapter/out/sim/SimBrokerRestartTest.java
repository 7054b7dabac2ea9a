package org.aftm.adapter.out.sim;

import static org.aftm.adapter.out.sim.SimTrading.ACCOUNT;
import static org.aftm.adapter.out.sim.SimTrading.limit;
import static org.aftm.adapter.out.sim.SimTrading.login;
import static org.aftm.adapter.out.sim.SimTrading.market;
import static org.aftm.adapter.out.sim.SimTrading.settings;
import static org.aftm.adapter.out.sim.SimTrading.tradeAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.aftm.adapter.out.sim.SimTrading.Recorder;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TimeInForce;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderState;
import org.aftm.domain.order.OrderUpdate;
import org.aftm.domain.order.Position;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulated broker keeps its orders and positions in its journal across a restart. */
class SimBrokerRestartTest {

  @TempDir Path directory;

  private SimSettings stored() {
    return settings().withStateDirectory(directory);
  }

  private Path journalFile() {
    return directory.resolve(SimBrokerJournal.FILE_NAME);
  }

  @Test
  void aRestartFindsPositionsOrderStatesRestingOrdersAndTheSerialCounter() {
    OrderRequest filled = market(Side.BUY, 2, TimeInForce.IOC);
    OrderRequest resting = limit(Side.BUY, 21_990, 1, TimeInForce.ROD);
    OrderRequest cancelled = limit(Side.BUY, 21_980, 1, TimeInForce.IOC);
    OrderResult lastBefore;
    try (SimExchangeApi first = new SimExchangeApi(stored())) {
      login(first);
      tradeAt(first, 22_000);
      first.placeOrder(filled);
      first.placeOrder(resting);
      lastBefore = first.placeOrder(cancelled);
    }

    Recorder events = new Recorder();
    try (SimExchangeApi second = new SimExchangeApi(stored())) {
      second.addListener(events);
      assertThat(second.positions(ACCOUNT))
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.itemCode()).isEqualTo("TXF");
                assertThat(p.quantity()).isEqualTo(2);
                assertThat(p.averagePrice()).isEqualTo(Price.ofPoints(22_000));
              });
      assertThat(second.orderState(filled.clientOrderId()))
          .contains(
              new OrderUpdate(
                  filled.clientOrderId(),
                  OrderState.FILLED,
                  2,
                  2,
                  Price.ofPoints(44_000).units(),
                  "",
                  ""));
      assertThat(second.orderState(resting.clientOrderId()).orElseThrow().state())
          .isEqualTo(OrderState.ACCEPTED);
      assertThat(second.orderState(cancelled.clientOrderId()).orElseThrow().state())
          .isEqualTo(OrderState.CANCELLED);
      assertThat(second.orderState("never-placed")).isEmpty();

      login(second);
      tradeAt(second, 22_000);
      OrderResult next = second.placeOrder(market(Side.BUY, 1, TimeInForce.IOC));
      assertThat(Long.parseLong(next.orderSerial()))
          .isEqualTo(Long.parseLong(lastBefore.orderSerial()) + 1);

      tradeAt(second, 21_985);

      assertThat(events.kindsOf(resting.clientOrderId())).containsExactly("filled 1");
      assertThat(second.orderState(resting.clientOrderId()).orElseThrow().state())
          .isEqualTo(OrderState.FILLED);
      assertThat(second.positions(ACCOUNT).get(0).quantity()).isEqualTo(4);
    }

    try (SimExchangeApi third = new SimExchangeApi(stored())) {
      assertThat(third.positions(ACCOUNT).get(0).quantity()).isEqualTo(4);
      assertThat(third.orderState(resting.clientOrderId()).orElseThrow().state())
          .isEqualTo(OrderState.FILLED);
    }
  }

  @Test
  void outcomesContinueAcrossARestartAsIfItNeverHappened() {
    List<OrderRequest> requests = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      requests.add(market(i % 2 == 0 ? Side.BUY : Side.SELL, 1 + i % 5, TimeInForce.IOC));
    }
    SimSettings flaky = settings().withRejectRate(0.4).withPartialFillRate(0.5);

    List<List<String>> uninterrupted = new ArrayList<>();
    try (SimExchangeApi sim = new SimExchangeApi(flaky)) {
      uninterrupted.addAll(run(sim, requests.subList(0, 30), "a"));
    }
    List<List<String>> restarted = new ArrayList<>();
    try (SimExchangeApi sim = new SimExchangeApi(flaky.withStateDirectory(directory))) {
      restarted.addAll(run(sim, requests.subList(0, 12), "b"));
    }
    try (SimExchangeApi sim = new SimExchangeApi(flaky.withStateDirectory(directory))) {
      restarted.addAll(run(sim, requests.subList(12, 30), "b"));
    }

    assertThat(restarted).isEqualTo(uninterrupted);
  }

  /** Places copies of the requests under fresh ids; the event kinds of each. */
  private static List<List<String>> run(
      SimExchangeApi sim, List<OrderRequest> requests, String prefix) {
    Recorder events = new Recorder();
    sim.addListener(events);
    login(sim);
    tradeAt(sim, 22_000);
    List<List<String>> kinds = new ArrayList<>();
    for (OrderRequest request : requests) {
      String id = prefix + request.clientOrderId();
      sim.placeOrder(SimTrading.withId(request, id));
      kinds.add(events.kindsOf(id));
    }
    return kinds;
  }

  @Test
  void anOrderLeftUnfinishedIsEndedByTheNextBroker() {
    OrderRequest pending = market(Side.BUY, 1, TimeInForce.IOC);
    try (SimExchangeApi first =
        new SimExchangeApi(stored().withAckDelayMillis(SimSettings.MAX_DELAY_MILLIS))) {
      login(first);
      tradeAt(first, 22_000);
      assertThat(first.placeOrder(pending).sent()).isTrue();
      assertThat(first.orderState(pending.clientOrderId()).orElseThrow().state())
          .isEqualTo(OrderState.SUBMITTED);
    }

    try (SimExchangeApi second = new SimExchangeApi(stored())) {
      OrderUpdate update = second.orderState(pending.clientOrderId()).orElseThrow();
      assertThat(update.state()).isEqualTo(OrderState.REJECTED);
      assertThat(update.errorCode()).isEqualTo("BROKER_REJECTED");
      assertThat(update.reason()).contains("restarted");
      assertThat(second.positions(ACCOUNT)).isEmpty();
    }
  }

  @Test
  void aTruncatedLastLineIsSkippedAndTheJournalStaysUsable() throws IOException {
    OrderRequest filled = market(Side.SELL, 3, TimeInForce.IOC);
    try (SimExchangeApi first = new SimExchangeApi(stored())) {
      login(first);
      tradeAt(first, 22_000);
      first.placeOrder(filled);
    }
    // A crash in the middle of writing the next record.
    Files.writeString(
        journalFile(), "placed\t2\t4242", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

    try (SimExchangeApi second = new SimExchangeApi(stored())) {
      assertThat(second.positions(ACCOUNT).get(0).quantity()).isEqualTo(-3);
      login(second);
      tradeAt(second, 22_000);
      assertThat(second.placeOrder(market(Side.BUY, 1, TimeInForce.IOC)).orderSerial())
          .isEqualTo("2");
    }
    try (SimExchangeApi third = new SimExchangeApi(stored())) {
      assertThat(third.positions(ACCOUNT).get(0).quantity()).isEqualTo(-2);
    }
    assertThat(Files.readString(journalFile())).doesNotContain("4242").endsWith("\n");
  }

  @Test
  void anUnreadableCompleteLastLineIsSkippedToo() throws IOException {
    try (SimExchangeApi first = new SimExchangeApi(stored())) {
      login(first);
      tradeAt(first, 22_000);
      first.placeOrder(market(Side.BUY, 1, TimeInForce.IOC));
    }
    Files.writeString(
        journalFile(), "filled\tgarbage\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

    try (SimExchangeApi second = new SimExchangeApi(stored())) {
      assertThat(second.positions(ACCOUNT).get(0).quantity()).isEqualTo(1);
    }
    assertThat(Files.readString(journalFile())).doesNotContain("garbage");
  }

  @Test
  void aCorruptLineBeforeTheLastFailsNamingTheFileAndLine() throws IOException {
    try (SimExchangeApi first = new SimExchangeApi(stored())) {
      login(first);
      tradeAt(first, 22_000);
      first.placeOrder(market(Side.BUY, 1, TimeInForce.IOC));
      first.placeOrder(market(Side.BUY, 1, TimeInForce.IOC));
    }
    List<String> lines = new ArrayList<>(Files.readAllLines(journalFile()));
    assertThat(lines.get(3)).startsWith("filled");
    lines.set(3, lines.get(3).replace("filled", "filed"));
    Files.write(journalFile(), lines);

    assertThatThrownBy(() -> new SimExchangeApi(stored()))
        .isInstanceOf(SimJournalException.class)
        .hasMessageContaining(journalFile().toString())
        .hasMessageContaining("line 4")
        .hasMessageContaining("unknown record 'filed'");
  }

  @Test
  void aRecordTheLifecycleForbidsFailsLikeAnyCorruption() throws IOException {
    try (SimExchangeApi first = new SimExchangeApi(stored())) {
      login(first);
      tradeAt(first, 22_000);
      first.placeOrder(market(Side.BUY, 1, TimeInForce.IOC));
      first.placeOrder(market(Side.BUY, 1, TimeInForce.IOC));
    }
    List<String> lines = new ArrayList<>(Files.readAllLines(journalFile()));
    // A reject after the fill of order 1, then the rest of the file.
    String[] fill = lines.get(3).split("\t");
    lines.add(4, "rejected\t" + fill[1] + "\t1\tBROKER_REJECTED\tlate");
    Files.write(journalFile(), lines);

    assertThatThrownBy(() -> new SimExchangeApi(stored()))
        .isInstanceOf(SimJournalException.class)
        .hasMessageContaining("line 5")
        .hasMessageContaining("refused");
  }

  @Test
  void aFileThatIsNotAJournalIsNotTouched() throws IOException {
    Files.writeString(journalFile(), "hello\nworld\n");

    assertThatThrownBy(() -> new SimExchangeApi(stored()))
        .isInstanceOf(SimJournalException.class)
        .hasMessageContaining(journalFile().toString())
        .hasMessageContaining("line 1")
        .hasMessageContaining("not a simulated broker journal");
    assertThat(Files.readString(journalFile())).isEqualTo("hello\nworld\n");
  }

  @Test
  void theJournalIsOwnerOnlyAndCreatedWithTheDirectory() throws IOException {
    assumeTrue(
        FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
        "POSIX permissions");
    Path nested = directory.resolve("data").resolve("broker");

    try (SimExchangeApi sim = new SimExchangeApi(settings().withStateDirectory(nested))) {
      login(sim);
      tradeAt(sim, 22_000);
      sim.placeOrder(market(Side.BUY, 1, TimeInForce.IOC));
    }

    Path file = nested.resolve(SimBrokerJournal.FILE_NAME);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(Files.readAllLines(file).get(0)).isEqualTo(SimBrokerJournal.HEADER);
  }

  @Test
  void anInterruptedCallerNeitherBreaksTheJournalNorLosesItsInterrupt() {
    try (SimExchangeApi sim = new SimExchangeApi(stored())) {
      login(sim);
      tradeAt(sim, 22_000);

      Thread.currentThread().interrupt();
      OrderResult interrupted;
      try {
        interrupted = sim.placeOrder(market(Side.BUY, 1, TimeInForce.IOC));
      } finally {
        assertThat(Thread.interrupted()).isTrue();
      }
      OrderResult after = sim.placeOrder(market(Side.BUY, 1, TimeInForce.IOC));

      assertThat(interrupted.sent()).isTrue();
      assertThat(after.sent()).isTrue();
      assertThat(sim.isConnected()).isTrue();
    }
    try (SimExchangeApi restarted = new SimExchangeApi(stored())) {
      assertThat(restarted.positions(ACCOUNT).get(0).quantity()).isEqualTo(2);
    }
  }

  @Test
  void withoutAStateDirectoryNothingIsWritten() throws IOException {
    try (SimExchangeApi sim = new SimExchangeApi(settings())) {
      login(sim);
      tradeAt(sim, 22_000);
      sim.placeOrder(market(Side.BUY, 1, TimeInForce.IOC));
      assertThat(sim.positions(ACCOUNT)).extracting(Position::quantity).containsExactly(1);
    }
    try (var files = Files.list(directory)) {
      assertThat(files).isEmpty();
    }
  }
}
