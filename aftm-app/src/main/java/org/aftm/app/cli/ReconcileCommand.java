package org.aftm.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import org.aftm.app.config.AftmConfig;
import org.aftm.application.port.in.ReconcileUseCase.Difference;
import org.aftm.application.port.in.ReconcileUseCase.ReconciliationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code aftm reconcile}: has the running main process compare the broker's positions and open
 * orders with its own records (docs/architecture.md §12) and prints every difference. Exit 0 when
 * they agree, 1 when they differ; with {@code --accept-broker} the broker's view is taken as the
 * truth (audited, with {@code --note}) and the exit is 0, the table showing what was accepted.
 */
@Command(
    name = "reconcile",
    mixinStandardHelpOptions = true,
    description =
        "Compare the broker's positions and orders with AFTM's; exit 0 if they agree, 1 if not.")
final class ReconcileCommand extends GatewayCommand {

  /** A reconciliation asks the broker about every unresolved order: give it time. */
  private static final Duration MINIMUM_TIMEOUT = Duration.ofSeconds(30);

  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(
      names = "--accept-broker",
      description = "Take the broker's view as the truth (audited) so trading may resume.")
  boolean acceptBroker;

  @Option(
      names = "--note",
      paramLabel = "TEXT",
      description = "Why the broker's view is accepted, for the audit trail.")
  String note;

  @Override
  void checkInput() {
    if (note != null && !acceptBroker) {
      throw new BadInputException("--note is recorded with --accept-broker only");
    }
    checkText("--note", note);
  }

  @Override
  RunningGateway open(AftmConfig config) {
    return RunningGateway.open(config, MINIMUM_TIMEOUT);
  }

  @Override
  int run(RunningGateway gateway, PrintWriter out) {
    ReconciliationReport report = gateway.ask(client -> client.reconcile(acceptBroker, note));
    if (json) {
      out.println(toJson(report));
    } else {
      print(out, report);
    }
    return report.agrees() || report.acceptedBroker() ? 0 : 1;
  }

  static ObjectNode toJson(ReconciliationReport report) {
    ObjectNode node = JSON.createObjectNode();
    node.put("agrees", report.agrees());
    node.put("accepted_broker", report.acceptedBroker());
    node.put("orders_resolved", report.ordersResolved());
    ArrayNode differences = node.putArray("differences");
    for (Difference d : report.differences()) {
      ObjectNode difference = differences.addObject();
      difference.put("kind", d.kind());
      difference.put("subject", d.subject());
      difference.put("broker", d.broker());
      difference.put("aftm", d.aftm());
    }
    return node;
  }

  private static void print(PrintWriter out, ReconciliationReport report) {
    if (report.ordersResolved() > 0) {
      out.println(
          report.ordersResolved() + " orders left unknown or unanswered were asked of the broker.");
    }
    if (report.agrees()) {
      out.println("broker and AFTM agree");
      return;
    }
    if (report.acceptedBroker()) {
      out.println("Accepted the broker's view (recorded in the audit trail) of:");
    }
    table(out, report.differences());
    if (!report.acceptedBroker()) {
      out.println(
          report.differences().size()
              + " differences: trading stays halted until they are resolved,"
              + " or accept the broker's view with aftm reconcile --accept-broker.");
    }
  }

  private static void table(PrintWriter out, List<Difference> differences) {
    int kind = "KIND".length();
    int subject = "SUBJECT".length();
    int broker = "BROKER".length();
    for (Difference d : differences) {
      kind = Math.max(kind, d.kind().length());
      subject = Math.max(subject, d.subject().length());
      broker = Math.max(broker, d.broker().length());
    }
    String format = "%-" + kind + "s  %-" + subject + "s  %-" + broker + "s  %s%n";
    out.printf(format, "KIND", "SUBJECT", "BROKER", "AFTM");
    for (Difference d : differences) {
      out.printf(format, d.kind(), d.subject(), d.broker(), d.aftm());
    }
  }
}
