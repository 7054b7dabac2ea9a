package org.aftm.app.metrics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format 0.0.4, for tests: every line is a HELP,
 * a TYPE or a sample; a family has at most one HELP and one TYPE, given before its samples, and its
 * lines are contiguous; every sample belongs to the family declared last (its name, or for a
 * histogram {@code _bucket}, {@code _count}, {@code _sum}); labels are well-formed and unique; a
 * histogram's buckets are cumulative, end with {@code le="+Inf"} and that equals {@code _count}.
 * Any breach throws {@link IllegalArgumentException} naming the line.
 */
public final class PrometheusText {

  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern COMMENT =
      Pattern.compile("# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*)(?: (.*))?");
  private static final Pattern SAMPLE =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? (\\S+)( -?\\d+)?");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"");
  private static final Set<String> TYPES =
      Set.of("counter", "gauge", "histogram", "summary", "untyped");

  /** One sample line. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  /** A family: its name as declared, its type, its samples in order. */
  public record Family(String name, String type, List<Sample> samples) {}

  private final Map<String, Family> families = new LinkedHashMap<>();

  private PrometheusText() {}

  /** Parses {@code text} strictly. */
  public static PrometheusText parse(String text) {
    PrometheusText parsed = new PrometheusText();
    parsed.read(text);
    return parsed;
  }

  private void read(String text) {
    if (!text.isEmpty() && !text.endsWith("\n")) {
      throw new IllegalArgumentException("the exposition must end with a newline");
    }
    Set<String> helped = new HashSet<>();
    Set<String> closed = new HashSet<>();
    String current = null;
    int number = 0;
    for (String line : text.split("\n", -1)) {
      number++;
      if (line.isEmpty()) {
        continue;
      }
      Matcher comment = COMMENT.matcher(line);
      if (comment.matches()) {
        String name = comment.group(2);
        if (!name.equals(current)) {
          if (current != null) {
            closed.add(current);
          }
          if (closed.contains(name) || families.containsKey(name) && !name.equals(current)) {
            throw new IllegalArgumentException(
                "line " + number + ": family " + name + " appears a second time: " + line);
          }
          current = name;
        }
        if (comment.group(1).equals("HELP")) {
          if (!helped.add(name)) {
            throw new IllegalArgumentException("line " + number + ": second HELP of " + name);
          }
        } else {
          String type = comment.group(3);
          if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("line " + number + ": unknown type " + type);
          }
          if (families.containsKey(name)) {
            throw new IllegalArgumentException("line " + number + ": second TYPE of " + name);
          }
          families.put(name, new Family(name, type, new ArrayList<>()));
        }
        continue;
      }
      if (line.startsWith("#")) {
        throw new IllegalArgumentException("line " + number + ": unknown comment: " + line);
      }
      Matcher sample = SAMPLE.matcher(line);
      if (!sample.matches()) {
        throw new IllegalArgumentException("line " + number + ": not a sample: " + line);
      }
      String name = sample.group(1);
      Family family = current == null ? null : families.get(current);
      if (family == null || !belongs(name, family)) {
        throw new IllegalArgumentException(
            "line " + number + ": sample " + name + " outside its family (in " + current + ")");
      }
      Map<String, String> labels = labels(sample.group(3), number);
      double value = value(sample.group(4), number);
      family.samples().add(new Sample(name, labels, value));
    }
    families.values().forEach(PrometheusText::checkHistogram);
  }

  private static boolean belongs(String sample, Family family) {
    String name = family.name();
    if (family.type().equals("histogram")) {
      return sample.equals(name + "_bucket")
          || sample.equals(name + "_count")
          || sample.equals(name + "_sum");
    }
    if (family.type().equals("counter")) {
      return sample.equals(name) || sample.equals(name + "_total");
    }
    return sample.equals(name);
  }

  private static Map<String, String> labels(String text, int number) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (text == null || text.isEmpty()) {
      return labels;
    }
    Matcher label = LABEL.matcher(text);
    int at = 0;
    while (at < text.length()) {
      if (!label.find(at) || label.start() != at) {
        throw new IllegalArgumentException("line " + number + ": bad labels {" + text + "}");
      }
      if (labels.put(label.group(1), label.group(2)) != null) {
        throw new IllegalArgumentException("line " + number + ": label twice: " + label.group(1));
      }
      at = label.end();
      if (at < text.length()) {
        if (text.charAt(at) != ',') {
          throw new IllegalArgumentException("line " + number + ": bad labels {" + text + "}");
        }
        at++;
      }
    }
    return labels;
  }

  private static double value(String text, int number) {
    switch (text) {
      case "+Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      case "NaN":
        return Double.NaN;
      default:
        try {
          return Double.parseDouble(text);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("line " + number + ": bad value " + text, e);
        }
    }
  }

  private static void checkHistogram(Family family) {
    if (!family.type().equals("histogram")) {
      return;
    }
    Map<Map<String, String>, List<Sample>> bySeries = new LinkedHashMap<>();
    for (Sample s : family.samples()) {
      Map<String, String> series = new LinkedHashMap<>(s.labels());
      series.remove("le");
      bySeries.computeIfAbsent(series, k -> new ArrayList<>()).add(s);
    }
    bySeries.forEach(
        (series, samples) -> {
          double previous = 0;
          double previousBound = Double.NEGATIVE_INFINITY;
          Double infinity = null;
          Double count = null;
          for (Sample s : samples) {
            if (s.name().endsWith("_bucket")) {
              double bound = value(s.labels().get("le"), 0);
              if (bound <= previousBound || s.value() < previous) {
                throw new IllegalArgumentException(
                    family.name() + series + ": buckets not ascending and cumulative");
              }
              previousBound = bound;
              previous = s.value();
              if (bound == Double.POSITIVE_INFINITY) {
                infinity = s.value();
              }
            } else if (s.name().endsWith("_count")) {
              count = s.value();
            }
          }
          if (infinity == null || count == null || !infinity.equals(count)) {
            throw new IllegalArgumentException(
                family.name() + series + ": +Inf bucket " + infinity + " is not _count " + count);
          }
        });
  }

  /** The families by declared name. */
  public Map<String, Family> families() {
    return families;
  }

  /** The value of the one sample named {@code name} with at least these labels. */
  public Optional<Double> value(String name, Map<String, String> labels) {
    List<Double> values = new ArrayList<>();
    for (Family family : families.values()) {
      for (Sample s : family.samples()) {
        if (s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet())) {
          values.add(s.value());
        }
      }
    }
    if (values.size() > 1) {
      throw new IllegalArgumentException(values.size() + " samples " + name + labels);
    }
    return values.stream().findFirst();
  }

  /** Every sample named {@code name}. */
  public List<Sample> samples(String name) {
    List<Sample> found = new ArrayList<>();
    families
        .values()
        .forEach(f -> f.samples().stream().filter(s -> s.name().equals(name)).forEach(found::add));
    return found;
  }
}
