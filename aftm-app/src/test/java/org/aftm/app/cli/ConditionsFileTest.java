package org.aftm.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.aftm.app.cli.ConditionsFile.ConditionsFileException;
import org.aftm.domain.condition.ConditionRules;
import org.aftm.domain.condition.ConditionSpec;
import org.aftm.domain.model.Contract;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The conditions file of {@code aftm replay}: all or nothing, errors name file, line and field. */
class ConditionsFileTest {

  private static final Path SAMPLE = Path.of("../samples/conditions.json");

  /** TXF and MXF as the simulated broker lists them at its default start price of 22000. */
  static final ConditionRules RULES =
      new ConditionRules(List.of(contract("TXFL6", "TXF"), contract("MXFL6", "MXF")), 10);

  @TempDir Path dir;

  static Contract contract(String code, String product) {
    return new Contract(
        code,
        product,
        product + " futures",
        "202612",
        Price.ofPoints(1),
        200,
        Price.ofPoints(19_800),
        Price.ofPoints(24_200));
  }

  @Test
  void anUnknownFieldIsAnErrorNamingItsEntryLineAndTheKnownFields() throws IOException {
    Path file =
        write(
            """
        [
          {"item_code": "TXF", "action": "buy", "trigger_price": 22000, "turning_point": 30, "quantity": 1},
          {
            "item_code": "TXF",
            "action": "buy",
            "trigger_price": 22000,
            "turning_point": 30,
            "quantity": 1,
            "take_profit": 90
          }
        ]
        """);

    assertThat(failure(file))
        .isEqualTo(
            file
                + " entry 2, line 9, field take_profit: is not a field of a condition; the fields"
                + " are item_code, action, trigger_price, turning_point, quantity,"
                + " take_profit_point, stop_loss_point, is_following");
  }

  @Test
  void aFieldGivenTwiceIsAnError() throws IOException {
    Path file = write(condition("\"quantity\": 1, \"quantity\": 2"));

    assertThat(failure(file))
        .isEqualTo(file + " entry 1, line 7, field quantity: is given twice (first on line 7)");
  }

  @Test
  void aNumberWrittenAsAStringIsTheWrongType() throws IOException {
    Path file = write(condition("\"trigger_price\": \"22000\","));

    assertThat(failure(file))
        .isEqualTo(
            file
                + " entry 1, line 5, field trigger_price: must be a number, was the string \"22000\"");
  }

  @Test
  void wrongTypesOfTheOtherFieldsAreNamed() throws IOException {
    assertThat(failure(write(condition("\"item_code\": 7,"))))
        .endsWith("entry 1, line 3, field item_code: must be a string, was 7");
    assertThat(failure(write(condition("\"quantity\": \"2\""))))
        .endsWith("entry 1, line 7, field quantity: must be a whole number, was the string \"2\"");
    assertThat(failure(write(condition("\"quantity\": 1, \"is_following\": \"yes\""))))
        .endsWith(
            "entry 1, line 7, field is_following: must be true or false, was the string \"yes\"");
  }

  @Test
  void aPriceOffTheTickGridIsRefusedNamingTheTickSize() throws IOException {
    Path file = write(condition("\"trigger_price\": 22000.5,"));

    assertThat(failure(file))
        .isEqualTo(
            file
                + " entry 1, line 5, field trigger_price: must be a multiple of the tick size 1 of"
                + " TXF (TXFL6), was 22000.5");
  }

  @Test
  void anUnknownInstrumentIsRefusedListingTheKnownOnes() throws IOException {
    Path file = write(condition("\"item_code\": \"TXO\","));

    assertThat(failure(file))
        .isEqualTo(
            file
                + " entry 1, line 3, field item_code: must be an instrument the broker lists (TXF,"
                + " TXFL6, MXF, MXFL6), was TXO");
  }

  @Test
  void aSellWhoseTakeProfitPriceWouldBeAtOrBelowZeroIsRefused() throws IOException {
    Path file =
        write(
            condition(
                "\"action\": \"sell\",",
                "\"trigger_price\": 19800,",
                "\"turning_point\": 0,",
                "\"quantity\": 1, \"take_profit_point\": 19800"));

    assertThat(failure(file))
        .isEqualTo(
            file
                + " entry 1, line 7, field take_profit_point: would put the take-profit price at 0"
                + " (order price 19800 - 19800); it must stay above 0, was 19800");
  }

  @Test
  void aTriggerOutsideTodaysLimitsIsRefused() throws IOException {
    Path file = write(condition("\"trigger_price\": 99999999999,"));

    assertThat(failure(file))
        .isEqualTo(
            file
                + " entry 1, line 5, field trigger_price: must be within today's price limits of"
                + " TXF (TXFL6), 19800 to 24200, was 99999999999");
  }

  @Test
  void readsTheShippedSample() {
    List<ConditionSpec> specs = ConditionsFile.read(SAMPLE, RULES);

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
                Price.ofPoints(21950),
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

    ConditionSpec spec = ConditionsFile.read(file, RULES).get(0);

    assertThat(spec.takeProfitPoint()).isEqualTo(Price.ofPoints(90));
    assertThat(spec.stopLossPoint()).isEqualTo(Price.ofPoints(30));
    assertThat(spec.following()).isFalse();
  }

  @Test
  void anEmptyArrayIsNoConditions() throws IOException {
    assertThat(ConditionsFile.read(write("[]"), RULES)).isEmpty();
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
    return catchThrowableOfType(
            ConditionsFileException.class, () -> ConditionsFile.read(file, RULES))
        .getMessage();
  }
}
