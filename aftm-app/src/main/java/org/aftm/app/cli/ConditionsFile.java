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
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.aftm.domain.condition.ConditionField;
import org.aftm.domain.condition.ConditionRules;
import org.aftm.domain.condition.ConditionSpec;
import org.aftm.domain.condition.InvalidConditionException;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;

/**
 * Reads a conditions file: a JSON array of objects with the snake_case fields {@code item_code},
 * {@code action} (strings), {@code trigger_price}, {@code turning_point}, {@code quantity}
 * (numbers) and the optional {@code take_profit_point}, {@code stop_loss_point} (numbers) and
 * {@code is_following} (true or false). All or nothing: the first bad entry fails the whole file
 * with its file, entry number, line and field. A field not in this list, a field given twice, a
 * value of the wrong JSON type and a condition the {@link ConditionRules} refuse (an unknown
 * instrument, a price off the tick grid, a derived price at or below zero ...) are errors, never
 * ignored.
 */
public final class ConditionsFile {

  /** The file's field names, as the operator writes them. */
  private static final Map<ConditionField, String> NAMES = new EnumMap<>(ConditionField.class);

  static {
    NAMES.put(ConditionField.ITEM_CODE, "item_code");
    NAMES.put(ConditionField.ACTION, "action");
    NAMES.put(ConditionField.TRIGGER_PRICE, "trigger_price");
    NAMES.put(ConditionField.TURNING_POINT, "turning_point");
    NAMES.put(ConditionField.QUANTITY, "quantity");
    NAMES.put(ConditionField.TAKE_PROFIT_POINT, "take_profit_point");
    NAMES.put(ConditionField.STOP_LOSS_POINT, "stop_loss_point");
    NAMES.put(ConditionField.FOLLOWING, "is_following");
  }

  private static final List<String> REQUIRED =
      List.of("item_code", "action", "trigger_price", "turning_point", "quantity");
  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build())
          .build();

  private ConditionsFile() {}

  /** A bad conditions file: names the file, the entry, the line and the field. */
  public static final class ConditionsFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ConditionsFileException(Path file, int line, String field, String problem) {
      this(file, 0, line, field, problem);
    }

    ConditionsFileException(Path file, int entry, int line, String field, String problem) {
      super(
          file
              + (entry > 0 ? " entry " + entry + "," : "")
              + " line "
              + line
              + (field == null ? "" : ", field " + field)
              + ": "
              + problem);
    }
  }

  /**
   * Reads every condition of the file and checks each against {@code rules}.
   *
   * @throws ConditionsFileException at the first problem, naming file, entry, line and field
   */
  public static List<ConditionSpec> read(Path file, ConditionRules rules) {
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
              file, specs.size() + 1, line(parser), null, "expected a condition object");
        }
        specs.add(new Entry(file, specs.size() + 1, line(parser)).read(parser, rules));
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

  /** One entry of the array, read field by field; every error names it. */
  private static final class Entry {
    private final Path file;
    private final int index;
    private final int objectLine;
    private final Map<String, JsonToken> types = new HashMap<>();
    private final Map<String, String> values = new HashMap<>();
    private final Map<String, Integer> lines = new HashMap<>();

    Entry(Path file, int index, int objectLine) {
      this.file = file;
      this.index = index;
      this.objectLine = objectLine;
    }

    ConditionSpec read(JsonParser parser, ConditionRules rules) throws IOException {
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        int fieldLine = line(parser);
        if (!NAMES.containsValue(field)) {
          throw fail(
              fieldLine,
              field,
              "is not a field of a condition; the fields are " + String.join(", ", NAMES.values()));
        }
        if (lines.containsKey(field)) {
          throw fail(fieldLine, field, "is given twice (first on line " + lines.get(field) + ")");
        }
        JsonToken value = parser.nextToken();
        lines.put(field, fieldLine);
        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
          throw fail(fieldLine, field, "must be a single value");
        }
        types.put(field, value);
        values.put(field, value == JsonToken.VALUE_NULL ? null : parser.getText());
      }
      for (String field : REQUIRED) {
        if (values.get(field) == null) {
          throw fail(objectLine, field, "is required");
        }
      }
      try {
        ConditionSpec spec =
            new ConditionSpec(
                string(ConditionField.ITEM_CODE),
                side(),
                price(ConditionField.TRIGGER_PRICE, null),
                price(ConditionField.TURNING_POINT, null),
                quantity(),
                price(ConditionField.TAKE_PROFIT_POINT, ConditionSpec.DEFAULT_TAKE_PROFIT_POINT),
                price(ConditionField.STOP_LOSS_POINT, ConditionSpec.DEFAULT_STOP_LOSS_POINT),
                following());
        rules.check(spec);
        return spec;
      } catch (InvalidConditionException e) {
        String field = NAMES.get(e.field());
        throw fail(lines.getOrDefault(field, objectLine), field, e.problem());
      }
    }

    private ConditionsFileException fail(int line, String field, String problem) {
      return new ConditionsFileException(file, index, line, field, problem);
    }

    private String string(ConditionField field) {
      String name = NAMES.get(field);
      JsonToken type = types.get(name);
      if (type != JsonToken.VALUE_STRING) {
        throw new InvalidConditionException(
            field, "must be a string, was " + describe(type, values.get(name)));
      }
      return values.get(name);
    }

    private Side side() {
      String text = string(ConditionField.ACTION);
      try {
        return Side.fromWire(text);
      } catch (IllegalArgumentException e) {
        throw new InvalidConditionException(
            ConditionField.ACTION, "must be \"buy\" or \"sell\", was \"" + text + "\"");
      }
    }

    private Price price(ConditionField field, Price fallback) {
      String name = NAMES.get(field);
      JsonToken type = types.get(name);
      if (type == null || type == JsonToken.VALUE_NULL) {
        return fallback;
      }
      String text = values.get(name);
      if (type != JsonToken.VALUE_NUMBER_INT && type != JsonToken.VALUE_NUMBER_FLOAT) {
        throw new InvalidConditionException(field, "must be a number, was " + describe(type, text));
      }
      return ConditionRules.parsePrice(field, text);
    }

    private int quantity() {
      String text = values.get("quantity");
      JsonToken type = types.get("quantity");
      if (type != JsonToken.VALUE_NUMBER_INT) {
        throw new InvalidConditionException(
            ConditionField.QUANTITY, "must be a whole number, was " + describe(type, text));
      }
      try {
        return Integer.parseInt(text);
      } catch (NumberFormatException e) {
        throw new InvalidConditionException(ConditionField.QUANTITY, "is too large, was " + text);
      }
    }

    private boolean following() {
      JsonToken type = types.get("is_following");
      if (type == null || type == JsonToken.VALUE_NULL || type == JsonToken.VALUE_FALSE) {
        return false;
      }
      if (type == JsonToken.VALUE_TRUE) {
        return true;
      }
      throw new InvalidConditionException(
          ConditionField.FOLLOWING,
          "must be true or false, was " + describe(type, values.get("is_following")));
    }
  }

  /** A JSON value as the operator wrote it: strings quoted, so "22000" differs from 22000. */
  private static String describe(JsonToken type, String text) {
    if (type == null || type == JsonToken.VALUE_NULL) {
      return "null";
    }
    return type == JsonToken.VALUE_STRING ? "the string \"" + text + "\"" : text;
  }

  private static int line(JsonParser parser) {
    return parser.currentLocation().getLineNr();
  }
}
