package org.aftm.app.session;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import org.aftm.app.config.OwnerOnlyFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a running main process can be reached, recorded in {@code session.json} in its data
 * directory while it runs, so that {@code aftm condition}, {@code aftm positions} and other
 * commands find it by themselves, also when it was started on free ports. Holds no secret.
 *
 * @param pid the main process's pid
 * @param gatewayEndpoint the order gateway's connect address
 * @param tickEndpoint the tick publisher's address
 * @param orderEventEndpoint the order-update publisher's address
 * @param httpPort the status page's port, or -1 when off
 * @param orderAccount the order account being traded
 * @param itemCode the first registered instrument
 * @param startedAtMillis when it started, epoch milliseconds
 * @param itemCodes every registered instrument, in registration order
 * @param childrenStarted whether the strategy and the order executor have been started (false while
 *     the operator's console serves before "start all" or after "stop trading"); null in a record
 *     of an earlier version, which started them with everything else
 */
public record RunningSession(
    @JsonProperty("pid") long pid,
    @JsonProperty("gateway_endpoint") String gatewayEndpoint,
    @JsonProperty("tick_endpoint") String tickEndpoint,
    @JsonProperty("order_event_endpoint") String orderEventEndpoint,
    @JsonProperty("http_port") int httpPort,
    @JsonProperty("order_account") String orderAccount,
    @JsonProperty("item_code") String itemCode,
    @JsonProperty("started_at_ms") long startedAtMillis,
    @JsonProperty("item_codes") List<String> itemCodes,
    @JsonProperty("children_started") Boolean childrenStarted) {

  public RunningSession {
    itemCodes = itemCodes == null ? (itemCode == null ? List.of() : List.of(itemCode)) : itemCodes;
  }

  /** A session of one instrument whose children run (as {@code aftm run} records it). */
  public RunningSession(
      long pid,
      String gatewayEndpoint,
      String tickEndpoint,
      String orderEventEndpoint,
      int httpPort,
      String orderAccount,
      String itemCode,
      long startedAtMillis) {
    this(
        pid,
        gatewayEndpoint,
        tickEndpoint,
        orderEventEndpoint,
        httpPort,
        orderAccount,
        itemCode,
        startedAtMillis,
        itemCode == null ? List.of() : List.of(itemCode),
        true);
  }

  /** Whether the strategy runs (or, in an older record, is taken to run). */
  public boolean strategyStarted() {
    return childrenStarted == null || childrenStarted;
  }

  public static final String FILE_NAME = "session.json";
  private static final Logger LOG = LoggerFactory.getLogger(RunningSession.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** Writes the record atomically, readable by the owner only. */
  public void write(Path dataDir) {
    Path file = dataDir.resolve(FILE_NAME);
    Path temporary = dataDir.resolve(FILE_NAME + ".tmp");
    try {
      // Created rw------- (not changed afterwards), so no other user can open it meanwhile.
      Files.deleteIfExists(temporary);
      Files.createFile(temporary, OwnerOnlyFiles.fileAttributes(temporary));
      Files.write(temporary, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
      try {
        Files.move(
            temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + file, e);
    }
  }

  /** Removes the record if it is this process's. */
  public void remove(Path dataDir) {
    Path file = dataDir.resolve(FILE_NAME);
    read(file)
        .filter(s -> s.pid == ProcessHandle.current().pid())
        .ifPresent(
            s -> {
              try {
                Files.deleteIfExists(file);
              } catch (IOException e) {
                LOG.warn("Could not remove {}: {}", file, e.toString());
              }
            });
  }

  /**
   * Removes the record left by {@code deadPid}, a main process that died without removing it (the
   * data directory lock was taken over from it); a record of any other process stays.
   *
   * @return whether a record was removed
   */
  public static boolean removeStale(Path dataDir, long deadPid) {
    Path file = dataDir.resolve(FILE_NAME);
    if (read(file).filter(s -> s.pid == deadPid).isEmpty()) {
      return false;
    }
    try {
      Files.deleteIfExists(file);
      LOG.info("Removed the session record {} of the dead process {}", file, deadPid);
      return true;
    } catch (IOException e) {
      LOG.warn("Could not remove the stale session record {}: {}", file, e.toString());
      return false;
    }
  }

  /** The main process running on this data directory, if its record exists and it is alive. */
  public static Optional<RunningSession> find(Path dataDir) {
    return read(dataDir.resolve(FILE_NAME))
        .filter(s -> ProcessHandle.of(s.pid).map(ProcessHandle::isAlive).orElse(false));
  }

  private static Optional<RunningSession> read(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(file.toFile(), RunningSession.class));
    } catch (IOException e) {
      LOG.warn("Ignoring unreadable session record {}: {}", file, e.toString());
      return Optional.empty();
    }
  }
}
