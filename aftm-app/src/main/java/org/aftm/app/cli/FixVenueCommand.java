package org.aftm.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.aftm.adapter.out.fix.FixVersion;
import org.aftm.adapter.out.fix.venue.FixVenue;
import org.aftm.adapter.out.fix.venue.FixVenueException;
import org.aftm.adapter.out.fix.venue.FixVenueSettings;
import org.aftm.adapter.out.fix.venue.VenueCounts;
import org.aftm.adapter.out.sim.SimExchangeApi;
import org.aftm.adapter.out.sim.SimSettings;
import org.aftm.app.config.AftmConfig;
import org.aftm.app.wiring.SimulatedBrokers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code aftm fix-venue}: a FIX venue for demos and tests. A QuickFIX/J acceptor in front of the
 * simulated broker (configured by the same keys as {@code EXCHANGE_MODE=sim}), so {@code
 * EXCHANGE_MODE=fix} can be tried end to end on one machine. Runs until Ctrl-C or SIGTERM, then
 * logs the initiator out and exits 0. Its files (message store, the broker's journal, the TLS key)
 * are in {@code <data>/fix-venue}, its log in {@code <data>/logs/fix-venue.log}. Exit 2 when the
 * port is in use or an option is wrong.
 */
@Command(
    name = "fix-venue",
    mixinStandardHelpOptions = true,
    description =
        "Run a FIX 4.4 venue (QuickFIX/J acceptor) in front of the simulated market until Ctrl-C or"
            + " SIGTERM, for EXCHANGE_MODE=fix demos and tests.")
final class FixVenueCommand implements Callable<Integer> {

  /** The venue's directory under the data directory. */
  static final String DIRECTORY = "fix-venue";

  @Option(
      names = "--port",
      defaultValue = "" + FixVenueSettings.DEFAULT_PORT,
      paramLabel = "PORT",
      description = "Port to listen on (default ${DEFAULT-VALUE}; 0 = a free port, printed).")
  int port;

  @Option(
      names = "--host",
      defaultValue = FixVenueSettings.DEFAULT_HOST,
      paramLabel = "ADDRESS",
      description = "Address to listen on (default ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--sender-comp-id",
      defaultValue = FixVenueSettings.DEFAULT_SENDER_COMP_ID,
      paramLabel = "ID",
      description = "The venue's SenderCompID (default ${DEFAULT-VALUE}).")
  String senderCompId;

  @Option(
      names = "--target-comp-id",
      defaultValue = FixVenueSettings.DEFAULT_TARGET_COMP_ID,
      paramLabel = "ID",
      description = "The initiator's CompID the venue accepts (default ${DEFAULT-VALUE}).")
  String targetCompId;

  @Option(
      names = "--fix-version",
      defaultValue = "4.4",
      paramLabel = "VERSION",
      description = "4.4 (default) or 4.2.")
  String fixVersion;

  @Option(
      names = "--tls",
      description =
          "Speak TLS with a self-signed key made at start in <data>/fix-venue/tls; the initiator"
              + " trusts venue-cert.pem (or venue-trust.p12) there.")
  boolean tls;

  @Option(
      names = "--json",
      description = "Print the listening line and the stop summary as JSON lines.")
  boolean json;

  @Mixin ConfigOptions configOptions;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    AftmConfig config = configOptions.load();
    FixVenueSettings settings = settings(config.dataDir().resolve(DIRECTORY));
    LogSetup.toFile(config.logDir(), "fix-venue", config.logLevel().name());
    PrintWriter out = spec.commandLine().getOut();
    ShutdownSignal shutdown = ShutdownSignal.install();
    try (SimExchangeApi broker =
        SimulatedBrokers.forVenue(config, settings.directory().resolve("broker"))) {
      FixVenue venue = start(broker, settings);
      try {
        printListening(out, venue, config);
        while (!shutdown.await(Long.MAX_VALUE / 2)) {
          // Only a signal ends the wait.
        }
      } finally {
        venue.close();
      }
      printStopped(out, venue.counts());
    }
    return 0;
  }

  private FixVenueSettings settings(Path directory) {
    FixVersion version;
    try {
      version = FixVersion.parse(fixVersion);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("--fix-version: " + e.getMessage());
    }
    try {
      return new FixVenueSettings(host, port, directory, senderCompId, targetCompId, version, tls);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage());
    }
  }

  private static FixVenue start(SimExchangeApi broker, FixVenueSettings settings) {
    try {
      return FixVenue.start(broker, settings);
    } catch (FixVenueException e) {
      if (e.addressInUse()) {
        // The venue's port is set by --port (it has no configuration key): name it.
        throw new BadInputException(
            e.getMessage() + "; choose another with --port (0 = a free one)", e);
      }
      throw e;
    }
  }

  private void printListening(PrintWriter out, FixVenue venue, AftmConfig config) {
    String host = venue.address().getHostString();
    int boundPort = venue.address().getPort();
    if (json) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("event", "listening");
      line.put("host", host);
      line.put("port", boundPort);
      line.put("session", venue.sessionId());
      line.put("tls", tls);
      line.put("order_account", SimSettings.DEFAULT_ORDER_ACCOUNT);
      venue.trustedCertificate().ifPresent(pem -> line.put("trust_certificate", pem.toString()));
      venue.trustStore().ifPresent(store -> line.put("trust_store", store.toString()));
      venue
          .trustStore()
          .ifPresent(store -> line.put("trust_store_password", FixVenue.trustStorePassword()));
      out.println(toJson(line));
    } else {
      out.printf(
          "FIX venue %s listening on %s:%d%s, in front of the simulated market (logon with the"
              + " demo account %s). Ctrl-C to stop.%n",
          venue.sessionId(), host, boundPort, tls ? " with TLS" : "", config.simDemoAccount());
      venue
          .trustedCertificate()
          .ifPresent(
              pem ->
                  out.printf(
                      "Initiators trust %s (or the PKCS12 trust store %s, password %s).%n",
                      pem, venue.trustStore().orElseThrow(), FixVenue.trustStorePassword()));
    }
    out.flush();
  }

  private void printStopped(PrintWriter out, VenueCounts counts) {
    if (json) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("event", "stopped");
      line.put("logons", counts.logons());
      line.put("refused_logons", counts.refusedLogons());
      line.put("orders", counts.orders());
      line.put("fills", counts.fills());
      line.put("execution_reports", counts.executionReports());
      line.put("market_data_messages", counts.marketDataMessages());
      out.println(toJson(line));
    } else {
      out.printf(
          "Stopped. %d logon(s), %d refused; %d order(s), %d fill(s), %d execution report(s),"
              + " %d market data message(s).%n",
          counts.logons(),
          counts.refusedLogons(),
          counts.orders(),
          counts.fills(),
          counts.executionReports(),
          counts.marketDataMessages());
    }
    out.flush();
  }

  private static String toJson(Map<String, Object> line) {
    try {
      return new ObjectMapper().writeValueAsString(line);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON line", e);
    }
  }
}
