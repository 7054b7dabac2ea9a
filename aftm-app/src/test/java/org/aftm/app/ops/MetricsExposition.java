package org.aftm.app.ops;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.aftm.app.ops.PromqlMetricNames.Selector;

/** What a Prometheus text exposition must hold for the queried names, and what it holds. */
public final class MetricsExposition {

  private static final Pattern LABEL =
      Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** One served series: its name and labels. */
  public record Series(String name, Map<String, String> labels) {}

  private MetricsExposition() {}

  /** The series of a Prometheus text exposition (comments skipped). */
  public static List<Series> servedSeries(String exposition) {
    List<Series> series = new ArrayList<>();
    for (String line : exposition.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.indexOf(' ');
      Map<String, String> labels = new LinkedHashMap<>();
      if (brace >= 0 && (space < 0 || brace < space)) {
        Matcher label = LABEL.matcher(line.substring(brace + 1, line.lastIndexOf('}')));
        while (label.find()) {
          labels.put(label.group(1), label.group(2));
        }
        series.add(new Series(line.substring(0, brace), labels));
      } else {
        series.add(new Series(line.substring(0, space < 0 ? line.length() : space), labels));
      }
    }
    return series;
  }

  /**
   * The selectors no served series matches: none of the name carries all the selector's equality
   * matchers (a matcher of {@code ""} matches a series without the label, as in PromQL).
   */
  public static List<Selector> unmatched(Collection<Selector> selectors, String exposition) {
    List<Series> served = servedSeries(exposition);
    List<Selector> unmatched = new ArrayList<>();
    for (Selector selector : selectors) {
      boolean matched =
          served.stream()
              .anyMatch(
                  s ->
                      s.name().equals(selector.name())
                          && selector.equal().entrySet().stream()
                              .allMatch(
                                  e ->
                                      e.getValue()
                                          .equals(s.labels().getOrDefault(e.getKey(), ""))));
      if (!matched) {
        unmatched.add(selector);
      }
    }
    return unmatched;
  }

  /** The queried names, with a histogram's {@code _count} and {@code _sum} beside its buckets. */
  public static Set<String> expected(Set<String> queried) {
    Set<String> expected = new TreeSet<>(queried);
    for (String name : queried) {
      if (name.endsWith("_bucket")) {
        String base = name.substring(0, name.length() - "_bucket".length());
        expected.add(base + "_count");
        expected.add(base + "_sum");
      }
    }
    return expected;
  }

  /** The series names of a Prometheus text exposition (comments skipped). */
  public static Set<String> servedNames(String exposition) {
    Set<String> names = new TreeSet<>();
    for (String line : exposition.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int end = 0;
      while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
        end++;
      }
      names.add(line.substring(0, end));
    }
    return names;
  }
}
