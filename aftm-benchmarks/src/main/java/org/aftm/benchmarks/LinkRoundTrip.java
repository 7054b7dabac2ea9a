package org.aftm.benchmarks;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * What CURVE costs one link, cold and warm: REQ/REP round trips of a gateway-sized message (400 B)
 * over tcp loopback in one fresh JVM, plain and then CURVE, each on its own context. A fresh JVM
 * matters: the cold rows show the first round trips of the day, while JeroMQ and the pure-Java
 * crypto (jnacl) still run interpreted. Run each mode in its own JVM for cold figures ({@code
 * --mode plain} or {@code --mode curve}); the default runs both, the second one partly warm.
 *
 * <pre>
 * java -cp "$CP" org.aftm.benchmarks.LinkRoundTrip [--mode both|plain|curve] [--round-trips 20000]
 * </pre>
 */
final class LinkRoundTrip {

  private static final int MESSAGE_BYTES = 400;
  private static final int[] COLD_MARKS = {1, 10, 100, 1_000, 5_000};

  private final PrintWriter out;
  private final int roundTrips;
  private volatile boolean echoing;

  private LinkRoundTrip(PrintWriter out, int roundTrips) {
    this.out = out;
    this.roundTrips = roundTrips;
  }

  public static void main(String[] args) throws InterruptedException {
    PrintWriter out =
        new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    Options options = Options.parse(args, Set.of("mode", "round-trips"));
    String mode = options.text("mode", "both");
    int roundTrips = options.intValue("round-trips", 20_000);
    if (roundTrips <= COLD_MARKS[COLD_MARKS.length - 1]) {
      throw new IllegalArgumentException(
          "--round-trips must be more than " + COLD_MARKS[COLD_MARKS.length - 1]);
    }
    LinkRoundTrip benchmark = new LinkRoundTrip(out, roundTrips);
    out.printf(
        "Link round trip: REQ/REP, %d B, tcp loopback, one JVM; JVM %s, %d CPUs, threads not"
            + " pinned; load average %s%n",
        MESSAGE_BYTES,
        Runtime.version(),
        Runtime.getRuntime().availableProcessors(),
        LoadAverage.now());
    if (!mode.equals("curve")) {
      benchmark.run(false);
    }
    if (!mode.equals("plain")) {
      benchmark.run(true);
    }
  }

  private void run(boolean curve) throws InterruptedException {
    String name = curve ? "curve" : "plain";
    try (ZContext context = new ZContext()) {
      ZMQ.Curve.KeyPair server = ZMQ.Curve.generateKeyPair();
      ZMQ.Curve.KeyPair client = ZMQ.Curve.generateKeyPair();
      ZMQ.Socket reply = context.createSocket(SocketType.REP);
      reply.setLinger(0);
      reply.setReceiveTimeOut(100);
      if (curve) {
        reply.setCurveServer(true);
        reply.setCurveSecretKey(ZMQ.Curve.z85Decode(server.secretKey));
      }
      int port = reply.bindToRandomPort("tcp://127.0.0.1");
      ZMQ.Socket request = context.createSocket(SocketType.REQ);
      request.setLinger(0);
      if (curve) {
        request.setCurveServerKey(ZMQ.Curve.z85Decode(server.publicKey));
        request.setCurvePublicKey(ZMQ.Curve.z85Decode(client.publicKey));
        request.setCurveSecretKey(ZMQ.Curve.z85Decode(client.secretKey));
      }
      request.connect("tcp://127.0.0.1:" + port);
      echoing = true;
      Thread echo = new Thread(() -> echo(reply), "link-echo-" + name);
      echo.setDaemon(true);
      echo.start();

      byte[] message = new byte[MESSAGE_BYTES];
      Histogram warm = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
      int done = 0;
      long intervalStart = System.nanoTime();
      for (int mark : COLD_MARKS) {
        int from = done;
        while (done < mark) {
          request.send(message, 0);
          request.recv(0);
          done++;
        }
        long now = System.nanoTime();
        out.printf(
            "%s: round trips %d to %d: mean %.1f us%n",
            name, from + 1, mark, (now - intervalStart) / 1e3 / (mark - from));
        intervalStart = now;
      }
      while (done < roundTrips) {
        long start = System.nanoTime();
        request.send(message, 0);
        request.recv(0);
        warm.recordValue(System.nanoTime() - start);
        done++;
      }
      out.println(LatencySummary.header(name + " round trip"));
      out.println(
          LatencySummary.row("after " + COLD_MARKS[COLD_MARKS.length - 1] + " (warm)", warm));
      // The echo thread owns its socket: it stops before the context closes the socket.
      echoing = false;
      echo.join();
    }
  }

  private void echo(ZMQ.Socket reply) {
    while (echoing) {
      byte[] message = reply.recv(0);
      if (message != null) {
        reply.send(message, 0);
      }
    }
  }
}
