package org.aftm.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PriceTest {

  @ParameterizedTest
  @CsvSource({
    "22000, 220000000, 22000",
    "21999.5, 219995000, 21999.5",
    "0.29, 2900, 0.29",
    "0.0001, 1, 0.0001",
    "-3.25, -32500, -3.25",
    "+5, 50000, 5",
    "007.10, 71000, 7.1",
    "0, 0, 0",
    "-0, 0, 0",
    ".5, 5000, 0.5",
    "100000000000, 1000000000000000, 100000000000"
  })
  void parsesExactlyAndFormatsWithoutTrailingZeros(String text, long units, String formatted) {
    Price price = Price.parse(text);

    assertThat(price.units()).isEqualTo(units);
    assertThat(price.toString()).isEqualTo(formatted);
    assertThat(Price.format(units)).isEqualTo(formatted);
  }

  @Test
  void zeroPointTwentyNineStaysZeroPointTwentyNine() {
    Price price = Price.parse("0.29");
    // 0.29 has no exact double; a double-based parser gives 0.28999... and truncates to 0.2899.
    assertThat(price.toBigDecimal()).isEqualByComparingTo(new BigDecimal("0.29"));
    assertThat(price.times(100)).isEqualTo(Price.ofPoints(29));
    assertThat(Price.parse("0.1").plus(Price.parse("0.2"))).isEqualTo(Price.parse("0.3"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.23456", "0.00001", "22000.00000"})
  void rejectsMoreThanFourPlacesNamingTheText(String text) {
    assertThatThrownBy(() -> Price.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 4 places")
        .hasMessageContaining("'" + text + "'");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "-",
        "+",
        ".",
        "abc",
        "1e5",
        "12a",
        "1.2.3",
        "--1",
        "1,5",
        " 1",
        "1 ",
        "NaN",
        "Infinity",
        "0x10",
        "1.-5"
      })
  void rejectsGarbage(String text) {
    assertThatThrownBy(() -> Price.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a decimal number");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "100000000000.0001",
        "100000000001",
        "-100000000001",
        "999999999999",
        "1000000000000",
        "99999999999999999999999"
      })
  void rejectsOverflowInsteadOfWrapping(String text) {
    assertThatThrownBy(() -> Price.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(text);
  }

  @Test
  void rejectsMissingText() {
    assertThatThrownBy(() -> Price.parse(null)).hasMessage("price is missing");
  }

  @Test
  void parseUnitsReadsOnlyTheSlice() {
    String line = "TXFF6,22001.25,3";

    assertThat(Price.parseUnits(line, 6, 14)).isEqualTo(220_012_500L);
    assertThat(Price.parseUnits(new StringBuilder("x-0.5y"), 1, 5)).isEqualTo(-5_000L);
    assertThatThrownBy(() -> Price.parseUnits(line, 6, 16)).hasMessageContaining("'22001.25,3'");
    assertThatThrownBy(() -> Price.parseUnits(line, 6, 6)).hasMessageContaining("''");
  }

  @Test
  void bigDecimalConversionRefusesRounding() {
    assertThat(Price.of(new BigDecimal("21999.5000"))).isEqualTo(Price.parse("21999.5"));
    assertThat(Price.of(new BigDecimal("1E+3"))).isEqualTo(Price.ofPoints(1000));
    assertThatThrownBy(() -> Price.of(new BigDecimal("0.00005"))).hasMessageContaining("0.00005");
    assertThatThrownBy(() -> Price.of(new BigDecimal("1E+30")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rangeIsEnforcedOnConstructionAndArithmeticDoesNotWrap() {
    assertThatThrownBy(() -> Price.ofUnits(Price.MAX_UNITS + 1))
        .hasMessageContaining("out of range");
    assertThatThrownBy(() -> Price.ofUnits(-Price.MAX_UNITS - 1))
        .hasMessageContaining("out of range");
    assertThatThrownBy(() -> Price.ofPoints(Long.MAX_VALUE / 10))
        .isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> Price.ofUnits(Price.MAX_UNITS).times(Long.MAX_VALUE))
        .isInstanceOf(ArithmeticException.class);
  }

  @Test
  void arithmeticAndOrdering() {
    Price a = Price.parse("22000.25");
    Price b = Price.parse("0.75");
    assertThat(a.plus(b)).isEqualTo(Price.ofPoints(22001));
    assertThat(a.minus(b)).isEqualTo(Price.parse("21999.5"));
    assertThat(b.times(200)).isEqualTo(Price.ofPoints(150));
    assertThat(a).isGreaterThan(b);
    assertThat(Price.ZERO.isPositive()).isFalse();
    assertThat(Price.ZERO.isNegative()).isFalse();
    assertThat(Price.parse("-0.0001").isNegative()).isTrue();
  }

  @Property
  void formatThenParseIsTheIdentity(
      @ForAll @LongRange(min = -Price.MAX_UNITS, max = Price.MAX_UNITS) long units) {
    assertThat(Price.parse(Price.format(units)).units()).isEqualTo(units);
    assertThat(Price.of(Price.ofUnits(units).toBigDecimal()).units()).isEqualTo(units);
  }

  @Property
  void parseAgreesWithBigDecimal(
      @ForAll @LongRange(min = 0, max = 99_999_999_999L) long whole,
      @ForAll @LongRange(min = 0, max = 9999) long fraction) {
    String text = whole + "." + String.format("%04d", fraction);

    assertThat(Price.parse(text).units())
        .isEqualTo(new BigDecimal(text).movePointRight(4).longValueExact());
    assertThat(Price.parse("-" + text).units()).isEqualTo(-Price.parse(text).units());
  }
}
