package org.aftm.adapter.out.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.aftm.application.service.RecordedTicks;
import org.aftm.domain.model.Price;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TickFileReaderTest {

  @TempDir Path dir;

  private final TickFileReader reader = new TickFileReader();

  @Test
  void readsIsoTimesWithAndWithoutOffsets() throws IOException {
    Path file =
        write(
            "ticks.csv",
            """
        time,item_code,price,quantity
        2026-11-23T01:00:00Z,TXF,22000,1
        2026-11-23T09:00:00.25+08:00,TXF,22001.5,3
        2026-11-23T09:00:01.123456,MXF,21999.25,2
        2026-11-23 09:00:02,TXF,22002,10
        2026-11-23T09:03,TXF,22003,1
        """);

    RecordedTicks ticks = reader.read(file);

    assertThat(ticks.size()).isEqualTo(5);
    assertThat(ticks.timeMillis(0)).isEqualTo(Instant.parse("2026-11-23T01:00:00Z").toEpochMilli());
    assertThat(ticks.timeMillis(1))
        .isEqualTo(Instant.parse("2026-11-23T01:00:00.250Z").toEpochMilli());
    assertThat(ticks.timeMillis(2))
        .isEqualTo(Instant.parse("2026-11-23T01:00:01.123Z").toEpochMilli());
    assertThat(ticks.timeMillis(3)).isEqualTo(Instant.parse("2026-11-23T01:00:02Z").toEpochMilli());
    assertThat(ticks.timeMillis(4)).isEqualTo(Instant.parse("2026-11-23T01:03:00Z").toEpochMilli());
    assertThat(ticks.priceUnits(1)).isEqualTo(Price.parse("22001.5").units());
    assertThat(ticks.priceUnits(2)).isEqualTo(Price.parse("21999.25").units());
    assertThat(ticks.quantity(3)).isEqualTo(10);
    assertThat(ticks.itemCodes()).containsExactly("TXF", "MXF");
  }

  @Test
  void localTimesFollowTheGivenZoneIncludingHistoricDaylightSaving() throws IOException {
    Path file =
        write(
            "ny.csv",
            """
        time,item_code,price,quantity
        2026-01-15T09:30:00,ES,6000,1
        2026-07-15T09:30:00,ES,6000,1
        """);

    RecordedTicks ticks = new TickFileReader(ZoneId.of("America/New_York")).read(file);

    ZoneId newYork = ZoneId.of("America/New_York");
    assertThat(ticks.timeMillis(0))
        .isEqualTo(
            LocalDateTime.parse("2026-01-15T09:30:00").atZone(newYork).toInstant().toEpochMilli());
    assertThat(ticks.timeMillis(1))
        .isEqualTo(
            LocalDateTime.parse("2026-07-15T09:30:00").atZone(newYork).toInstant().toEpochMilli());
  }

  @Test
  void readsEpochMillisecondsCrlfABomAndSkipsBlankLines() throws IOException {
    Path file = dir.resolve("epoch.csv");
    Files.writeString(
        file,
        "\uFEFFtime,item_code,price,quantity\r\n1763859600000,TXFL6,22000,1\r\n\r\n   \r\n"
            + "1763859600100,TXFL6,22001,2",
        StandardCharsets.UTF_8);

    RecordedTicks ticks = reader.read(file);

    assertThat(ticks.size()).isEqualTo(2);
    assertThat(ticks.timeMillis(0)).isEqualTo(1_763_859_600_000L);
    assertThat(ticks.timeMillis(1)).isEqualTo(1_763_859_600_100L);
    assertThat(ticks.priceUnits(1)).isEqualTo(Price.ofPoints(22_001).units());
    assertThat(ticks.quantity(1)).isEqualTo(2);
  }

  @Test
  void equalItemCodesShareOneString() throws IOException {
    StringBuilder text = new StringBuilder("time,item_code,price,quantity\n");
    for (int i = 0; i < 500; i++) {
      text.append(1_000 + i)
          .append(',')
          .append(i % 2 == 0 ? "TXF" : "C" + (i % 100))
          .append(",22000,1\n");
    }
    Path file = write("many.csv", text.toString());

    RecordedTicks ticks = reader.read(file);

    assertThat(ticks.size()).isEqualTo(500);
    assertThat(ticks.itemCode(0)).isSameAs(ticks.itemCode(498));
    assertThat(ticks.itemCode(1)).isEqualTo("C1").isSameAs(ticks.itemCode(101));
    assertThat(ticks.itemCodes()).hasSize(51);
  }

  @Test
  void aHeaderOnlyFileHasNoTicks() throws IOException {
    assertThat(reader.read(write("empty.csv", "time,item_code,price,quantity\n")).size()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "bad price          | 1000,TXF,22x00,1               | 3 | price    | not a decimal number",
        "too many places    | 1000,TXF,22000.12345,1         | 3 | price    | not a decimal number",
        "zero price         | 1000,TXF,0,1                   | 3 | price    | must be > 0",
        "missing column     | 1000,TXF,22000                 | 3 | quantity | missing",
        "missing columns    | 1000                           | 3 | item_code| missing",
        "extra column       | 1000,TXF,22000,1,9             | 3 | quantity | extra column",
        "empty item         | 1000,,22000,1                  | 3 | item_code| missing",
        "bad time           | yesterday,TXF,22000,1          | 3 | time     | not epoch milliseconds or an ISO-8601",
        "no such date       | 2026-02-30T09:00:00,TXF,22000,1| 3 | time     | no such date",
        "bad offset         | 2026-02-03T09:00:00+8,TXF,22000,1| 3 | time   | not epoch",
        "negative quantity  | 1000,TXF,22000,-3              | 3 | quantity | not a positive integer: '-3'",
        "zero quantity      | 1000,TXF,22000,0               | 3 | quantity | not a positive integer",
        "fraction quantity  | 1000,TXF,22000,1.5             | 3 | quantity | not a positive integer",
      })
  void aBadLineNamesTheFileLineAndField(
      String why, String badLine, long line, String field, String problem) throws IOException {
    Path file =
        write(
            "ticks.csv",
            "time,item_code,price,quantity\n1000,TXF,22000,1\n" + badLine + "\n2000,TXF,1,1\n");

    assertThatThrownBy(() -> reader.read(file))
        .isInstanceOfSatisfying(
            TickFileException.class,
            e -> {
              assertThat(e.file()).isEqualTo(file);
              assertThat(e.line()).isEqualTo(line);
              assertThat(e.field()).isEqualTo(field.strip());
              assertThat(e.getMessage())
                  .startsWith("ticks.csv line " + line + ", field " + field.strip() + ": ")
                  .contains(problem.strip());
            });
  }

  @Test
  void lineNumbersCountBlankLines() throws IOException {
    Path file =
        write(
            "ticks.csv", "time,item_code,price,quantity\n\n1000,TXF,22000,1\n\n\n1000,TXF,abc,1\n");

    assertThatThrownBy(() -> reader.read(file))
        .isInstanceOf(TickFileException.class)
        .hasMessage(
            "ticks.csv line 6, field price: not a decimal number with at most 4 places: 'abc'");
  }

  @Test
  void aBadHeaderIsLineOne() throws IOException {
    Path file = write("ticks.csv", "time,item,price,quantity\n1000,TXF,22000,1\n");

    assertThatThrownBy(() -> reader.read(file))
        .isInstanceOfSatisfying(
            TickFileException.class,
            e -> {
              assertThat(e.line()).isEqualTo(1);
              assertThat(e.field()).isEqualTo("header");
              assertThat(e.getMessage())
                  .contains("time,item_code,price,quantity")
                  .contains("time,item,price,quantity");
            });
  }

  @Test
  void anEmptyFileHasABadHeader() throws IOException {
    Path file = write("nothing.csv", "");

    assertThatThrownBy(() -> reader.read(file))
        .isInstanceOfSatisfying(
            TickFileException.class,
            e -> {
              assertThat(e.line()).isEqualTo(1);
              assertThat(e.field()).isEqualTo("header");
            });
  }

  @Test
  void anOverlongLineIsRefusedInsteadOfBuffered() throws IOException {
    Path file = write("long.csv", "time,item_code,price,quantity\n" + "9".repeat(100_000));

    assertThatThrownBy(() -> reader.read(file))
        .isInstanceOfSatisfying(TickFileException.class, e -> assertThat(e.line()).isEqualTo(2));
  }

  @Test
  void aMissingFileIsAnIoError() {
    assertThatThrownBy(() -> reader.read(dir.resolve("absent.csv")))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("absent.csv");
  }

  @Test
  void linesLongerThanOneBufferFillAreReadAcrossRefills() throws IOException {
    StringBuilder text = new StringBuilder("time,item_code,price,quantity\n");
    for (int i = 0; i < 20_000; i++) {
      text.append("2026-11-23T09:00:00.")
          .append(String.format("%03d", i % 1000))
          .append(",TXFL6,")
          .append(22_000 + i % 7)
          .append(".25,")
          .append(1 + i % 9)
          .append('\n');
    }
    Path file = write("big.csv", text.toString());

    RecordedTicks ticks = reader.read(file);

    assertThat(ticks.size()).isEqualTo(20_000);
    for (int i = 0; i < 20_000; i++) {
      assertThat(ticks.priceUnits(i)).isEqualTo(Price.ofPoints(22_000 + i % 7).units() + 2_500);
      assertThat(ticks.quantity(i)).isEqualTo(1 + i % 9);
    }
  }

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void inTimeOrderATickEarlierThanTheOneBeforeNamesItsLine() throws IOException {
    Path file = dir.resolve("backwards.csv");
    Files.writeString(
        file,
        "time,item_code,price,quantity\n"
            + "2026-11-20T09:00:00+08:00,TXF,22000,1\n"
            + "2026-11-20T09:00:00+08:00,MXF,22001,1\n"
            + "2026-11-20T09:00:01+08:00,TXF,22002,1\n"
            + "1763600414000,TXF,22003,1\n");

    assertThatThrownBy(() -> TickFileReader.inTimeOrder().read(file))
        .isInstanceOf(TickFileException.class)
        .hasMessage(
            "backwards.csv line 5, field time: goes back in time: '1763600414000' is before the time on line 4");
    assertThat(new TickFileReader().read(file).size())
        .as("the plain reader (aftm replay) still takes any order")
        .isEqualTo(4);
  }
}
