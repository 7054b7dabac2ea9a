package org.aftm.adapter.out.sim;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.aftm.domain.model.Contract;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated market data: on its own daemon thread, {@value #THREAD_NAME}, it steps a seeded
 * {@link RandomWalk} per subscribed contract at a fixed rate and hands each step to a sink.
 *
 * <p>A contract's path depends only on the seed and the contract code; unsubscribing pauses it and
 * subscribing again resumes it where it stopped. The thread starts with the first subscription, so
 * a broker used only for replay never starts one.
 */
final class SimMarketDataGenerator implements AutoCloseable {

  static final String THREAD_NAME = "sim-market-data";

  private static final Logger LOG = LoggerFactory.getLogger(SimMarketDataGenerator.class);

  /** A steady rate that fell this far behind (a paused JVM) restarts instead of bursting. */
  private static final long MAX_LAG_NANOS = TimeUnit.SECONDS.toNanos(1);

  private static final long JOIN_MILLIS = 2_000;

  /** One step of one contract's market. */
  record Step(
      String contractCode,
      long priceUnits,
      long quantity,
      long bidUnits,
      long bidQuantity,
      long askUnits,
      long askQuantity,
      long timeMillis) {}

  /** Where steps go; called on the generator thread. */
  interface Sink {
    void onStep(Step step);
  }

  private static final class Stream {
    final String contractCode;
    final RandomWalk walk;
    volatile boolean active;

    Stream(String contractCode, RandomWalk walk) {
      this.contractCode = contractCode;
      this.walk = walk;
    }
  }

  private final long seed;
  private final long periodNanos;
  private final Clock clock;
  private final Sink sink;

  /** Every contract ever subscribed, so a resumed path continues where it paused. */
  private final Map<String, Stream> streams = new ConcurrentHashMap<>();

  private final Object threadLock = new Object();
  private Thread thread; // guarded by threadLock
  private volatile boolean running = true;

  SimMarketDataGenerator(long seed, int ticksPerSecond, Clock clock, Sink sink) {
    this.seed = seed;
    this.periodNanos = TimeUnit.SECONDS.toNanos(1) / ticksPerSecond;
    this.clock = clock;
    this.sink = sink;
  }

  /**
   * Starts steps for {@code contract}, from {@code startUnits} if it was never subscribed before.
   *
   * @throws IllegalStateException after {@link #close()}
   */
  void subscribe(Contract contract, long startUnits) {
    Stream stream =
        streams.computeIfAbsent(
            contract.code(),
            code ->
                new Stream(
                    code,
                    new RandomWalk(
                        seed,
                        code,
                        startUnits,
                        contract.tickSize().units(),
                        contract.limitDown().units(),
                        contract.limitUp().units())));
    stream.active = true;
    startThread();
  }

  /** Stops steps for the contract; a step already being delivered may still arrive. */
  void unsubscribe(String contractCode) {
    Stream stream = streams.get(contractCode);
    if (stream != null) {
      stream.active = false;
    }
  }

  boolean isRunning() {
    synchronized (threadLock) {
      return thread != null && thread.isAlive();
    }
  }

  private void startThread() {
    synchronized (threadLock) {
      if (!running) {
        throw new IllegalStateException("the simulated market data generator is closed");
      }
      if (thread == null) {
        thread = new Thread(this::run, THREAD_NAME);
        thread.setDaemon(true);
        thread.start();
        LOG.info(
            "Simulated market data started: seed {}, one tick every {} us per instrument",
            seed,
            periodNanos / 1_000);
      }
    }
  }

  private void run() {
    long next = System.nanoTime();
    while (running) {
      next += periodNanos;
      long now = System.nanoTime();
      if (now - next > MAX_LAG_NANOS) {
        next = now;
      }
      while (running && next - now > 0) {
        LockSupport.parkNanos(this, next - now);
        now = System.nanoTime();
      }
      if (!running) {
        break;
      }
      for (Stream stream : streams.values()) {
        if (stream.active) {
          emit(stream);
        }
      }
    }
    LOG.info("Simulated market data stopped");
  }

  private void emit(Stream stream) {
    RandomWalk walk = stream.walk;
    walk.step();
    Step step =
        new Step(
            stream.contractCode,
            walk.priceUnits(),
            walk.quantity(),
            walk.bidUnits(),
            walk.bidQuantity(),
            walk.askUnits(),
            walk.askQuantity(),
            clock.millis());
    try {
      sink.onStep(step);
    } catch (RuntimeException e) {
      // A failing consumer must not stop the market for everyone else.
      LOG.warn("Delivering a simulated tick for {} failed", step.contractCode(), e);
    }
  }

  /** Stops the thread and waits for it (up to two seconds). Idempotent. */
  @Override
  public void close() {
    Thread toJoin;
    synchronized (threadLock) {
      running = false;
      toJoin = thread;
    }
    if (toJoin == null || toJoin == Thread.currentThread()) {
      return;
    }
    LockSupport.unpark(toJoin);
    try {
      toJoin.join(JOIN_MILLIS);
      if (toJoin.isAlive()) {
        LOG.warn(
            "Simulated market data thread did not stop within {} ms; interrupting it", JOIN_MILLIS);
        toJoin.interrupt();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
