package org.aftm.app.cli;

import java.io.PrintWriter;
import org.aftm.domain.risk.TradingStatus;
import picocli.CommandLine.Command;

/** {@code aftm trading}: the running main process's trading state, why and since when. */
@Command(
    name = "trading",
    mixinStandardHelpOptions = true,
    description = "Show the trading state (ACTIVE, REDUCING, HALTED), why and since when.")
final class TradingCommand extends GatewayCommand {

  @Override
  int run(RunningGateway gateway, PrintWriter out) {
    TradingStatus status = gateway.ask(client -> client.tradingStatus());
    out.println(json ? TradingStatusView.json(status).toString() : TradingStatusView.line(status));
    return 0;
  }
}
