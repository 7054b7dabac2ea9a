package org.aftm.app.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.aftm.app.process.ChildRole;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code aftm child ROLE ...}: runs a child process (strategy or order-executor) like {@link
 * ChildMain}, which is how the main process's supervisor starts them; kept for running a child by
 * hand. Logs go to {@code <data>/logs/<role>.log}; see {@link ChildRun}.
 */
@Command(
    name = "child",
    hidden = true,
    description = "Internal: run a child process (strategy or order-executor).")
final class ChildCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "ROLE")
  String role;

  @Option(names = "--parent-pid", required = true)
  long parentPid;

  @Option(names = "--telemetry", required = true)
  String telemetry;

  @Option(names = "--tick-endpoint")
  String tickEndpoint;

  @Option(names = "--signal-endpoint")
  String signalEndpoint;

  @Option(names = "--signal-bind")
  String signalBind;

  @Option(names = "--gateway-endpoint")
  String gatewayEndpoint;

  @Option(names = "--order-event-endpoint")
  String orderEventEndpoint;

  @Option(names = "--order-account")
  String orderAccount;

  @Option(
      names = {"-c", "--config"},
      paramLabel = "KEY=VALUE")
  Map<String, String> values = new LinkedHashMap<>();

  @Option(names = "--data-dir", paramLabel = "DIR")
  String dataDir;

  @Override
  public Integer call() throws InterruptedException {
    Map<String, String> config = new LinkedHashMap<>(values);
    if (dataDir != null) {
      config.put("AFTM_DATA_DIR", dataDir);
    }
    ChildRole childRole;
    try {
      childRole = ChildRole.fromId(role);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage());
    }
    return ChildRun.run(
        new ChildArguments(
            childRole,
            parentPid,
            telemetry,
            tickEndpoint,
            signalEndpoint,
            signalBind,
            gatewayEndpoint,
            orderEventEndpoint,
            orderAccount,
            config));
  }
}
