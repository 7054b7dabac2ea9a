package org.aftm.app.alert;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs alert notices as JSON to {@code AFTM_ALERT_WEBHOOK_URL}, from its own daemon thread {@code
 * alert-webhook}: {@link #accept} only queues, so a slow or failing receiver never holds the
 * evaluator (nor anything on the order path). The queue is bounded; when it is full the oldest
 * notice is dropped and counted. A POST that fails (no answer within the timeout, no connection, a
 * status other than 2xx) is counted and not retried; the first failure of an outage is logged, and
 * the first success after it, not every POST. The URL may carry a token: only {@code
 * scheme://host:port} of it is ever logged.
 */
public final class AlertWebhook implements Consumer<AlertNotice>, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AlertWebhook.class);

  /** Notices kept while the receiver is slow; a burst of all rules firing and resolving fits. */
  public static final int DEFAULT_CAPACITY = 64;

  /** Longest wait for a connection, and for a response. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  private final URI url;
  private final String shownUrl;
  private final Duration timeout;
  private final int capacity;
  private final HttpClient client;
  private final Thread sender;

  /** Guarded by itself. */
  private final ArrayDeque<AlertNotice> queue = new ArrayDeque<>();

  private long dropped;
  private volatile long sent;
  private volatile long failed;
  private volatile boolean closed;

  /** Whether the last POST failed; written by the sender thread only. */
  private boolean failing;

  private long failuresThisOutage;

  public AlertWebhook(URI url) {
    this(url, DEFAULT_CAPACITY, DEFAULT_TIMEOUT);
  }

  public AlertWebhook(URI url, int capacity, Duration timeout) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1: " + capacity);
    }
    this.url = url;
    this.shownUrl = shown(url);
    this.capacity = capacity;
    this.timeout = timeout;
    this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    this.sender = new Thread(this::sendLoop, "alert-webhook");
    sender.setDaemon(true);
    sender.start();
  }

  /**
   * {@code scheme://host:port} of a URL: what may be logged of one that may carry a token in its
   * user info, path or query.
   */
  public static String shown(URI url) {
    int port = url.getPort();
    if (port < 0) {
      port = "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }
    String host = url.getHost() == null ? "?" : url.getHost();
    return url.getScheme() + "://" + host + ":" + port;
  }

  /** Queues the notice, never waits; drops the oldest queued when full. */
  @Override
  public void accept(AlertNotice notice) {
    synchronized (queue) {
      if (closed) {
        return;
      }
      if (queue.size() >= capacity) {
        queue.pollFirst();
        dropped++;
        if (dropped == 1 || Long.bitCount(dropped) == 1) {
          // 1, 2, 4, 8, ...: visible, but no line per drop while the receiver is gone.
          LOG.warn(
              "Alert webhook {}: queue of {} full, oldest notice dropped ({} dropped so far)",
              shownUrl,
              capacity,
              dropped);
        }
      }
      queue.addLast(notice);
      queue.notifyAll();
    }
  }

  /** Notices dropped because the queue was full. */
  public long dropped() {
    synchronized (queue) {
      return dropped;
    }
  }

  /** Notices the receiver accepted with a 2xx. */
  public long sent() {
    return sent;
  }

  /** POSTs that failed. */
  public long failed() {
    return failed;
  }

  /** Notices waiting to be sent. */
  public int queued() {
    synchronized (queue) {
      return queue.size();
    }
  }

  private void sendLoop() {
    while (true) {
      AlertNotice notice;
      synchronized (queue) {
        while (queue.isEmpty() && !closed) {
          try {
            queue.wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (closed) {
          return;
        }
        notice = queue.pollFirst();
      }
      post(notice);
    }
  }

  private void post(AlertNotice notice) {
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(notice.toJson(), StandardCharsets.UTF_8))
            .build();
    String problem;
    try {
      HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() / 100 == 2) {
        sent++;
        if (failing) {
          failing = false;
          LOG.info(
              "Alert webhook {} answers again after {} failed POST(s)",
              shownUrl,
              failuresThisOutage);
        }
        return;
      }
      problem = "HTTP status " + response.statusCode();
    } catch (IOException e) {
      problem = e.getClass().getSimpleName() + redacted(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    failed++;
    if (!failing) {
      failing = true;
      failuresThisOutage = 0;
      LOG.warn(
          "Alert webhook {} failing ({}); {} {} not delivered; further failures are not logged"
              + " until it answers again",
          shownUrl,
          problem,
          notice.rule().alertName(),
          notice.state().text());
    }
    failuresThisOutage++;
  }

  /** An exception's message without the URL, which may carry a token. */
  private String redacted(String message) {
    if (message == null || message.isBlank()) {
      return "";
    }
    return ": " + message.replace(url.toString(), shownUrl);
  }

  /** Stops the sender; notices still queued are not sent. */
  @Override
  public void close() {
    synchronized (queue) {
      closed = true;
      queue.notifyAll();
    }
    sender.interrupt();
    try {
      sender.join(timeout.toMillis() + 1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
