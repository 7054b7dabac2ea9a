package org.aftm.app.alert;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A webhook receiver on a free loopback port: records each POST's body and content type, answers
 * {@link #status}; while {@link #hang} is set, holds each request until {@link #release()}.
 */
public final class WebhookReceiver implements AutoCloseable {

  public final List<String> bodies = new CopyOnWriteArrayList<>();
  public final List<String> contentTypes = new CopyOnWriteArrayList<>();
  public volatile int status = 204;
  public volatile boolean hang;
  private final CountDownLatch released = new CountDownLatch(1);
  private final CountDownLatch entered = new CountDownLatch(1);
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();

  public WebhookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext(
        "/",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (hang) {
              entered.countDown();
              released.await();
            }
            bodies.add(body);
            contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
            exchange.sendResponseHeaders(status, -1);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } finally {
            exchange.close();
          }
        });
    server.setExecutor(threads);
    server.start();
  }

  /** The receiver's URL with a path and a query that stand for a token. */
  public URI url() {
    return URI.create(
        "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/SECRET-PATH?token=SECRET-Q");
  }

  /** Waits until a hung request has arrived. */
  public void awaitHungRequest() throws InterruptedException {
    entered.await();
  }

  public void release() {
    released.countDown();
  }

  @Override
  public void close() {
    release();
    server.stop(0);
    threads.shutdownNow();
  }
}
