package org.aftm.adapter.out.sim;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.aftm.domain.model.Price;

/**
 * Configuration of the simulated broker ({@link SimExchangeApi}).
 *
 * <p>The demo password is kept only as a salted digest ({@link DemoPassword}), and {@link
 * #toString()} never shows it, so the settings can be logged.
 *
 * @param demoAccount the account the demo login accepts
 * @param demoPassword the password the demo login accepts, as a salted digest
 * @param orderAccounts the order accounts the logged-in user has, at least one
 * @param seed the seed of the market-data generator: one seed, one price path per instrument
 * @param ticksPerSecond ticks the generator emits per second for each subscribed instrument
 * @param startingPrices the reference price per product root ({@code "TXF"}, {@code "MXF"}): the
 *     generator starts there and today's limits are ±10% of it
 * @param clock the time source: its date in Asia/Taipei decides the front months, and it stamps
 *     generated ticks and orders
 * @param rejectRate the chance, 0 to 1, that the broker rejects an order it acknowledged (a {@code
 *     BROKER_REJECTED} event instead of an accept)
 * @param partialFillRate the chance, 0 to 1, that an immediate order (market, IOC, FOK) finds only
 *     part of its quantity: an IOC or market order fills a random 0 to quantity − 1 lots and the
 *     rest is cancelled; a FOK is cancelled with nothing filled
 * @param ackDelayMillis milliseconds from an acknowledgement to its accept or reject event, &ge; 0
 * @param fillDelayMillis milliseconds from the accept to the order's fills or cancel, &ge; 0
 * @param stateDirectory where the broker keeps its journal of orders and fills, so a restart finds
 *     them again; {@code null} keeps everything in memory (tests, replay)
 */
public record SimSettings(
    String demoAccount,
    DemoPassword demoPassword,
    List<String> orderAccounts,
    long seed,
    int ticksPerSecond,
    Map<String, Price> startingPrices,
    Clock clock,
    double rejectRate,
    double partialFillRate,
    long ackDelayMillis,
    long fillDelayMillis,
    Path stateDirectory) {

  /** The demo account of {@link #defaults()}; the README and {@code aftm demo} show it. */
  public static final String DEFAULT_DEMO_ACCOUNT = "demo";

  /**
   * The demo password of {@link #defaults()}: a demo secret, printed on purpose by {@code aftm
   * demo}.
   */
  public static final String DEFAULT_DEMO_PASSWORD = "demo";

  /** The order account of {@link #defaults()}. */
  public static final String DEFAULT_ORDER_ACCOUNT = "SIM-0001";

  public static final long DEFAULT_SEED = 42L;

  public static final int DEFAULT_TICKS_PER_SECOND = 10;

  /** Generated ticks per second per instrument above which the generator would only burn CPU. */
  public static final int MAX_TICKS_PER_SECOND = 100_000;

  /** The longest simulated delay: a minute, so a typo does not park an order for a day. */
  public static final long MAX_DELAY_MILLIS = 60_000;

  /** Where the exchange's calendar lives: front months and local tick times are Taipei time. */
  public static final ZoneId EXCHANGE_ZONE = ZoneId.of("Asia/Taipei");

  public SimSettings {
    Objects.requireNonNull(demoAccount, "demoAccount");
    Objects.requireNonNull(demoPassword, "demoPassword");
    Objects.requireNonNull(orderAccounts, "orderAccounts");
    Objects.requireNonNull(startingPrices, "startingPrices");
    Objects.requireNonNull(clock, "clock");
    if (demoAccount.isBlank()) {
      throw new IllegalArgumentException("demo account is blank");
    }
    if (orderAccounts.isEmpty()) {
      throw new IllegalArgumentException("at least one order account is needed");
    }
    for (String orderAccount : orderAccounts) {
      if (orderAccount == null || orderAccount.isBlank()) {
        throw new IllegalArgumentException("order accounts must not be blank: " + orderAccounts);
      }
    }
    if (ticksPerSecond <= 0 || ticksPerSecond > MAX_TICKS_PER_SECOND) {
      throw new IllegalArgumentException(
          "ticks per second must be 1 to " + MAX_TICKS_PER_SECOND + " but was " + ticksPerSecond);
    }
    for (Map.Entry<String, Price> entry : startingPrices.entrySet()) {
      if (SimContracts.PRODUCTS.stream().noneMatch(p -> p.root().equals(entry.getKey()))) {
        throw new IllegalArgumentException(
            "starting price given for "
                + entry.getKey()
                + ", which the simulated broker does not list; it lists TXF and MXF");
      }
      if (entry.getValue() == null || !entry.getValue().isPositive()) {
        throw new IllegalArgumentException("starting price of " + entry.getKey() + " must be > 0");
      }
    }
    requireRate("rejectRate", rejectRate);
    requireRate("partialFillRate", partialFillRate);
    requireDelay("ackDelayMillis", ackDelayMillis);
    requireDelay("fillDelayMillis", fillDelayMillis);
    orderAccounts = List.copyOf(orderAccounts);
    startingPrices = Map.copyOf(startingPrices);
  }

  /**
   * Demo account {@value #DEFAULT_DEMO_ACCOUNT} / {@value #DEFAULT_DEMO_PASSWORD}, order account
   * {@value #DEFAULT_ORDER_ACCOUNT}, seed {@value #DEFAULT_SEED}, {@value
   * #DEFAULT_TICKS_PER_SECOND} ticks a second, TXF and MXF starting at 22000, the system clock; no
   * rejections, no partial fills, no delays, in memory only.
   */
  public static SimSettings defaults() {
    Map<String, Price> prices = new LinkedHashMap<>();
    prices.put("TXF", Price.ofPoints(22_000));
    prices.put("MXF", Price.ofPoints(22_000));
    return new SimSettings(
        DEFAULT_DEMO_ACCOUNT,
        DemoPassword.of(DEFAULT_DEMO_PASSWORD.toCharArray()),
        List.of(DEFAULT_ORDER_ACCOUNT),
        DEFAULT_SEED,
        DEFAULT_TICKS_PER_SECOND,
        prices,
        Clock.systemUTC(),
        0,
        0,
        0,
        0,
        null);
  }

  private static void requireRate(String name, double rate) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException(name + " must be 0 to 1 but was " + rate);
    }
  }

  private static void requireDelay(String name, long millis) {
    if (millis < 0 || millis > MAX_DELAY_MILLIS) {
      throw new IllegalArgumentException(
          name + " must be 0 to " + MAX_DELAY_MILLIS + " but was " + millis);
    }
  }

  /** Whether events wait for a delay, so they go through the broker's event thread. */
  public boolean delaysEvents() {
    return ackDelayMillis > 0 || fillDelayMillis > 0;
  }

  /**
   * @param password read, not kept (only its digest is): the caller clears it
   */
  public SimSettings withDemoCredentials(String account, char[] password) {
    return withDemoCredentials(account, DemoPassword.of(password));
  }

  public SimSettings withDemoCredentials(String account, DemoPassword password) {
    return new SimSettings(
        account,
        password,
        orderAccounts,
        seed,
        ticksPerSecond,
        startingPrices,
        clock,
        rejectRate,
        partialFillRate,
        ackDelayMillis,
        fillDelayMillis,
        stateDirectory);
  }

  public SimSettings withOrderAccounts(List<String> accounts) {
    return new SimSettings(
        demoAccount,
        demoPassword,
        accounts,
        seed,
        ticksPerSecond,
        startingPrices,
        clock,
        rejectRate,
        partialFillRate,
        ackDelayMillis,
        fillDelayMillis,
        stateDirectory);
  }

  public SimSettings withSeed(long newSeed) {
    return new SimSettings(
        demoAccount,
        demoPassword,
        orderAccounts,
        newSeed,
        ticksPerSecond,
        startingPrices,
        clock,
        rejectRate,
        partialFillRate,
        ackDelayMillis,
        fillDelayMillis,
        stateDirectory);
  }

  public SimSettings withTicksPerSecond(int rate) {
    return new SimSettings(
        demoAccount,
        demoPassword,
        orderAccounts,
        seed,
        rate,
        startingPrices,
        clock,
        rejectRate,
        partialFillRate,
        ackDelayMillis,
        fillDelayMillis,
        stateDirectory);
  }

  /** A copy where {@code product} ({@code "TXF"} or {@code "MXF"}) starts at {@code price}. */
  public SimSettings withStartingPrice(String product, Price price) {
    Map<String, Price> prices = new LinkedHashMap<>(startingPrices);
    prices.put(product, price);
    return new SimSettings(
        demoAccount,
        demoPassword,
        orderAccounts,
        seed,
        ticksPerSecond,
        prices,
        clock,
        rejectRate,
        partialFillRate,
        ackDelayMillis,
        fillDelayMillis,
        stateDirectory);
  }

  public SimSettings withClock(Clock newClock) {
    return new SimSettings(
        demoAccount,
        demoPassword,
        orderAccounts,
        seed,
        ticksPerSecond,
        startingPrices,
        newClock,
        rejectRate,
        partialFillRate,
        ackDelayMillis,
        fillDelayMillis,
        stateDirectory);
  }

  /** A copy where the broker rejects {@code rate} (0 to 1) of the orders it acknowledged. */
  public SimSettings withRejectRate(double rate) {
    return new SimSettings(
        demoAccount,
        demoPassword,
        orderAccounts,
        seed,
        ticksPerSecond,
        startingPrices,
        clock,
        rate,
        partialFillRate,
        ackDelayMillis,
        fillDelayMillis,
        stateDirectory);
  }

  /** A copy where {@code rate} (0 to 1) of the immediate orders fill only in part. */
  public SimSettings withPartialFillRate(double rate) {
    return new SimSettings(
        demoAccount,
        demoPassword,
        orderAccounts,
        seed,
        ticksPerSecond,
        startingPrices,
        clock,
        rejectRate,
        rate,
        ackDelayMillis,
        fillDelayMillis,
        stateDirectory);
  }

  /** A copy where the accept or reject event comes {@code millis} after the acknowledgement. */
  public SimSettings withAckDelayMillis(long millis) {
    return new SimSettings(
        demoAccount,
        demoPassword,
        orderAccounts,
        seed,
        ticksPerSecond,
        startingPrices,
        clock,
        rejectRate,
        partialFillRate,
        millis,
        fillDelayMillis,
        stateDirectory);
  }

  /** A copy where fills and cancels come {@code millis} after the accept. */
  public SimSettings withFillDelayMillis(long millis) {
    return new SimSettings(
        demoAccount,
        demoPassword,
        orderAccounts,
        seed,
        ticksPerSecond,
        startingPrices,
        clock,
        rejectRate,
        partialFillRate,
        ackDelayMillis,
        millis,
        stateDirectory);
  }

  /**
   * A copy that keeps the broker's orders and fills in {@code directory} (created if missing), or
   * in memory only when {@code null}.
   */
  public SimSettings withStateDirectory(Path directory) {
    return new SimSettings(
        demoAccount,
        demoPassword,
        orderAccounts,
        seed,
        ticksPerSecond,
        startingPrices,
        clock,
        rejectRate,
        partialFillRate,
        ackDelayMillis,
        fillDelayMillis,
        directory);
  }

  // Written out so that the hash leaves the password's digest out.
  @Override
  public boolean equals(Object other) {
    return other instanceof SimSettings that
        && demoAccount.equals(that.demoAccount)
        && demoPassword.equals(that.demoPassword)
        && orderAccounts.equals(that.orderAccounts)
        && seed == that.seed
        && ticksPerSecond == that.ticksPerSecond
        && startingPrices.equals(that.startingPrices)
        && clock.equals(that.clock)
        && Double.compare(rejectRate, that.rejectRate) == 0
        && Double.compare(partialFillRate, that.partialFillRate) == 0
        && ackDelayMillis == that.ackDelayMillis
        && fillDelayMillis == that.fillDelayMillis
        && Objects.equals(stateDirectory, that.stateDirectory);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        demoAccount,
        orderAccounts,
        seed,
        ticksPerSecond,
        startingPrices,
        clock,
        rejectRate,
        partialFillRate,
        ackDelayMillis,
        fillDelayMillis,
        stateDirectory);
  }

  /** Never shows the password. */
  @Override
  public String toString() {
    return "SimSettings[demoAccount="
        + demoAccount
        + ", demoPassword=***, orderAccounts="
        + orderAccounts
        + ", seed="
        + seed
        + ", ticksPerSecond="
        + ticksPerSecond
        + ", startingPrices="
        + startingPrices
        + ", clock="
        + clock
        + ", rejectRate="
        + rejectRate
        + ", partialFillRate="
        + partialFillRate
        + ", ackDelayMillis="
        + ackDelayMillis
        + ", fillDelayMillis="
        + fillDelayMillis
        + ", stateDirectory="
        + stateDirectory
        + "]";
  }
}
