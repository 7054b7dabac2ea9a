package org.aftm.app.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.aftm.adapter.out.persistence.DataDirectoryLock;
import org.aftm.app.config.AftmConfig;
import org.aftm.app.config.ConfigKey;
import org.aftm.app.config.OwnerOnlyFiles;
import org.aftm.app.process.ChildRole;
import org.aftm.app.wiring.MainProcess;
import org.aftm.domain.condition.ConditionSpec;
import org.aftm.domain.model.MarketTick;
import org.aftm.domain.model.Price;

/**
 * The real three-process system as a bench drives it: {@link MainProcess#start} on a fresh data
 * directory of its own, free ports, no status page, no generated quotes (the bench feeds the
 * market), and the strategy's counters as its heartbeat reports them. Closing stops every process
 * and removes the database and keys, keeping the logs.
 *
 * <p>What a real install keeps from one day to the next and a fresh bench folder would not have,
 * the children's class-data-sharing archives and SQLite's extracted native library, is kept between
 * bench runs in {@code <bench folder's parent>/cache/} and moved into each run's data directory: a
 * start measures a trader's morning, not a first install (the first run after a build still writes
 * the archives, as a first start does).
 *
 * <p>Not thread-safe: the bench's thread drives it.
 */
public final class BenchSystem implements AutoCloseable {

  /** An instrument no bench condition watches, fed until the strategy sees ticks. */
  private static final String PROBE_ITEM = "MXF";

  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  /** The data directory's parts that outlive a run (docs/architecture.md §1, §12.4). */
  private static final List<String> KEPT_BETWEEN_RUNS = List.of("class-archives", "native");

  private final AftmConfig config;
  private final MainProcess main;
  private final long startToReadyNanos;

  private BenchSystem(AftmConfig config, MainProcess main, long startToReadyNanos) {
    this.config = config;
    this.main = main;
    this.startToReadyNanos = startToReadyNanos;
  }

  /**
   * The configuration a bench runs the system with: {@code base} (the operator's flags,
   * environment, {@code .env}) with free ports, no status page and order limits far above any
   * bench's rate (measure the path, not the limit), then the operator's explicit {@code -c} flags
   * again on top, and always {@code systemDir} as the data directory.
   */
  public static AftmConfig configFor(
      AftmConfig base, Path systemDir, Map<ConfigKey, String> explicit) {
    Map<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);
    values.put(ConfigKey.ZMQ_TICK_PORT, "0");
    values.put(ConfigKey.ZMQ_SIGNAL_PORT, "0");
    values.put(ConfigKey.DLL_GATEWAY_PORT, "0");
    values.put(ConfigKey.AFTM_ORDER_EVENT_PORT, "0");
    values.put(ConfigKey.AFTM_HTTP_PORT, "-1");
    values.put(ConfigKey.AFTM_MAX_POSITION_QTY, "100000");
    values.put(ConfigKey.AFTM_MAX_ORDER_QTY, "1000");
    values.put(ConfigKey.AFTM_MAX_ORDERS_PER_SECOND, "100000");
    values.put(ConfigKey.AFTM_MAX_ORDERS_PER_MINUTE, "6000000");
    values.putAll(explicit);
    values.put(ConfigKey.AFTM_DATA_DIR, systemDir.toString());
    return base.with(values);
  }

  /**
   * Starts the system on {@code config}'s data directory, emptied first but for its logs (refused
   * while another process holds it).
   */
  static BenchSystem start(AftmConfig config) {
    Path dir = config.dataDir();
    if (Files.exists(dir)) {
      DataDirectoryLock.requireFree(dir);
      deleteRecursively(dir, config.logDir());
    }
    moveKeptParts(cacheFor(dir), dir);
    long start = System.nanoTime();
    MainProcess main =
        MainProcess.start(
            config, config.simDemoAccount(), config.simDemoPassword().toCharArray(), false);
    return new BenchSystem(config, main, System.nanoTime() - start);
  }

  MainProcess main() {
    return main;
  }

  AftmConfig config() {
    return config;
  }

  /** {@link MainProcess#start} call → returned: both children ready, the session written. */
  long startToReadyNanos() {
    return startToReadyNanos;
  }

  /** A strategy counter as its last heartbeat (twice a second) reported it; 0 before the first. */
  long strategyCounter(String name) {
    return main.childReport(ChildRole.STRATEGY).map(report -> report.counter(name)).orElse(0L);
  }

  /**
   * PUB/SUB joins late: feeds ticks of an instrument no condition watches until the strategy
   * reports having seen one, so no measured tick is lost to the joining subscription.
   */
  void awaitTickLink(Duration timeout) {
    long before = strategyCounter("ticks");
    long deadline = System.nanoTime() + timeout.toNanos();
    long nextProbe = 0;
    while (strategyCounter("ticks") <= before) {
      long now = System.nanoTime();
      if (now - deadline > 0) {
        throw new IllegalStateException(
            "the strategy saw no tick within " + timeout + "; see " + config.logDir());
      }
      if (now - nextProbe >= 0) {
        main.simulatedBroker()
            .feed(
                new MarketTick(
                    PROBE_ITEM, Price.ofPoints(21_000).units(), 1, System.currentTimeMillis()));
        nextProbe = now + TimeUnit.MILLISECONDS.toNanos(50);
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }

  /**
   * Registers conditions through the main process, as {@code aftm condition add} does, and waits
   * until the strategy reports them applied. A command sent while its subscription was still
   * joining is lost, but the next one shows the gap and the strategy reloads every stored
   * condition; so once at least one was applied after the timeout, all are in its book.
   */
  void register(List<ConditionSpec> specs, Duration timeout) {
    long before = strategyCounter("commands_applied");
    for (ConditionSpec spec : specs) {
      main.conditions().registerCondition(spec);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (strategyCounter("commands_applied") < before + specs.size()) {
      if (System.nanoTime() - deadline > 0) {
        if (strategyCounter("commands_applied") > before) {
          return;
        }
        throw new IllegalStateException(
            "the strategy applied none of "
                + specs.size()
                + " conditions within "
                + timeout
                + "; see "
                + config.logDir());
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }

  /** Stops every process, then removes the data directory except its logs. */
  @Override
  public void close() {
    main.close();
    moveKeptParts(config.dataDir(), cacheFor(config.dataDir()));
    deleteRecursively(config.dataDir(), config.logDir());
  }

  /** {@code <bench>/<kind>-<time>/system} keeps its lasting parts in {@code <bench>/cache}. */
  private static Path cacheFor(Path systemDir) {
    Path runFolder = systemDir.toAbsolutePath().getParent();
    Path benchFolder = runFolder == null ? null : runFolder.getParent();
    return benchFolder == null ? systemDir.resolveSibling("cache") : benchFolder.resolve("cache");
  }

  /** Moves what outlives a run from one directory to another; a part that cannot move is left. */
  private static void moveKeptParts(Path from, Path to) {
    for (String part : KEPT_BETWEEN_RUNS) {
      Path source = from.resolve(part);
      Path target = to.resolve(part);
      if (!Files.isDirectory(source) || Files.exists(target)) {
        continue;
      }
      try {
        OwnerOnlyFiles.createDirectories(to);
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException | UnsupportedOperationException e) {
        // Only a cost: the next start writes the archives or extracts the library again.
      }
    }
  }

  /** Deletes {@code root} and everything under it, except {@code keep} and what it holds. */
  static void deleteRecursively(Path root, Path keep) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        if (keep != null && path.startsWith(keep)) {
          continue;
        }
        if (keep != null && keep.startsWith(path)) {
          continue;
        }
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }
}
