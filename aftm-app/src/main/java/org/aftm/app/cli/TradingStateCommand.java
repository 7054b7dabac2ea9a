package org.aftm.app.cli;

import java.io.PrintWriter;
import org.aftm.adapter.zmq.out.ZmqOrderGatewayClient;
import org.aftm.domain.risk.TradingStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code aftm halt}, {@code reduce} and {@code resume}: set the running main process's trading
 * state (docs/architecture.md §12) and print the state it answers.
 */
abstract class TradingStateCommand extends GatewayCommand {

  @Option(
      names = "--reason",
      paramLabel = "TEXT",
      description = "Why, for the log and the status (default: the command's name).")
  String reason;

  @Override
  void checkInput() {
    checkText("--reason", reason);
  }

  @Override
  final int run(RunningGateway gateway, PrintWriter out) {
    TradingStatus status = gateway.ask(client -> change(client, reason));
    out.println(json ? TradingStatusView.json(status).toString() : TradingStatusView.line(status));
    return 0;
  }

  abstract TradingStatus change(ZmqOrderGatewayClient client, String reason);

  @Command(
      name = "halt",
      mixinStandardHelpOptions = true,
      description = "Halt trading: no order passes except flatten.")
  static final class Halt extends TradingStateCommand {
    @Override
    TradingStatus change(ZmqOrderGatewayClient client, String reason) {
      return client.halt(reason);
    }
  }

  @Command(
      name = "reduce",
      mixinStandardHelpOptions = true,
      description = "Reduce only: only orders that make a position smaller pass.")
  static final class Reduce extends TradingStateCommand {
    @Override
    TradingStatus change(ZmqOrderGatewayClient client, String reason) {
      return client.reduce(reason);
    }
  }

  @Command(
      name = "resume",
      mixinStandardHelpOptions = true,
      description = "Resume trading: back to ACTIVE.")
  static final class Resume extends TradingStateCommand {
    @Override
    TradingStatus change(ZmqOrderGatewayClient client, String reason) {
      return client.resume(reason);
    }
  }
}
