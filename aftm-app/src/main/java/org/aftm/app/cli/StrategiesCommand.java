package org.aftm.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.aftm.app.config.AftmConfig;
import org.aftm.app.config.StrategyInstances;
import org.aftm.domain.strategy.ConfiguredStrategy;
import org.aftm.domain.strategy.StrategyCatalog;
import org.aftm.domain.strategy.StrategyParameter;
import org.aftm.domain.strategy.StrategyPlugin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code aftm strategies}: the installed strategy plugins (found on the class path with {@link
 * java.util.ServiceLoader}) with their parameters, types, defaults, bounds and descriptions, and
 * the instances {@code AFTM_STRATEGIES} configures. Loading the configuration checks that setting,
 * so a bad instance or parameter fails here with the same message as at startup.
 */
@Command(
    name = "strategies",
    mixinStandardHelpOptions = true,
    description =
        "List the installed strategies and their parameters, and the instances AFTM_STRATEGIES"
            + " configures.")
final class StrategiesCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--json", description = "One JSON object per installed strategy, one per line.")
  boolean json;

  @Mixin ConfigOptions configOptions;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    AftmConfig config = configOptions.load();
    LogSetup.quiet();
    List<ConfiguredStrategy> configured = StrategyInstances.of(config);
    PrintWriter out = spec.commandLine().getOut();
    for (StrategyPlugin plugin : StrategyCatalog.installed().plugins()) {
      List<ConfiguredStrategy> instances =
          configured.stream().filter(c -> c.plugin().name().equals(plugin.name())).toList();
      if (json) {
        out.println(toJson(plugin, instances));
      } else {
        print(out, plugin, instances);
      }
    }
    out.flush();
    return 0;
  }

  static ObjectNode toJson(StrategyPlugin plugin, List<ConfiguredStrategy> instances) {
    ObjectNode node = JSON.createObjectNode();
    node.put("name", plugin.name());
    node.put("description", plugin.description());
    node.put("runs_over_conditions", plugin.runsOverConditions());
    ArrayNode parameters = node.putArray("parameters");
    for (StrategyParameter p : plugin.parameters()) {
      ObjectNode parameter = parameters.addObject();
      parameter.put("name", p.name());
      parameter.put("type", p.type().text());
      parameter.put("default", p.defaultValue());
      parameter.put("min", p.min());
      parameter.put("max", p.max());
      parameter.put("required", p.required());
      parameter.put("description", p.description());
    }
    ArrayNode configured = node.putArray("instances");
    for (ConfiguredStrategy c : instances) {
      ObjectNode instance = configured.addObject();
      instance.put("name", c.name());
      ArrayNode items = instance.putArray("instruments");
      c.instruments().forEach(items::add);
      ObjectNode values = instance.putObject("parameters");
      c.parameters().asText().forEach(values::put);
      instance.put("setting", c.asSetting());
    }
    return node;
  }

  private static void print(
      PrintWriter out, StrategyPlugin plugin, List<ConfiguredStrategy> instances) {
    out.printf("%s%n  %s%n", plugin.name(), plugin.description());
    for (StrategyParameter p : plugin.parameters()) {
      String bounds =
          p.min() == null && p.max() == null
              ? ""
              : " ["
                  + (p.min() == null ? "" : p.min())
                  + ".."
                  + (p.max() == null ? "" : p.max())
                  + "]";
      out.printf(
          "  %-20s %-8s default %-6s%s  %s%n",
          p.name(),
          p.type().text(),
          p.required() ? "(none)" : p.defaultValue(),
          bounds,
          p.description());
    }
    for (ConfiguredStrategy c : instances) {
      out.printf("  configured: %s%n", c.asSetting());
    }
    out.println();
  }
}
