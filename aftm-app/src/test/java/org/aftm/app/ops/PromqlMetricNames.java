package org.aftm.app.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  private static final Pattern MATCHER =
      Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*(=~|!=|!~|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
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

  /**
   * One vector selector of an AFTM metric and its equality matchers ({@code label="value"}): at
   * least one served series must carry every one of them. Regex and negative matchers, and values
   * with a Grafana variable ({@code $...}), are left out.
   */
  public record Selector(String name, Map<String, String> equal) {

    @Override
    public String toString() {
      StringBuilder text = new StringBuilder(name).append('{');
      equal.forEach((label, value) -> text.append(label).append("=\"").append(value).append("\","));
      if (!equal.isEmpty()) {
        text.setLength(text.length() - 1);
      }
      return text.append('}').toString();
    }
  }

  /** The AFTM selectors in one expression that have at least one equality matcher. */
  public static List<Selector> selectorsIn(String expression) {
    List<Selector> selectors = new ArrayList<>();
    Matcher name = NAME.matcher(expression);
    while (name.find()) {
      int open = name.end();
      if (open >= expression.length() || expression.charAt(open) != '{') {
        continue;
      }
      int close = closingBrace(expression, open);
      Map<String, String> equal = new LinkedHashMap<>();
      Matcher matcher = MATCHER.matcher(expression.substring(open + 1, close));
      while (matcher.find()) {
        if (matcher.group(2).equals("=") && !matcher.group(3).contains("$")) {
          equal.put(matcher.group(1), matcher.group(3));
        }
      }
      if (!equal.isEmpty()) {
        selectors.add(new Selector(name.group(), equal));
      }
    }
    return selectors;
  }

  /** The index of the brace closing the one at open, skipping quoted label values. */
  private static int closingBrace(String expression, int open) {
    boolean quoted = false;
    for (int i = open + 1; i < expression.length(); i++) {
      char c = expression.charAt(i);
      if (quoted && c == '\\') {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && c == '}') {
        return i;
      }
    }
    throw new IllegalArgumentException("no closing brace in " + expression);
  }

  /** The selectors with equality matchers of the dashboard's and the rules' expressions. */
  public static List<Selector> shippedSelectors() throws IOException {
    List<Selector> selectors = new ArrayList<>();
    for (String expression : dashboardExpressions(DASHBOARD)) {
      selectors.addAll(selectorsIn(expression));
    }
    for (String expression : ruleExpressions(RULES)) {
      selectors.addAll(selectorsIn(expression));
    }
    return selectors;
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
