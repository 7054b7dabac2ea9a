package org.aftm.app.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aftm.domain.condition.ConditionSpec;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;

/**
 * Reads a conditions file: a JSON array of objects with the snake_case fields {@code item_code},
 * {@code action}, {@code trigger_price}, {@code turning_point}, {@code quantity} and the optional
 * {@code take_profit_point}, {@code stop_loss_point}, {@code is_following}. All or nothing: the
 * first bad entry fails the whole file with its file, line and field.
 */
public final class ConditionsFile {

  private static final Set<String> REQUIRED =
      Set.of("item_code", "action", "trigger_price", "turning_point", "quantity");
  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build())
          .build();

  private ConditionsFile() {}

  /** A bad conditions file: names the file, the line and the field. */
  public static final class ConditionsFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ConditionsFileException(Path file, int line, String field, String problem) {
      super(file + " line " + line + (field == null ? "" : ", field " + field) + ": " + problem);
    }
  }

  public static List<ConditionSpec> read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConditionsFileException(file, 0, null, "no such file");
    }
    try (JsonParser parser = JSON.createParser(file.toFile())) {
      if (parser.nextToken() != JsonToken.START_ARRAY) {
        throw new ConditionsFileException(
            file, line(parser), null, "expected a JSON array of conditions");
      }
      List<ConditionSpec> specs = new ArrayList<>();
      JsonToken token;
      while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
        if (token != JsonToken.START_OBJECT) {
          throw new ConditionsFileException(
              file, line(parser), null, "expected a condition object");
        }
        specs.add(readOne(file, parser));
      }
      if (parser.nextToken() != null) {
        throw new ConditionsFileException(
            file, line(parser), null, "unexpected content after the array");
      }
      return specs;
    } catch (JsonParseException e) {
      throw new ConditionsFileException(
          file,
          e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
          null,
          "not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ConditionsFileException(file, 0, null, "cannot read: " + e.getMessage());
    }
  }

  private static ConditionSpec readOne(Path file, JsonParser parser) throws IOException {
    int objectLine = line(parser);
    Map<String, String> values = new HashMap<>();
    Map<String, Integer> lines = new HashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      lines.put(field, line(parser));
      if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
        throw new ConditionsFileException(file, line(parser), field, "must be a single value");
      }
      values.put(field, value == JsonToken.VALUE_NULL ? null : parser.getText());
    }
    for (String field : REQUIRED) {
      if (values.get(field) == null) {
        throw new ConditionsFileException(file, objectLine, field, "is required");
      }
    }
    String itemCode = text(file, values, lines, "item_code");
    Side action = parse(file, lines, "action", () -> Side.fromWire(values.get("action")));
    Price trigger = price(file, values, lines, "trigger_price", null);
    Price turning = price(file, values, lines, "turning_point", null);
    int quantity = parse(file, lines, "quantity", () -> Integer.parseInt(values.get("quantity")));
    Price takeProfit =
        price(file, values, lines, "take_profit_point", ConditionSpec.DEFAULT_TAKE_PROFIT_POINT);
    Price stopLoss =
        price(file, values, lines, "stop_loss_point", ConditionSpec.DEFAULT_STOP_LOSS_POINT);
    boolean following = parse(file, lines, "is_following", () -> bool(values.get("is_following")));
    try {
      return new ConditionSpec(
          itemCode, action, trigger, turning, quantity, takeProfit, stopLoss, following);
    } catch (IllegalArgumentException e) {
      String field = e.getMessage().split(" ")[0];
      throw new ConditionsFileException(
          file, lines.getOrDefault(field, objectLine), field, e.getMessage());
    }
  }

  private interface Parse<T> {
    T get();
  }

  private static <T> T parse(Path file, Map<String, Integer> lines, String field, Parse<T> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      String problem =
          e instanceof NumberFormatException ? "must be a whole number" : e.getMessage();
      throw new ConditionsFileException(file, lines.getOrDefault(field, 0), field, problem);
    }
  }

  private static String text(
      Path file, Map<String, String> values, Map<String, Integer> lines, String field) {
    String value = values.get(field);
    if (value == null || value.isBlank()) {
      throw new ConditionsFileException(
          file, lines.getOrDefault(field, 0), field, "must not be empty");
    }
    return value;
  }

  private static Price price(
      Path file,
      Map<String, String> values,
      Map<String, Integer> lines,
      String field,
      Price fallback) {
    String value = values.get(field);
    if (value == null) {
      return fallback;
    }
    return parse(file, lines, field, () -> Price.parse(value));
  }

  private static boolean bool(String value) {
    if (value == null) {
      return false;
    }
    if (value.equals("true")) {
      return true;
    }
    if (value.equals("false")) {
      return false;
    }
    throw new IllegalArgumentException("must be true or false");
  }

  private static int line(JsonParser parser) {
    return parser.currentLocation().getLineNr();
  }
}
