package org.aftm.adapter.zmq.in;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.aftm.adapter.zmq.gateway.FakeCheckHealth;
import org.aftm.adapter.zmq.gateway.FakeGetOrderStates;
import org.aftm.adapter.zmq.gateway.FakeGetPositions;
import org.aftm.adapter.zmq.gateway.FakePlaceOrder;
import org.aftm.adapter.zmq.gateway.FakeRelayConditionChange;
import org.aftm.adapter.zmq.link.CurveKeyPair;
import org.aftm.adapter.zmq.link.LinkPeer;
import org.aftm.adapter.zmq.link.LinkSecurity;
import org.aftm.adapter.zmq.link.ZapAllowList;
import org.aftm.adapter.zmq.out.ZmqOrderGatewayClient;
import org.aftm.adapter.zmq.out.ZmqTickPublisher;
import org.aftm.domain.model.TickEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * CURVE on real loopback sockets: a server end admits only the keys of its context's ZAP allow-list
 * and names the peer of each request; plain clients and unknown keys get no service.
 */
class CurveLinksTest {

  /** How long a refused client is given to get service it must not get. */
  private static final int REFUSED_WAIT_MS = 1_000;

  private static final Duration DEADLINE = Duration.ofSeconds(10);

  private final CurveKeyPair mainKeys = CurveKeyPair.generate();
  private final CurveKeyPair strategyKeys = CurveKeyPair.generate();
  private final CurveKeyPair partnerKeys = CurveKeyPair.generate();
  private final CurveKeyPair strangerKeys = CurveKeyPair.generate();
  private final LinkPeer strategy = new LinkPeer("strategy", strategyKeys.publicKey(), true);
  private final LinkPeer partner = new LinkPeer("partner", partnerKeys.publicKey(), false);
  private final ZContext serverContext = new ZContext();
  private final ZContext clientContext = new ZContext();
  private final ZapAllowList allowList =
      new ZapAllowList(serverContext, List.of(strategy, partner));

  @AfterEach
  void closeAll() {
    clientContext.close();
    allowList.close();
    serverContext.close();
  }

  @Test
  void gatewayServesOnlyAllowListedKeysAndNamesThePeerOfEachRequest() {
    List<LinkPeer> peers = new CopyOnWriteArrayList<>();
    try (ZmqOrderGatewayServer server = curveGateway(LinkSecurity.server(mainKeys, allowList))) {
      server.observePeers(peers::add);
      server.start();

      assertThat(request(server.endpoint(), LinkSecurity.NONE)).as("plain client").isNull();
      assertThat(
              request(server.endpoint(), LinkSecurity.client(strangerKeys, mainKeys.publicKey())))
          .as("unknown key")
          .isNull();
      assertThat(peers).as("nothing reached the handler").isEmpty();

      assertThat(served(server.endpoint(), LinkSecurity.client(strategyKeys, mainKeys.publicKey())))
          .contains("\"success\":true");
      assertThat(served(server.endpoint(), LinkSecurity.client(partnerKeys, mainKeys.publicKey())))
          .contains("\"success\":true");
      assertThat(peers).containsSubsequence(strategy, partner).containsOnly(strategy, partner);
      assertThat(peers.get(0).authenticated()).isTrue();
    }
  }

  @Test
  void gatewayClientTalksCurveToTheServerItTrusts() {
    try (ZmqOrderGatewayServer server = curveGateway(LinkSecurity.server(mainKeys, allowList))) {
      server.start();
      try (ZmqOrderGatewayClient client =
          new ZmqOrderGatewayClient(clientContext, server.endpoint(), Duration.ofSeconds(5), 1)
              .securedBy(LinkSecurity.client(strategyKeys, mainKeys.publicKey()))
              .proveFreshConnections()) {
        assertThat(client.healthCheck().healthy()).isTrue();
      }
      // A client that trusts another server key never completes the handshake.
      assertThat(
              request(
                  server.endpoint(),
                  LinkSecurity.client(strategyKeys, CurveKeyPair.generate().publicKey())))
          .isNull();
    }
  }

  @Test
  void tickSubscriberGetsTicksOnlyWithAnAllowListedKey() {
    try (ZmqTickPublisher publisher =
            new ZmqTickPublisher(
                serverContext,
                "tcp://127.0.0.1:*",
                ZmqTickPublisher.DEFAULT_SEND_HIGH_WATER_MARK,
                LinkSecurity.server(mainKeys, allowList));
        ZmqTickSubscriber plain = subscriber(publisher, LinkSecurity.NONE);
        ZmqTickSubscriber stranger =
            subscriber(publisher, LinkSecurity.client(strangerKeys, mainKeys.publicKey()));
        ZmqTickSubscriber allowed =
            subscriber(publisher, LinkSecurity.client(strategyKeys, mainKeys.publicKey()))) {
      List<TickEvent> allowedTicks = new CopyOnWriteArrayList<>();
      List<TickEvent> refusedTicks = new CopyOnWriteArrayList<>();
      long[] sequence = {0};
      await()
          .atMost(DEADLINE)
          .until(
              () -> {
                publisher.publish(new TickEvent("TXF", ++sequence[0], 1, 1, 1, System.nanoTime()));
                allowed.poll(tick -> allowedTicks.add(tick.toEvent()), 100);
                plain.poll(tick -> refusedTicks.add(tick.toEvent()), 100);
                stranger.poll(tick -> refusedTicks.add(tick.toEvent()), 100);
                return !allowedTicks.isEmpty();
              });
      long until = System.nanoTime() + Duration.ofMillis(REFUSED_WAIT_MS).toNanos();
      while (System.nanoTime() < until) {
        publisher.publish(new TickEvent("TXF", ++sequence[0], 1, 1, 1, System.nanoTime()));
        allowed.poll(tick -> allowedTicks.add(tick.toEvent()), 100);
        plain.poll(tick -> refusedTicks.add(tick.toEvent()), 100);
        stranger.poll(tick -> refusedTicks.add(tick.toEvent()), 100);
        Thread.onSpinWait();
      }
      assertThat(allowedTicks).hasSizeGreaterThan(1);
      assertThat(refusedTicks).isEmpty();
    }
  }

  @Test
  void internalOnlyLinkRefusesAnAllowListedExternalKey() {
    try (ZmqOrderGatewayServer server =
        curveGateway(LinkSecurity.server(mainKeys, allowList).internalOnly())) {
      server.start();
      assertThat(request(server.endpoint(), LinkSecurity.client(partnerKeys, mainKeys.publicKey())))
          .isNull();
      assertThat(served(server.endpoint(), LinkSecurity.client(strategyKeys, mainKeys.publicKey())))
          .contains("\"success\":true");
    }
  }

  @Test
  void aRefusedKeyIsLoggedOnceNotAtEveryAttempt() {
    Logger logger = (Logger) LoggerFactory.getLogger(ZapAllowList.class);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    logger.addAppender(lines);
    try (ZmqOrderGatewayServer server = curveGateway(LinkSecurity.server(mainKeys, allowList))) {
      server.start();
      LinkSecurity stranger = LinkSecurity.client(strangerKeys, mainKeys.publicKey());
      for (int attempt = 0; attempt < 3; attempt++) {
        assertThat(request(server.endpoint(), stranger)).isNull();
      }
      assertThat(lines.list)
          .filteredOn(e -> e.getFormattedMessage().contains(strangerKeys.publicKey()))
          .singleElement()
          .satisfies(
              e -> assertThat(e.getFormattedMessage()).doesNotContain(strangerKeys.secretKey()));
    } finally {
      logger.detachAppender(lines);
    }
  }

  @Test
  void serverEndRefusesASocketOutsideItsHandlersContext() {
    // JeroMQ 0.6.0 admits every key when the server socket's context has no ZAP handler (see
    // curveServerWithoutHandlerAdmitsAnyKey), so a server end checks the context of each socket.
    LinkSecurity server = LinkSecurity.server(mainKeys, allowList);
    try (ZMQ.Socket socket = clientContext.createSocket(SocketType.ROUTER)) {
      assertThatThrownBy(() -> server.apply(clientContext, socket))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("ZAP handler");
    }
  }

  /** Why a server end needs a handler: JeroMQ's own behaviour without one, pinned down. */
  @Test
  void curveServerWithoutHandlerAdmitsAnyKey() {
    try (ZContext bare = new ZContext();
        ZMQ.Socket router = bare.createSocket(SocketType.REP)) {
      router.setCurveServer(true);
      router.setCurveSecretKey(ZMQ.Curve.z85Decode(mainKeys.secretKey()));
      router.setLinger(0);
      int port = router.bindToRandomPort("tcp://127.0.0.1");
      // A fresh connection's first message is lost now and then: a new socket asks again.
      router.setReceiveTimeOut(2_000);
      String received = null;
      for (int attempt = 0; attempt < 5 && received == null; attempt++) {
        try (ZMQ.Socket req = clientContext.createSocket(SocketType.REQ)) {
          LinkSecurity.client(strangerKeys, mainKeys.publicKey()).apply(clientContext, req);
          req.setLinger(0);
          req.connect("tcp://127.0.0.1:" + port);
          req.send("ping");
          received = router.recvStr();
        }
      }
      assertThat(received).as("a stranger got through").isEqualTo("ping");
    }
  }

  private ZmqTickSubscriber subscriber(ZmqTickPublisher publisher, LinkSecurity security) {
    return new ZmqTickSubscriber(
        clientContext,
        publisher.endpoint(),
        List.of(),
        Duration.ofSeconds(60),
        System::nanoTime,
        security);
  }

  private ZmqOrderGatewayServer curveGateway(LinkSecurity security) {
    return new ZmqOrderGatewayServer(
            serverContext,
            "tcp://127.0.0.1:0",
            new FakePlaceOrder(),
            new FakeGetPositions(),
            new FakeCheckHealth(),
            new FakeGetOrderStates(),
            new FakeRelayConditionChange(),
            InstantSource.fixed(Instant.ofEpochSecond(1_700_000_000L)),
            ZmqOrderGatewayServer.DEFAULT_MAX_REQUEST_BYTES)
        .securedBy(security);
  }

  /**
   * A health check answered within {@link #DEADLINE}: a fresh connection's first request is lost
   * now and then (see ZmqOrderGatewayClient#proveFreshConnections), so it is asked again.
   */
  private String served(String endpoint, LinkSecurity security) {
    String[] reply = {null};
    await()
        .atMost(DEADLINE)
        .until(
            () -> {
              reply[0] = requestOnce(endpoint, security);
              return reply[0] != null;
            });
    return reply[0];
  }

  /**
   * A health check on fresh REQ sockets, asked three times: null when none got a reply within the
   * bounded wait. Three tries, so a refusal is not mistaken for a fresh connection's lost message.
   */
  private String request(String endpoint, LinkSecurity security) {
    for (int attempt = 0; attempt < 3; attempt++) {
      String reply = requestOnce(endpoint, security);
      if (reply != null) {
        return reply;
      }
    }
    return null;
  }

  /** One health check on a fresh REQ socket; null when no reply comes within the bounded wait. */
  private String requestOnce(String endpoint, LinkSecurity security) {
    try (ZMQ.Socket req = clientContext.createSocket(SocketType.REQ)) {
      security.apply(clientContext, req);
      req.setLinger(0);
      req.setReceiveTimeOut(REFUSED_WAIT_MS);
      // A refused handshake leaves no peer to send to: the send must not wait forever either.
      req.setSendTimeOut(REFUSED_WAIT_MS);
      req.connect(endpoint);
      if (!req.send("{\"operation\":\"health_check\",\"parameters\":{}}")) {
        return null;
      }
      return req.recvStr();
    }
  }
}
