package org.aftm.app.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.aftm.app.config.AftmConfig;
import org.aftm.app.config.ConfigSources;
import org.aftm.app.process.ChildRole;

/**
 * The command line of a child process, {@code child ROLE --parent-pid N --telemetry ENDPOINT
 * [--tick-endpoint E] [--signal-endpoint E] [--signal-bind E] [--gateway-endpoint E]
 * [--order-event-endpoint E] [--order-account A] [-c KEY=VALUE]... [--data-dir DIR]}, as the main
 * process's supervisor writes it. Parsed by hand ({@link #parse}) so that a child does not build
 * the whole picocli command tree of {@link AftmCli} before it starts: {@link ChildMain}.
 *
 * @param config the {@code -c} flags (and {@code --data-dir} as {@code AFTM_DATA_DIR}), in order
 */
record ChildArguments(
    ChildRole role,
    long parentPid,
    String telemetry,
    String tickEndpoint,
    String signalEndpoint,
    String signalBind,
    String gatewayEndpoint,
    String orderEventEndpoint,
    String orderAccount,
    Map<String, String> config) {

  ChildArguments {
    config = Map.copyOf(config);
  }

  /**
   * Parses a child's command line; {@code --name value} and {@code --name=value} both work.
   *
   * @throws BadInputException naming the argument that is wrong or missing
   */
  static ChildArguments parse(String[] args) {
    if (args.length < 2 || !args[0].equals("child")) {
      throw new BadInputException("a child's command line starts with: child ROLE");
    }
    ChildRole role;
    try {
      role = ChildRole.fromId(args[1]);
    } catch (IllegalArgumentException e) {
      throw new BadInputException(e.getMessage());
    }
    Map<String, String> options = new LinkedHashMap<>();
    Map<String, String> config = new LinkedHashMap<>();
    for (int i = 2; i < args.length; i++) {
      String name = args[i];
      String value;
      int equals = name.indexOf('=');
      if (name.startsWith("--") && equals > 0) {
        value = name.substring(equals + 1);
        name = name.substring(0, equals);
      } else {
        if (i + 1 >= args.length) {
          throw new BadInputException("missing value for " + name);
        }
        value = args[++i];
      }
      switch (name) {
        case "-c", "--config" -> {
          int split = value.indexOf('=');
          if (split <= 0) {
            throw new BadInputException("-c takes KEY=VALUE, not '" + value + "'");
          }
          config.put(value.substring(0, split), value.substring(split + 1));
        }
        case "--data-dir" -> options.put(name, value);
        case "--parent-pid",
            "--telemetry",
            "--tick-endpoint",
            "--signal-endpoint",
            "--signal-bind",
            "--gateway-endpoint",
            "--order-event-endpoint",
            "--order-account" ->
            options.put(name, value);
        default -> throw new BadInputException("unknown option of a child: " + name);
      }
    }
    String dataDir = options.get("--data-dir");
    if (dataDir != null) {
      config.put("AFTM_DATA_DIR", dataDir);
    }
    String parent = required(options, "--parent-pid");
    long parentPid;
    try {
      parentPid = Long.parseLong(parent);
    } catch (NumberFormatException e) {
      throw new BadInputException("--parent-pid takes a process id, not '" + parent + "'");
    }
    return new ChildArguments(
        role,
        parentPid,
        required(options, "--telemetry"),
        options.get("--tick-endpoint"),
        options.get("--signal-endpoint"),
        options.get("--signal-bind"),
        options.get("--gateway-endpoint"),
        options.get("--order-event-endpoint"),
        options.get("--order-account"),
        config);
  }

  /** The configuration: these flags over the environment, {@code .env} and the defaults. */
  AftmConfig loadConfig() {
    return ConfigSources.load(config, System.getenv(), Path.of(".env"));
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null || value.isBlank()) {
      throw new BadInputException(name + " is required");
    }
    return value;
  }
}
