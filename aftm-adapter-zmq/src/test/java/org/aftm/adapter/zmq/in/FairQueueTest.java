package org.aftm.adapter.zmq.in;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.aftm.adapter.zmq.in.FairQueue.Admission;
import org.aftm.adapter.zmq.link.LinkPeer;
import org.junit.jupiter.api.Test;

class FairQueueTest {

  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
  private static final long T0 = 1_000_000_000_000L;

  private final RefusalLog log = new RefusalLog();

  @Test
  void shouldServeOneRequestPerClientPerTurnWhateverTheBacklog() {
    FairQueue queue = new FairQueue(new ClientLimits(1000, 100), Long.MAX_VALUE, log);
    GatewayClient flooder = queue.client(id("A"), T0);
    GatewayClient other = queue.client(id("B"), T0);
    for (int i = 0; i < 50; i++) {
      assertThat(queue.offer(request(flooder, "a" + i), T0)).isEqualTo(Admission.QUEUED);
    }
    assertThat(queue.offer(request(other, "b0"), T0)).isEqualTo(Admission.QUEUED);
    assertThat(queue.offer(request(other, "b1"), T0)).isEqualTo(Admission.QUEUED);

    List<String> served = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      served.add(new String(queue.next().body(), UTF_8));
    }

    assertThat(served).containsExactly("a0", "b0", "a1", "b1", "a2");
    assertThat(queue.queuedRequests()).isEqualTo(47);
  }

  @Test
  void shouldRefuseBeyondTheClientsQueueLimitButNotOtherClients() {
    FairQueue queue = new FairQueue(new ClientLimits(1000, 3), Long.MAX_VALUE, log);
    GatewayClient a = queue.client(id("A"), T0);
    GatewayClient b = queue.client(id("B"), T0);
    for (int i = 0; i < 3; i++) {
      assertThat(queue.offer(request(a, "a"), T0)).isEqualTo(Admission.QUEUED);
    }

    assertThat(queue.offer(request(a, "a"), T0)).isEqualTo(Admission.QUEUE_FULL);
    assertThat(queue.offer(request(b, "b"), T0)).isEqualTo(Admission.QUEUED);
    queue.next();
    assertThat(queue.offer(request(a, "a"), T0)).isEqualTo(Admission.QUEUED);
  }

  @Test
  void shouldLetABurstOfTheRateInThenOnePerInterval() {
    FairQueue queue = new FairQueue(new ClientLimits(10, 1000), Long.MAX_VALUE, log);
    GatewayClient client = queue.client(id("A"), T0);
    for (int i = 0; i < 10; i++) {
      assertThat(queue.offer(request(client, "x"), T0))
          .as("burst %d", i)
          .isEqualTo(Admission.QUEUED);
    }
    assertThat(queue.offer(request(client, "x"), T0)).isEqualTo(Admission.OVER_RATE);
    assertThat(queue.offer(request(client, "x"), T0 + SECOND / 10 - 1))
        .isEqualTo(Admission.OVER_RATE);

    assertThat(queue.offer(request(client, "x"), T0 + SECOND / 10)).isEqualTo(Admission.QUEUED);
    assertThat(queue.offer(request(client, "x"), T0 + SECOND / 10)).isEqualTo(Admission.OVER_RATE);
    // Idle for long: a full burst again, never more.
    long later = T0 + 60 * SECOND;
    int admitted = 0;
    for (int i = 0; i < 20; i++) {
      if (queue.offer(request(client, "x"), later) == Admission.QUEUED) {
        admitted++;
      }
    }
    assertThat(admitted).isEqualTo(10);
  }

  @Test
  void shouldForgetTheLeastRecentlyHeardIdleClientWhenFull() {
    FairQueue queue = new FairQueue(new ClientLimits(1000, 10, 3), Long.MAX_VALUE, log);
    GatewayClient a = queue.client(id("A"), T0);
    queue.client(id("B"), T0);
    queue.client(id("C"), T0);
    assertThat(queue.client(id("A"), T0)).isSameAs(a); // A heard from again: B is now the eldest

    queue.client(id("D"), T0);

    assertThat(queue.clientCount()).isEqualTo(3);
    assertThat(queue.client(id("A"), T0)).isSameAs(a);
    for (int i = 0; i < 1000; i++) {
      queue.client(id("new-" + i), T0);
    }
    assertThat(queue.clientCount()).isEqualTo(3);
  }

  @Test
  void shouldRefuseANewClientWhileEveryKnownOneHasRequestsWaiting() {
    FairQueue queue = new FairQueue(new ClientLimits(1000, 10, 2), Long.MAX_VALUE, log);
    queue.offer(request(queue.client(id("A"), T0), "a"), T0);
    queue.offer(request(queue.client(id("B"), T0), "b"), T0);

    assertThat(queue.client(id("C"), T0)).isNull();

    queue.next();
    assertThat(queue.client(id("C"), T0)).isNotNull();
    assertThat(queue.clientCount()).isEqualTo(2);
  }

  @Test
  void shouldRefuseWhenTheWaitingBytesHoldTheBudget() {
    FairQueue queue = new FairQueue(new ClientLimits(1000, 100), 1000, log);
    GatewayClient a = queue.client(id("A"), T0);
    GatewayClient b = queue.client(id("B"), T0);
    assertThat(queue.offer(request(a, "x".repeat(800)), T0)).isEqualTo(Admission.QUEUED);

    assertThat(queue.offer(request(b, "y".repeat(800)), T0)).isEqualTo(Admission.GATEWAY_FULL);
    queue.next();
    assertThat(queue.offer(request(b, "y".repeat(800)), T0)).isEqualTo(Admission.QUEUED);
  }

  @Test
  void shouldRejectLimitsBelowOne() {
    assertThatThrownBy(() -> new ClientLimits(0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxRequestsPerSecond");
    assertThatThrownBy(() -> new ClientLimits(1, 0)).hasMessageContaining("maxQueuedRequests");
    assertThatThrownBy(() -> new ClientLimits(1, 1, 0)).hasMessageContaining("maxClients");
  }

  private static byte[] id(String name) {
    return name.getBytes(UTF_8);
  }

  private static QueuedRequest request(GatewayClient client, String body) {
    byte[] bytes = body.getBytes(UTF_8);
    return new QueuedRequest(
        client, LinkPeer.UNAUTHENTICATED, new byte[][] {id("env")}, bytes, 1, bytes.length);
  }
}
