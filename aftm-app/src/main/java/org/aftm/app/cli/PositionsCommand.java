package org.aftm.app.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.aftm.adapter.out.persistence.SqliteDatabase;
import org.aftm.adapter.out.persistence.SqlitePersistenceAdapter;
import org.aftm.adapter.zmq.gateway.ZmqOrderGatewayClient;
import org.aftm.app.config.AftmConfig;
import org.aftm.application.port.out.GatewayHealth;
import org.aftm.application.port.out.OrderGatewayUnavailableException;
import org.aftm.application.port.out.TradingSession;
import org.aftm.domain.order.Position;
import org.zeromq.ZContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code aftm positions}: asks the running main process's order gateway, from another terminal, for
 * its health and the order account's positions. Needs no login: the gateway holds it.
 */
@Command(
    name = "positions",
    mixinStandardHelpOptions = true,
    description = "Show the running system's health and positions (asks the order gateway).")
final class PositionsCommand implements Callable<Integer> {

  @Option(
      names = "--account",
      paramLabel = "ORDER_ACCOUNT",
      description = "Order account (default: the running session's, else AFTM_ORDER_ACCOUNT).")
  String account;

  @Mixin ConfigOptions configOptions;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    AftmConfig config = configOptions.load();
    LogSetup.quiet();
    String orderAccount = account != null ? account : sessionAccount(config);
    PrintWriter out = spec.commandLine().getOut();
    // One short try: an operator asking for positions wants an answer or "nothing is running" now.
    try (ZContext context = new ZContext();
        ZmqOrderGatewayClient gateway =
            new ZmqOrderGatewayClient(
                context,
                config.gatewayConnectAddress(),
                Duration.ofMillis(Math.min(config.gatewayRequestTimeoutMs(), 2_000)),
                0)) {
      GatewayHealth health;
      try {
        health = gateway.healthCheck();
      } catch (OrderGatewayUnavailableException e) {
        throw new BadInputException(
            "no AFTM gateway answers at "
                + config.gatewayConnectAddress()
                + ": is aftm run running (with the same DLL_GATEWAY_HOST/DLL_GATEWAY_PORT)?",
            e);
      }
      out.printf(
          "Gateway %s: %s (broker connected %s, logged in %s, breaker %s, up %d s)%n",
          config.gatewayConnectAddress(),
          health.healthy() ? "healthy" : "UNHEALTHY",
          health.exchangeConnected(),
          health.loggedIn(),
          health.breakerState(),
          health.uptimeSeconds());
      List<Position> positions = gateway.positions(orderAccount);
      out.printf(
          "%-10s %-8s %6s %12s %12s %16s %16s%n",
          "ACCOUNT", "ITEM", "QTY", "AVG PRICE", "LAST", "OPEN P&L (TWD)", "REALIZED (TWD)");
      for (Position p : positions) {
        out.printf(
            "%-10s %-8s %6d %12s %12s %16s %16s%n",
            p.account(),
            p.itemCode(),
            p.quantity(),
            p.averagePrice(),
            p.lastPrice(),
            p.unrealizedPnl(),
            p.realizedPnl());
      }
      if (positions.isEmpty()) {
        out.println("(no positions for " + orderAccount + ")");
      }
      out.flush();
    }
    return 0;
  }

  private static String sessionAccount(AftmConfig config) {
    if (Files.exists(config.dataDir().resolve(SqliteDatabase.FILE_NAME))) {
      try (SqliteDatabase database = SqliteDatabase.open(config.dataDir(), false)) {
        String fromSession =
            new SqlitePersistenceAdapter(database)
                .loadSession()
                .map(TradingSession::orderAccount)
                .orElse(null);
        if (fromSession != null) {
          return fromSession;
        }
      }
    }
    if (config.orderAccount().isEmpty()) {
      throw new BadInputException(
          "no order account: give --account, or start aftm run first, or set AFTM_ORDER_ACCOUNT");
    }
    return config.orderAccount();
  }
}
