package org.aftm.app.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The AFTM metric names the shipped PromQL queries: every identifier {@code aftm_[a-z0-9_]+} in the
 * expressions of the Grafana dashboard ({@code "expr"} of every target, panels in rows included)
 * and of the Prometheus rules ({@code expr:} values, single-line or block scalars).
 */
public final class PromqlMetricNames {

  /** Tests run in the module's directory; ops/ sits one level up. */
  public static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  public static final Path DASHBOARD = ROOT.resolve("ops/grafana/aftm-dashboard.json");
  public static final Path RULES = ROOT.resolve("ops/prometheus/aftm-alerts.yml");

  private static final Pattern NAME = Pattern.compile("(?<![A-Za-z0-9_:])aftm_[a-z0-9_]+");
  private static final Pattern EXPR_LINE = Pattern.compile("^\\s*(?:-\\s+)?expr:\\s*(.*)$");

  private PromqlMetricNames() {}

  /** The AFTM metric names in one expression. */
  public static Set<String> in(String expression) {
    Set<String> names = new TreeSet<>();
    Matcher matcher = NAME.matcher(expression);
    while (matcher.find()) {
      names.add(matcher.group());
    }
    return names;
  }

  /** Every expression of the dashboard's targets. */
  public static List<String> dashboardExpressions(Path dashboard) throws IOException {
    List<String> expressions = new ArrayList<>();
    collectExpr(new ObjectMapper().readTree(dashboard.toFile()), expressions);
    return expressions;
  }

  private static void collectExpr(JsonNode node, List<String> into) {
    if (node.isObject()) {
      JsonNode expr = node.get("expr");
      if (expr != null && expr.isTextual()) {
        into.add(expr.asText());
      }
      node.elements().forEachRemaining(child -> collectExpr(child, into));
    } else if (node.isArray()) {
      node.elements().forEachRemaining(child -> collectExpr(child, into));
    }
  }

  /**
   * Every {@code expr:} of a rules file: the rest of its line, or, for a block scalar ({@code |},
   * {@code >}, with or without {@code -}), the following lines indented deeper than the key.
   */
  public static List<String> ruleExpressions(Path rules) throws IOException {
    List<String> lines = Files.readAllLines(rules);
    List<String> expressions = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher matcher = EXPR_LINE.matcher(lines.get(i));
      if (!matcher.matches()) {
        continue;
      }
      int keyIndent = lines.get(i).indexOf("expr:");
      String value = matcher.group(1).strip();
      if (!value.matches("[|>][-+]?")) {
        expressions.add(value);
        continue;
      }
      StringBuilder block = new StringBuilder();
      while (i + 1 < lines.size()
          && (lines.get(i + 1).isBlank() || indent(lines.get(i + 1)) > keyIndent)) {
        block.append(lines.get(++i).strip()).append('\n');
      }
      expressions.add(block.toString().strip());
    }
    return expressions;
  }

  private static int indent(String line) {
    int n = 0;
    while (n < line.length() && line.charAt(n) == ' ') {
      n++;
    }
    return n;
  }

  /** The names the dashboard's and the rules' expressions query. */
  public static Set<String> shipped() throws IOException {
    Set<String> names = new TreeSet<>();
    for (String expression : dashboardExpressions(DASHBOARD)) {
      names.addAll(in(expression));
    }
    for (String expression : ruleExpressions(RULES)) {
      names.addAll(in(expression));
    }
    return names;
  }
}
