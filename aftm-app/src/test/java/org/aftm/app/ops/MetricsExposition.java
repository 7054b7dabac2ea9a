package org.aftm.app.ops;

import java.util.Set;
import java.util.TreeSet;

/** What a Prometheus text exposition must hold for the queried names, and what it holds. */
public final class MetricsExposition {

  private MetricsExposition() {}

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
