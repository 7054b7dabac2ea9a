package org.aftm.app.process;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.aftm.adapter.zmq.link.GreetedConnection;
import org.aftm.adapter.zmq.link.LinkSecurity;
import org.aftm.adapter.zmq.link.LinkSettings;
import org.aftm.app.config.ConfigHost;
import org.aftm.app.status.BucketCounts;
import org.aftm.application.text.UntrustedText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * Heartbeats from the children to the main process over a PUSH/PULL pair (CURVE unless {@code
 * AFTM_LINK_SECURITY=none}): the main process learns the children's counters for its status line,
 * sees that they are alive, and learns the endpoint the order executor bound. A lost heartbeat
 * costs nothing: the next one replaces it.
 */
public final class ChildTelemetry {

  private static final Logger LOG = LoggerFactory.getLogger(ChildTelemetry.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private ChildTelemetry() {}

  /** The main process's end: binds a PULL socket and keeps each role's latest report. */
  public static final class Collector implements AutoCloseable {
    private final ZContext context;
    private final String endpoint;
    private final Thread thread;
    private final Map<String, ChildReport> latest = new ConcurrentHashMap<>();
    private final Map<String, Long> lastSeenNanos = new ConcurrentHashMap<>();
    private final List<Consumer<ChildReport>> listeners = new CopyOnWriteArrayList<>();

    /** Notified on every report, for {@link #awaitFact}. */
    private final Object arrivals = new Object();

    private volatile boolean running = true;

    /**
     * Binds {@code tcp://host:*} (an IPv6 host in brackets) and starts a daemon thread named {@code
     * telemetry}.
     */
    public Collector(ZContext context, String host) {
      this(context, host, LinkSecurity.NONE);
    }

    /**
     * Binds {@code tcp://host:*} secured by {@code security} (the main process's server end, for
     * AFTM's own keys only) and starts a daemon thread named {@code telemetry}.
     */
    public Collector(ZContext context, String host, LinkSecurity security) {
      this.context = context;
      ZMQ.Socket socket = context.createSocket(SocketType.PULL);
      security.apply(context, socket);
      socket.setHandshakeIvl(LinkSettings.HANDSHAKE_MILLIS);
      socket.setReceiveTimeOut(200);
      socket.setLinger(0);
      int port;
      try {
        port = socket.bindToRandomPort("tcp://" + ConfigHost.urlHost(host));
      } catch (RuntimeException e) {
        socket.close();
        throw e;
      }
      this.endpoint = "tcp://" + ConfigHost.urlHost(host) + ":" + port;
      this.thread = new Thread(() -> serve(socket), "telemetry");
      thread.setDaemon(true);
      thread.start();
    }

    private void serve(ZMQ.Socket socket) {
      try {
        while (running && !Thread.currentThread().isInterrupted()) {
          byte[] frame = socket.recv();
          if (frame == null) {
            continue;
          }
          try {
            ChildReport report = JSON.readValue(frame, ChildReport.class);
            latest.put(report.role(), report);
            lastSeenNanos.put(report.role(), System.nanoTime());
            // Listeners first: a waiter woken by a ready report finds the supervisor told.
            tell(report);
            synchronized (arrivals) {
              arrivals.notifyAll();
            }
          } catch (IOException e) {
            // Jackson's message quotes the frame, which any local process may have sent.
            LOG.warn(
                "Dropped a malformed child report: {}",
                UntrustedText.oneLine(String.valueOf(e.getMessage()), UntrustedText.MAX_CHARS));
          }
        }
      } catch (ZMQException e) {
        if (running) {
          LOG.warn("Telemetry socket failed", e);
        }
      } finally {
        socket.close();
      }
    }

    private void tell(ChildReport report) {
      for (Consumer<ChildReport> listener : listeners) {
        try {
          listener.accept(report);
        } catch (RuntimeException e) {
          // A listener's bug must not stop the heartbeats of every child.
          LOG.warn(
              "A telemetry listener failed on a report of {}",
              UntrustedText.quote(report.role(), 40),
              e);
        }
      }
    }

    /**
     * Hands every report from now on to {@code listener}, on the {@code telemetry} thread: keep it
     * short, it delays the next report.
     */
    public void addListener(Consumer<ChildReport> listener) {
      listeners.add(listener);
    }

    public String endpoint() {
      return endpoint;
    }

    public Optional<ChildReport> latest(ChildRole role) {
      return Optional.ofNullable(latest.get(role.id()));
    }

    /**
     * Waits until a report of {@code role} from the process {@code pid} names carries {@code fact}.
     * The pid matters: after a stop and a new start, the dead process's last report (ready, say) is
     * still the latest of its role until the new one reports.
     *
     * @param pid the process whose report counts, asked afresh on every check (a restart during the
     *     wait changes it)
     * @param stopWaiting checked at least every 200 ms; true ends the wait early (the child gave
     *     up)
     * @return the fact, or empty on timeout or when told to stop waiting
     */
    public Optional<String> awaitFact(
        ChildRole role,
        String fact,
        LongSupplier pid,
        Duration timeout,
        BooleanSupplier stopWaiting)
        throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      synchronized (arrivals) {
        while (true) {
          Optional<String> value =
              latest(role).filter(r -> r.pid() == pid.getAsLong()).map(r -> r.facts().get(fact));
          long left = deadline - System.nanoTime();
          if (value.isPresent() || left <= 0 || stopWaiting.getAsBoolean()) {
            return value;
          }
          arrivals.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 200)));
        }
      }
    }

    /** Time since the role's last heartbeat, or empty if none came yet. */
    public Optional<Duration> silence(ChildRole role) {
      Long seen = lastSeenNanos.get(role.id());
      return seen == null
          ? Optional.empty()
          : Optional.of(Duration.ofNanos(System.nanoTime() - seen));
    }

    @Override
    public void close() {
      running = false;
      try {
        thread.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** A child's end: a PUSH socket that sends a report twice a second from a daemon thread. */
  public static final class Reporter implements AutoCloseable {
    private final Thread thread;
    private volatile boolean running = true;

    public Reporter(
        ZContext context,
        String endpoint,
        ChildRole role,
        Supplier<Map<String, Long>> counters,
        Supplier<Map<String, String>> facts) {
      this(context, endpoint, LinkSecurity.NONE, role, counters, facts);
    }

    /** A reporter whose PUSH socket is secured by {@code security} (a client end of main). */
    public Reporter(
        ZContext context,
        String endpoint,
        LinkSecurity security,
        ChildRole role,
        Supplier<Map<String, Long>> counters,
        Supplier<Map<String, String>> facts) {
      this(context, endpoint, security, role, counters, facts, Map::of);
    }

    /**
     * A reporter whose PUSH socket is secured by {@code security} (a client end of main), which
     * also reports the process's hop histograms.
     */
    public Reporter(
        ZContext context,
        String endpoint,
        LinkSecurity security,
        ChildRole role,
        Supplier<Map<String, Long>> counters,
        Supplier<Map<String, String>> facts,
        Supplier<Map<String, BucketCounts>> histograms) {
      ZMQ.Socket socket = context.createSocket(SocketType.PUSH);
      security.apply(context, socket);
      socket.setHandshakeIvl(LinkSettings.HANDSHAKE_MILLIS);
      socket.setLinger(0);
      socket.setSndHWM(4);
      socket.setSendTimeOut(0);
      GreetedConnection.connect(context, socket, endpoint);
      long pid = ProcessHandle.current().pid();
      this.thread =
          new Thread(
              () -> {
                try {
                  while (running) {
                    send(
                        socket,
                        new ChildReport(
                            role.id(), pid, counters.get(), facts.get(), histograms.get()));
                    synchronized (this) {
                      wait(500);
                    }
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } finally {
                  socket.close();
                }
              },
              "telemetry");
      thread.setDaemon(true);
      thread.start();
    }

    private static void send(ZMQ.Socket socket, ChildReport report) {
      try {
        socket.send(JSON.writeValueAsBytes(report), ZMQ.DONTWAIT);
      } catch (JsonProcessingException | RuntimeException e) {
        LOG.debug("Telemetry report not sent: {}", e.toString());
      }
    }

    @Override
    public void close() {
      running = false;
      synchronized (this) {
        notifyAll();
      }
      try {
        thread.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
