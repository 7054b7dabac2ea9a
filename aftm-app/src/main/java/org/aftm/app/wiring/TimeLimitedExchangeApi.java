package org.aftm.app.wiring;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.aftm.application.port.out.ExchangeApi;
import org.aftm.application.port.out.ExchangeException;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderUpdate;
import org.aftm.domain.order.Position;

/**
 * The broker's order and query calls with a deadline: a broker that hangs would otherwise hold the
 * gateway's one thread forever, and the circuit breaker in front ({@link
 * CircuitBreakingExchangeApi}) would never hear of a failure. A call past its deadline throws
 * {@link ExchangeException} naming the call and the deadline, which the breaker counts; a {@code
 * placeOrder} that timed out has an unknown outcome, which {@code PlaceOrderService} records as
 * such.
 *
 * <p>Threading: each limited call runs on one of a few daemon threads {@code broker-call-N} while
 * the caller waits. A call that never returns keeps its thread; once every thread holds one,
 * further calls fail at once ("broker not answering"), so hung calls cannot pile up threads without
 * limit. Login, contracts, accounts, quotes and listeners are start-up and event plumbing, not
 * guarded by the breaker either, and are passed straight through on the caller's thread.
 */
public final class TimeLimitedExchangeApi extends ForwardingExchangeApi implements AutoCloseable {

  /** A broker that has not acknowledged an order in this long is treated as not answering. */
  public static final Duration STANDARD_ORDER_DEADLINE = Duration.ofSeconds(3);

  /** Queries (positions, order states) may take longer than an acknowledgement. */
  public static final Duration STANDARD_QUERY_DEADLINE = Duration.ofSeconds(5);

  /** Threads for broker calls: more than the gateway's one, few enough to bound hung calls. */
  public static final int STANDARD_THREADS = 3;

  /** How long a caller spins before it parks for the answer. */
  private static final long SPIN_NANOS = 50_000;

  private final long orderDeadlineNanos;
  private final long queryDeadlineNanos;
  private final int threads;
  private final Semaphore free;
  private final ExecutorService pool;

  /**
   * @param orderDeadline how long {@code placeOrder} may take
   * @param queryDeadline how long {@code positions}, {@code orderState} and {@code workingOrders}
   *     may take
   * @param threads how many calls may be outstanding at once, hung ones included
   */
  public TimeLimitedExchangeApi(
      ExchangeApi delegate, Duration orderDeadline, Duration queryDeadline, int threads) {
    super(delegate);
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, was " + threads);
    }
    this.orderDeadlineNanos = orderDeadline.toNanos();
    this.queryDeadlineNanos = queryDeadline.toNanos();
    this.threads = threads;
    this.free = new Semaphore(threads);
    AtomicInteger numbers = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            task -> {
              Thread thread = new Thread(task, "broker-call-" + numbers.incrementAndGet());
              thread.setDaemon(true); // a hung broker call must not keep the JVM alive
              return thread;
            });
  }

  /** With the standard deadlines and threads. */
  public static TimeLimitedExchangeApi standard(ExchangeApi delegate) {
    return new TimeLimitedExchangeApi(
        delegate, STANDARD_ORDER_DEADLINE, STANDARD_QUERY_DEADLINE, STANDARD_THREADS);
  }

  @Override
  public OrderResult placeOrder(OrderRequest request) {
    return limited(
        "placeOrder " + request.clientOrderId(),
        orderDeadlineNanos,
        () -> delegate.placeOrder(request));
  }

  @Override
  public List<Position> positions(String account) {
    return limited("positions", queryDeadlineNanos, () -> delegate.positions(account));
  }

  @Override
  public Optional<OrderUpdate> orderState(String clientOrderId) {
    return limited(
        "orderState " + clientOrderId,
        queryDeadlineNanos,
        () -> delegate.orderState(clientOrderId));
  }

  @Override
  public List<OrderUpdate> workingOrders(String account) {
    return limited("workingOrders", queryDeadlineNanos, () -> delegate.workingOrders(account));
  }

  /** Calls outstanding now, hung ones included. */
  public int outstandingCalls() {
    return threads - free.availablePermits();
  }

  private <T> T limited(String call, long deadlineNanos, Callable<T> body) {
    if (!free.tryAcquire()) {
      throw new ExchangeException(
          "broker not answering: " + threads + " calls outstanding; " + call + " not sent");
    }
    // Whoever claims the call first releases the thread's permit: the call when it ends, or the
    // caller when it gave up before the call started (then it never will).
    AtomicBoolean claimed = new AtomicBoolean();
    Future<T> future;
    try {
      future =
          pool.submit(
              () -> {
                if (claimed.getAndSet(true)) {
                  return null; // given up on before it started
                }
                try {
                  return body.call();
                } finally {
                  free.release();
                }
              });
    } catch (RuntimeException e) { // rejected: closed
      free.release();
      throw new ExchangeException("broker calls closed; " + call + " not sent", e);
    }
    try {
      awaitBriefly(future);
      return future.get(deadlineNanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      giveUp(future, claimed);
      throw new ExchangeException(
          "broker did not answer "
              + call
              + " within "
              + TimeUnit.NANOSECONDS.toMillis(deadlineNanos)
              + " ms");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime; // the broker's own exception, as if called directly
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new ExchangeException("broker failed in " + call + ": " + cause, cause);
    } catch (InterruptedException e) {
      giveUp(future, claimed);
      Thread.currentThread().interrupt();
      throw new ExchangeException("interrupted while waiting for " + call, e);
    }
  }

  /**
   * Most broker calls answer within microseconds; waiting for them spinning saves the caller the
   * cost of being parked and woken again (tens of microseconds on a busy machine).
   */
  private static void awaitBriefly(Future<?> future) {
    long until = System.nanoTime() + SPIN_NANOS;
    while (!future.isDone() && System.nanoTime() < until) {
      Thread.onSpinWait();
    }
  }

  private void giveUp(Future<?> future, AtomicBoolean claimed) {
    // An interrupt frees the thread of a call that waits interruptibly; one stuck in native code
    // keeps it until it returns.
    future.cancel(true);
    if (!claimed.getAndSet(true)) {
      free.release();
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
