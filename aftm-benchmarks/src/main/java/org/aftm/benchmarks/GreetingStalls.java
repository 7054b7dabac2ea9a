package org.aftm.benchmarks;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import org.aftm.adapter.zmq.link.GreetedConnection;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * How often a fresh JeroMQ connection stalls before its greeting, and whether {@link
 * GreetedConnection} removes the stall: fresh PUSH connections, each from a new context (a new I/O
 * thread, as in a freshly started child), to one PULL on tcp loopback, plain or CURVE; the first
 * message of each is timed from connect to receipt. A message not there after {@code --give-up-ms}
 * counts as stalled. With {@code --greeted false} the socket connects as ZeroMQ does by itself.
 *
 * <pre>
 * java -cp "$CP" org.aftm.benchmarks.GreetingStalls [--connections 300] [--curve true]
 *     [--greeted true] [--give-up-ms 1000]
 * </pre>
 */
final class GreetingStalls {

  private GreetingStalls() {}

  public static void main(String[] args) {
    PrintWriter out =
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    Options options = Options.parse(args, Set.of("connections", "curve", "greeted", "give-up-ms"));
    int connections = options.intValue("connections", 300);
    boolean curve = Boolean.parseBoolean(options.text("curve", "true"));
    boolean greeted = Boolean.parseBoolean(options.text("greeted", "true"));
    int giveUpMillis = options.intValue("give-up-ms", 1_000);
    ZMQ.Curve.KeyPair serverKeys = ZMQ.Curve.generateKeyPair();
    ZMQ.Curve.KeyPair clientKeys = ZMQ.Curve.generateKeyPair();
    long[] nanos = new long[connections];
    int stalled = 0;
    try (ZContext server = new ZContext()) {
      ZMQ.Socket pull = server.createSocket(SocketType.PULL);
      if (curve) {
        pull.setCurveServer(true);
        pull.setCurveSecretKey(ZMQ.Curve.z85Decode(serverKeys.secretKey));
      }
      // No handshake timer: a stall shows as a stall, not as a 2 s reconnect.
      pull.setHandshakeIvl(0);
      pull.setReceiveTimeOut(giveUpMillis);
      String endpoint = "tcp://127.0.0.1:" + pull.bindToRandomPort("tcp://127.0.0.1");
      for (int i = 0; i < connections; i++) {
        try (ZContext client = new ZContext()) {
          ZMQ.Socket push = client.createSocket(SocketType.PUSH);
          if (curve) {
            push.setCurveServerKey(ZMQ.Curve.z85Decode(serverKeys.publicKey));
            push.setCurvePublicKey(ZMQ.Curve.z85Decode(clientKeys.publicKey));
            push.setCurveSecretKey(ZMQ.Curve.z85Decode(clientKeys.secretKey));
          }
          push.setHandshakeIvl(0);
          push.setLinger(0);
          long start = System.nanoTime();
          if (greeted) {
            GreetedConnection.connect(client, push, endpoint);
          } else {
            push.connect(endpoint);
          }
          push.send("first " + i, ZMQ.DONTWAIT);
          byte[] received = pull.recv(0);
          nanos[i] = System.nanoTime() - start;
          if (received == null) {
            stalled++;
            // Drain the late one, if the stall ends by itself, before the next connection.
            pull.setReceiveTimeOut(1);
            pull.recv(0);
            pull.setReceiveTimeOut(giveUpMillis);
          }
        }
      }
    }
    Arrays.sort(nanos);
    out.printf(
        "Greeting stalls: %d fresh %s PUSH connections, %s; JVM %s, %d CPUs, threads not pinned;"
            + " load average %s%n",
        connections,
        curve ? "CURVE" : "plain",
        greeted ? "GreetedConnection" : "plain connect",
        Runtime.version(),
        Runtime.getRuntime().availableProcessors(),
        LoadAverage.now());
    out.printf(
        "connect → first message: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms;"
            + " stalled (no message within %d ms): %d of %d%n",
        nanos[connections / 2] / 1e6,
        nanos[connections * 9 / 10] / 1e6,
        nanos[Math.min(connections - 1, connections * 99 / 100)] / 1e6,
        nanos[connections - 1] / 1e6,
        giveUpMillis,
        stalled,
        connections);
  }
}
