package org.aftm.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.aftm.adapter.zmq.out.GatewayErrorReplyException;
import org.aftm.adapter.zmq.out.ZmqOrderGatewayClient;
import org.aftm.app.config.AftmConfig;
import org.aftm.application.port.out.GatewayHealth;
import org.aftm.domain.order.Position;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code aftm positions}: asks the running main process, from another terminal, for its health, the
 * order account's positions from its portfolio (built from fills) and, in the table form, its
 * trading state. Finds the main process of the data directory by itself, also when it was started
 * on free ports. Needs no login.
 */
@Command(
    name = "positions",
    mixinStandardHelpOptions = true,
    description = "Show the running system's health and positions (from its portfolio).")
final class PositionsCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(
      names = "--account",
      paramLabel = "ORDER_ACCOUNT",
      description = "Order account (default: the running session's).")
  String account;

  @Option(names = "--json", description = "One JSON object per position, one per line.")
  boolean json;

  @Mixin ConfigOptions configOptions;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    AftmConfig config = configOptions.load();
    LogSetup.quiet();
    PrintWriter out = spec.commandLine().getOut();
    try (RunningGateway gateway = RunningGateway.open(config)) {
      String orderAccount = gateway.orderAccount(account);
      GatewayHealth health = gateway.ask(ZmqOrderGatewayClient::healthCheck);
      List<Position> positions = gateway.ask(client -> client.positions(orderAccount));
      if (json) {
        // One object per position and nothing else: scripts read every line as a position.
        for (Position p : positions) {
          out.println(toJson(p));
        }
      } else {
        print(out, gateway.endpoint(), health, orderAccount, positions);
        out.println(tradingLine(gateway));
      }
      out.flush();
    }
    return 0;
  }

  /** The trading state, or why it is not known (a main process without the trading controls). */
  private static String tradingLine(RunningGateway gateway) {
    try {
      return TradingStatusView.line(gateway.ask(ZmqOrderGatewayClient::tradingStatus));
    } catch (GatewayErrorReplyException e) {
      return "Trading state unknown: " + e.getMessage();
    }
  }

  static ObjectNode toJson(Position p) {
    ObjectNode node = JSON.createObjectNode();
    node.put("account", p.account());
    node.put("item_code", p.itemCode());
    node.put("quantity", p.quantity());
    node.put("average_price", p.averagePrice().toBigDecimal());
    node.put("last_price", p.lastPrice().toBigDecimal());
    node.put("realized_pnl_points", p.realizedPnlPoints().toBigDecimal());
    node.put("unrealized_pnl_points", p.unrealizedPnlPoints().toBigDecimal());
    node.put("realized_pnl_twd", p.realizedPnl().toBigDecimal());
    node.put("unrealized_pnl_twd", p.unrealizedPnl().toBigDecimal());
    node.put("point_value_twd", p.pointValue());
    return node;
  }

  private static void print(
      PrintWriter out,
      String endpoint,
      GatewayHealth health,
      String orderAccount,
      List<Position> positions) {
    out.printf(
        "Gateway %s: %s (broker connected %s, logged in %s, breaker %s, up %d s)%n",
        endpoint,
        health.healthy() ? "healthy" : "UNHEALTHY",
        health.exchangeConnected(),
        health.loggedIn(),
        health.breakerState(),
        health.uptimeSeconds());
    out.printf(
        "%-10s %-8s %6s %12s %12s %14s %14s %16s%n",
        "ACCOUNT",
        "ITEM",
        "QTY",
        "AVG PRICE",
        "LAST",
        "OPEN P&L PTS",
        "REALIZED PTS",
        "REALIZED (TWD)");
    for (Position p : positions) {
      out.printf(
          "%-10s %-8s %6d %12s %12s %14s %14s %16s%n",
          p.account(),
          p.itemCode(),
          p.quantity(),
          PriceText.average(p.averagePrice()),
          p.lastPrice(),
          PriceText.average(p.unrealizedPnlPoints()),
          PriceText.average(p.realizedPnlPoints()),
          PriceText.average(p.realizedPnl()));
    }
    if (positions.isEmpty()) {
      out.println("(no positions for " + orderAccount + ")");
    }
  }
}
