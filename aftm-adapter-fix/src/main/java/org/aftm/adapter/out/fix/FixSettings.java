package org.aftm.adapter.out.fix;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.aftm.domain.model.Contract;
import org.aftm.domain.order.Position;

/**
 * How {@link FixExchangeApi} reaches its venue: the session's identity and address, the store, TLS,
 * and the deadlines of its requests.
 *
 * @param host the venue's host
 * @param port the venue's port
 * @param senderCompId AFTM's CompID (tag 49)
 * @param targetCompId the venue's CompID (tag 56)
 * @param version FIX 4.4 or 4.2
 * @param heartbeatSeconds HeartBtInt (tag 108)
 * @param account the order account to trade, or empty for the logon account
 * @param tls whether the connection uses TLS (QuickFIX/J's {@code SocketUseSSL})
 * @param trustStore the trust store for the venue's certificate, or {@code null} for the JVM's
 * @param trustStorePassword the trust store's password (not a secret: a trust store holds public
 *     certificates), or empty
 * @param storeDirectory the QuickFIX/J file store's directory ({@code <data>/fix/store})
 * @param reconnectSeconds the back-off between connection attempts; the last repeats
 * @param logonTimeout how long {@link FixExchangeApi#login} waits for the venue's Logon
 * @param requestTimeout how long a query (status, positions, contracts) waits for its answer
 * @param fallbackContracts what {@link FixExchangeApi#contracts()} answers when the venue has no
 *     SecurityList
 * @param fallbackPositions what {@link FixExchangeApi#positions} answers when the venue does not
 *     support RequestForPositions: the caller's own positions, built from its persisted fills
 */
public record FixSettings(
    String host,
    int port,
    String senderCompId,
    String targetCompId,
    FixVersion version,
    int heartbeatSeconds,
    String account,
    boolean tls,
    Path trustStore,
    String trustStorePassword,
    Path storeDirectory,
    List<Integer> reconnectSeconds,
    Duration logonTimeout,
    Duration requestTimeout,
    List<Contract> fallbackContracts,
    Function<String, List<Position>> fallbackPositions) {

  /** The back-off between connection attempts, in seconds; the last one repeats. */
  public static final List<Integer> STANDARD_RECONNECT_SECONDS = List.of(1, 2, 5, 10, 30);

  public static final Duration STANDARD_LOGON_TIMEOUT = Duration.ofSeconds(10);

  /** Below the gateway's query deadline (5 s), so the adapter's own message is the one seen. */
  public static final Duration STANDARD_REQUEST_TIMEOUT = Duration.ofSeconds(4);

  public FixSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(senderCompId, "senderCompId");
    Objects.requireNonNull(targetCompId, "targetCompId");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(trustStorePassword, "trustStorePassword");
    Objects.requireNonNull(storeDirectory, "storeDirectory");
    Objects.requireNonNull(logonTimeout, "logonTimeout");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(fallbackContracts, "fallbackContracts");
    Objects.requireNonNull(fallbackPositions, "fallbackPositions");
    if (port <= 0 || port > 65_535) {
      throw new IllegalArgumentException("FIX port must be 1..65535 but was " + port);
    }
    if (heartbeatSeconds <= 0) {
      throw new IllegalArgumentException("FIX heartbeat must be > 0 s but was " + heartbeatSeconds);
    }
    if (reconnectSeconds.isEmpty() || reconnectSeconds.stream().anyMatch(s -> s <= 0)) {
      throw new IllegalArgumentException("reconnect intervals must be > 0 s: " + reconnectSeconds);
    }
    reconnectSeconds = List.copyOf(reconnectSeconds);
    fallbackContracts = List.copyOf(fallbackContracts);
  }

  /** Plain TCP, standard deadlines, no fallback contracts, no fallback positions. */
  public static FixSettings of(
      String host,
      int port,
      String senderCompId,
      String targetCompId,
      FixVersion version,
      int heartbeatSeconds,
      Path storeDirectory) {
    return new FixSettings(
        host,
        port,
        senderCompId,
        targetCompId,
        version,
        heartbeatSeconds,
        "",
        false,
        null,
        "",
        storeDirectory,
        STANDARD_RECONNECT_SECONDS,
        STANDARD_LOGON_TIMEOUT,
        STANDARD_REQUEST_TIMEOUT,
        List.of(),
        account -> List.of());
  }

  public FixSettings withAccount(String newAccount) {
    return new FixSettings(
        host,
        port,
        senderCompId,
        targetCompId,
        version,
        heartbeatSeconds,
        newAccount,
        tls,
        trustStore,
        trustStorePassword,
        storeDirectory,
        reconnectSeconds,
        logonTimeout,
        requestTimeout,
        fallbackContracts,
        fallbackPositions);
  }

  public FixSettings withTls(boolean useTls, Path newTrustStore, String newTrustStorePassword) {
    return new FixSettings(
        host,
        port,
        senderCompId,
        targetCompId,
        version,
        heartbeatSeconds,
        account,
        useTls,
        newTrustStore,
        newTrustStorePassword,
        storeDirectory,
        reconnectSeconds,
        logonTimeout,
        requestTimeout,
        fallbackContracts,
        fallbackPositions);
  }

  public FixSettings withTimeouts(
      List<Integer> newReconnectSeconds, Duration newLogonTimeout, Duration newRequestTimeout) {
    return new FixSettings(
        host,
        port,
        senderCompId,
        targetCompId,
        version,
        heartbeatSeconds,
        account,
        tls,
        trustStore,
        trustStorePassword,
        storeDirectory,
        newReconnectSeconds,
        newLogonTimeout,
        newRequestTimeout,
        fallbackContracts,
        fallbackPositions);
  }

  public FixSettings withFallbacks(
      List<Contract> contracts, Function<String, List<Position>> positions) {
    return new FixSettings(
        host,
        port,
        senderCompId,
        targetCompId,
        version,
        heartbeatSeconds,
        account,
        tls,
        trustStore,
        trustStorePassword,
        storeDirectory,
        reconnectSeconds,
        logonTimeout,
        requestTimeout,
        contracts,
        positions);
  }
}
