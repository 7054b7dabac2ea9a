package org.aftm.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.aftm.app.cli.ConditionsFile.ConditionsFileException;
import org.aftm.domain.condition.ConditionSpec;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The conditions file of {@code aftm replay}: all or nothing, errors name file, line and field. */
class ConditionsFileTest {

  private static final Path SAMPLE = Path.of("../samples/conditions.json");

  @TempDir Path dir;

  @Test
  void readsTheShippedSample() {
    List<ConditionSpec> specs = ConditionsFile.read(SAMPLE);

    assertThat(specs)
        .containsExactly(
            new ConditionSpec(
                "TXF",
                Side.BUY,
                Price.ofPoints(22000),
                Price.ofPoints(30),
                1,
                Price.ofPoints(120),
                Price.ofPoints(30),
                true),
            new ConditionSpec(
                "TXF",
                Side.SELL,
                Price.ofPoints(22080),
                Price.ofPoints(20),
                2,
                Price.ofPoints(90),
                Price.ofPoints(30),
                false),
            new ConditionSpec(
                "MXF",
                Side.BUY,
                Price.parse("21950.5"),
                Price.ofPoints(10),
                3,
                Price.ofPoints(40),
                Price.ofPoints(20),
                false));
  }

  @Test
  void optionalFieldsTakeTheirDefaults() throws IOException {
    Path file =
        write(
            """
        [
          {"item_code": "TXF", "action": "sell", "trigger_price": 22080, "turning_point": 20, "quantity": 2}
        ]
        """);

    ConditionSpec spec = ConditionsFile.read(file).get(0);

    assertThat(spec.takeProfitPoint()).isEqualTo(Price.ofPoints(90));
    assertThat(spec.stopLossPoint()).isEqualTo(Price.ofPoints(30));
    assertThat(spec.following()).isFalse();
  }

  @Test
  void anEmptyArrayIsNoConditions() throws IOException {
    assertThat(ConditionsFile.read(write("[]"))).isEmpty();
  }

  @Test
  void aBadActionNamesFileLineFieldAndTheAllowedValues() throws IOException {
    Path file = write(condition("\"action\": \"hold\","));

    assertThat(failure(file))
        .contains(file.toString(), "line 4", "field action", "\"buy\"", "\"sell\"", "hold");
  }

  @Test
  void aNonNumericPriceIsRefused() throws IOException {
    Path file = write(condition("\"action\": \"buy\",", "\"trigger_price\": \"abc\","));

    assertThat(failure(file)).contains(file.toString(), "line 5", "field trigger_price");
  }

  @Test
  void aPriceWithFiveDecimalsIsRefusedNotRounded() throws IOException {
    Path file = write(condition("\"action\": \"buy\",", "\"trigger_price\": 22000.12345,"));

    assertThat(failure(file)).contains(file.toString(), "line 5", "field trigger_price");
  }

  @Test
  void aNegativeQuantityIsRefused() throws IOException {
    Path file =
        write(condition("\"action\": \"buy\",", "\"trigger_price\": 22000,", "\"quantity\": -1"));

    assertThat(failure(file)).contains(file.toString(), "line 7", "field quantity", "> 0");
  }

  @Test
  void aFractionalQuantityIsRefused() throws IOException {
    Path file =
        write(condition("\"action\": \"buy\",", "\"trigger_price\": 22000,", "\"quantity\": 1.5"));

    assertThat(failure(file)).contains(file.toString(), "line 7", "field quantity", "whole number");
  }

  @Test
  void aMissingRequiredFieldIsNamed() throws IOException {
    Path file =
        write(
            """
        [
          {
            "item_code": "TXF",
            "action": "buy",
            "trigger_price": 22000,
            "quantity": 1
          }
        ]
        """);

    assertThat(failure(file))
        .contains(file.toString(), "line 2", "field turning_point", "required");
  }

  @Test
  void aDocumentThatIsNotAnArrayIsRefused() throws IOException {
    Path file =
        write(
            """
        {"item_code": "TXF", "action": "buy", "trigger_price": 22000, "turning_point": 30, "quantity": 1}
        """);

    assertThat(failure(file)).contains(file.toString(), "line 1", "array");
  }

  @Test
  void invalidJsonNamesTheLine() throws IOException {
    Path file =
        write(
            """
        [
          {
            "item_code": "TXF"
            "action": "buy",
            "trigger_price": 22000,
            "turning_point": 30,
            "quantity": 1
          }
        ]
        """);

    assertThat(failure(file)).contains(file.toString(), "line 4", "not valid JSON");
  }

  @Test
  void aNestedObjectValueIsRefused() throws IOException {
    Path file = write(condition("\"action\": \"buy\",", "\"trigger_price\": {\"value\": 22000},"));

    assertThat(failure(file))
        .contains(file.toString(), "line 5", "field trigger_price", "single value");
  }

  @Test
  void oneBadEntryFailsTheWholeFile() throws IOException {
    Path file =
        write(
            """
        [
          {"item_code": "TXF", "action": "buy", "trigger_price": 22000, "turning_point": 30, "quantity": 1},
          {"item_code": "TXF", "action": "buy", "trigger_price": 22000, "turning_point": 30, "quantity": 0}
        ]
        """);

    assertThat(failure(file)).contains("line 3", "field quantity");
  }

  @Test
  void aMissingFileIsNamed() {
    Path file = dir.resolve("absent.json");

    assertThat(failure(file)).contains(file.toString(), "no such file");
  }

  /**
   * A condition with one field a line: line 1 {@code [}, 2 {@code {}, 3 item_code, 4 action, 5
   * trigger_price, 6 turning_point, 7 quantity; each override replaces the line of its field.
   */
  private static String condition(String... overrides) {
    String[] lines = {
      "\"item_code\": \"TXF\",",
      "\"action\": \"buy\",",
      "\"trigger_price\": 22000,",
      "\"turning_point\": 30,",
      "\"quantity\": 1"
    };
    for (String override : overrides) {
      String field = override.substring(0, override.indexOf(':'));
      for (int i = 0; i < lines.length; i++) {
        if (lines[i].startsWith(field)) {
          lines[i] = override;
        }
      }
    }
    return "[\n  {\n    " + String.join("\n    ", lines) + "\n  }\n]\n";
  }

  private Path write(String content) throws IOException {
    Path file = dir.resolve("conditions.json");
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  private static String failure(Path file) {
    return catchThrowableOfType(ConditionsFileException.class, () -> ConditionsFile.read(file))
        .getMessage();
  }
}
