package org.aftm.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.aftm.application.port.in.ControlTradingUseCase.FlattenReport;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.Position;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code aftm flatten}: closes at market, through the running main process's order path and audit,
 * the net position of one instrument or of all. It passes in every trading state. Without {@code
 * --yes} it asks in the terminal, naming the positions it will close; with no terminal to ask in it
 * refuses (exit 2) rather than guess. Exit 1 when an order it sent was refused.
 */
@Command(
    name = "flatten",
    mixinStandardHelpOptions = true,
    description = "Close positions at market (all, or one instrument); works even when halted.")
final class FlattenCommand extends GatewayCommand {

  /** Asks the operator a yes/no question. */
  interface Confirmation {
    /** Whether there is a terminal to ask in. */
    boolean available();

    boolean ask(String question);
  }

  /** Asks on the process's console, if it has one. */
  private static final Confirmation TERMINAL =
      new Confirmation() {
        @Override
        public boolean available() {
          return System.console() != null;
        }

        @Override
        public boolean ask(String question) {
          String line = System.console().readLine("%s", question);
          return line != null && line.trim().toLowerCase(Locale.ROOT).matches("y|yes");
        }
      };

  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--item", paramLabel = "CODE", description = "Only this instrument.")
  String item;

  @Option(names = "--yes", description = "Do not ask for confirmation.")
  boolean yes;

  private final Confirmation confirmation;

  FlattenCommand() {
    this(TERMINAL);
  }

  FlattenCommand(Confirmation confirmation) {
    this.confirmation = confirmation;
  }

  @Override
  void checkInput() {
    if (item != null && (item.isBlank() || item.length() > 128)) {
      throw new BadInputException("--item must be an instrument code of 1 to 128 characters");
    }
    if (!yes && !confirmation.available()) {
      throw new BadInputException(
          "flatten closes positions at market; pass --yes to confirm (no terminal to ask in)");
    }
  }

  @Override
  int run(RunningGateway gateway, PrintWriter out) {
    if (!yes && !confirmed(gateway, out)) {
      return 0;
    }
    FlattenReport report =
        gateway.ask(
            client -> client.flatten(Optional.ofNullable(item)),
            "; the flatten may have been sent: check aftm positions before repeating it");
    if (json) {
      out.println(toJson(report));
    } else {
      print(out, report);
    }
    return report.allSent() ? 0 : 1;
  }

  /** Asks, naming what will be closed; false when the operator declines or nothing is open. */
  private boolean confirmed(RunningGateway gateway, PrintWriter out) {
    String account = gateway.orderAccount(null);
    List<Position> open =
        gateway.ask(client -> client.positions(account)).stream()
            .filter(p -> !p.isFlat())
            .filter(p -> item == null || p.itemCode().equals(item))
            .toList();
    String what =
        open.isEmpty()
            ? "no open position known to the portfolio"
                + (item == null ? "" : " in " + item)
                + " (flatten anyway, for orders still in flight)"
            : open.stream()
                .map(p -> p.itemCode() + " " + (p.quantity() > 0 ? "+" : "") + p.quantity())
                .collect(Collectors.joining(", "));
    boolean confirmed =
        confirmation.ask("Flatten at market on " + account + ": " + what + "? [y/N] ");
    if (!confirmed) {
      out.println("Not flattened.");
    }
    return confirmed;
  }

  static ObjectNode toJson(FlattenReport report) {
    ObjectNode node = JSON.createObjectNode();
    ArrayNode orders = node.putArray("orders");
    for (OrderResult r : report.orders()) {
      ObjectNode order = orders.addObject();
      order.put("client_order_id", r.clientOrderId());
      order.put("sent", r.sent());
      order.put("status", r.status().wire());
      order.put("filled_quantity", r.filledQuantity());
      order.put("error_code", r.errorCode());
      order.put("error_message", r.errorMessage());
      order.put("note", r.note());
    }
    node.put("all_sent", report.allSent());
    return node;
  }

  private static void print(PrintWriter out, FlattenReport report) {
    if (report.orders().isEmpty()) {
      out.println("Nothing to flatten: no open positions.");
      return;
    }
    out.printf("%-28s %-10s %6s  %s%n", "CLIENT ORDER ID", "STATUS", "FILLED", "RESULT");
    for (OrderResult r : report.orders()) {
      out.printf(
          "%-28s %-10s %6d  %s%n",
          r.clientOrderId(),
          r.status().wire(),
          r.filledQuantity(),
          r.sent() ? "sent: " + r.note() : r.errorCode() + ": " + r.errorMessage());
    }
    out.println(
        report.allSent()
            ? report.orders().size() + " flatten orders sent; fills follow in aftm positions."
            : "Not every flatten order was sent: see RESULT.");
  }
}
