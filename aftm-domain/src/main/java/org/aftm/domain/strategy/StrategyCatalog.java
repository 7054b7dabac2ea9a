package org.aftm.domain.strategy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The installed strategy plugins, found with {@link ServiceLoader} on the class path: adding a
 * strategy changes no existing file.
 */
public final class StrategyCatalog {

  private final List<StrategyPlugin> plugins;

  private StrategyCatalog(List<StrategyPlugin> plugins) {
    this.plugins = List.copyOf(plugins);
  }

  /** The plugins registered on the class path of {@code loader}, sorted by name. */
  public static StrategyCatalog installed(ClassLoader loader) {
    List<StrategyPlugin> plugins = new ArrayList<>();
    ServiceLoader.load(StrategyPlugin.class, loader).forEach(plugins::add);
    return of(plugins);
  }

  /**
   * A catalog of the given plugins, sorted by name (tests, or a host that picks its plugins).
   *
   * @throws IllegalStateException when two have the same name
   */
  public static StrategyCatalog of(List<StrategyPlugin> plugins) {
    List<StrategyPlugin> found = new ArrayList<>();
    for (StrategyPlugin plugin : plugins) {
      for (StrategyPlugin seen : found) {
        if (seen.name().equals(plugin.name())) {
          throw new IllegalStateException(
              "two strategy plugins are named "
                  + plugin.name()
                  + ": "
                  + seen.getClass().getName()
                  + " and "
                  + plugin.getClass().getName());
        }
      }
      found.add(plugin);
    }
    found.sort(Comparator.comparing(StrategyPlugin::name));
    return new StrategyCatalog(found);
  }

  /** The plugins registered on this class's class path. */
  public static StrategyCatalog installed() {
    return installed(StrategyCatalog.class.getClassLoader());
  }

  public List<StrategyPlugin> plugins() {
    return plugins;
  }

  public Optional<StrategyPlugin> find(String name) {
    return plugins.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /**
   * @throws IllegalArgumentException naming the strategy and the installed ones
   */
  public StrategyPlugin require(String name) {
    return find(name)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no strategy named '"
                        + name
                        + "'; installed: "
                        + String.join(", ", plugins.stream().map(StrategyPlugin::name).toList())));
  }
}
