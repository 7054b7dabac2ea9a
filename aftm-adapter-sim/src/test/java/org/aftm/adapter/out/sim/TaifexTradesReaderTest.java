package org.aftm.adapter.out.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.aftm.application.service.RecordedTicks;
import org.aftm.domain.model.Price;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TAIFEX's daily time-and-sales file, written here in Big5 with Java's own charset the way TAIFEX
 * publishes it: padded fields, CRLF, spread rows between two months, other products, and each
 * product's months one after another (so time starts again between them).
 */
class TaifexTradesReaderTest {

  private static final String HEADER = "成交日期,商品代號,到期月份(週別),成交時間,成交價格,成交數量(B+S),近月價格,遠月價格,開盤集合競價 ";

  /** Line numbers in comments: the header is line 1. */
  private static final List<String> ROWS =
      List.of(
          "20261120,MTX    ,202612     ,084500,21940,8,-,-,*", // 2
          "20261120,MTX    ,202612     ,090002,21962,4,-,-,", // 3
          "20261120,MTX    ,202612/202701,090003,55,2,21950,22005,", // 4: spread
          "20261120,MTX    ,202701     ,090001,22012,2,-,-,", // 5
          "20261120,TE     ,202612     ,090001,1105.5,2,-,-,", // 6: another product
          "20261120,TX     ,202612     ,084500,22000,20,-,-,*", // 7
          "20261120,TX     ,202612     ,090002,21950.5,4,-,-,", // 8
          "20261120,TX     ,202612     ,090002,21951,2,-,-,", // 9: same second
          "20261120,TX     ,202612/202701,090002,52,2,21950,22002,", // 10: spread
          "20261120,TX     ,202701     ,090005,22150,2,-,-,"); // 11

  @TempDir Path dir;

  private Path big5(List<String> rows) throws IOException {
    Path file = dir.resolve("Daily_2026_11_20.csv");
    String text = HEADER + "\r\n" + String.join("\r\n", rows) + "\r\n";
    Files.write(file, text.getBytes(TaifexTradesReader.BIG5));
    return file;
  }

  private static long taipei(String isoLocal) {
    return Instant.parse(isoLocal + "Z").toEpochMilli() - 8 * 3_600_000L;
  }

  @Test
  void readsTxAndMtxInTheirNearestMonthMergedInTimeOrderSkippingSpreadsAndOtherProducts()
      throws IOException {
    RecordedTicks ticks = new TaifexTradesReader(List.of()).read(big5(ROWS));

    assertThat(ticks.size()).isEqualTo(5);
    // On equal times the selections' order (TX, then MTX), within one series the file's: 08:45:00
    // TX, MTX; 09:00:02 TX, TX, MTX.
    assertThat(ticks.itemCode(0)).isEqualTo("TXF");
    assertThat(ticks.priceUnits(0)).isEqualTo(Price.ofPoints(22000).units());
    assertThat(ticks.timeMillis(0)).isEqualTo(taipei("2026-11-20T08:45:00"));
    assertThat(ticks.itemCode(1)).isEqualTo("MXF");
    assertThat(ticks.quantity(1)).isEqualTo(8);
    assertThat(ticks.itemCode(2)).isEqualTo("TXF");
    assertThat(ticks.priceUnits(2)).isEqualTo(Price.parse("21950.5").units());
    assertThat(ticks.itemCode(3)).isEqualTo("TXF");
    assertThat(ticks.priceUnits(3)).isEqualTo(Price.ofPoints(21951).units());
    assertThat(ticks.itemCode(4)).isEqualTo("MXF");
    assertThat(ticks.priceUnits(4)).isEqualTo(Price.ofPoints(21962).units());
    assertThat(ticks.timeMillis(4)).isEqualTo(taipei("2026-11-20T09:00:02"));
    for (int i = 0; i < ticks.size(); i++) {
      assertThat(ticks.priceUnits(i))
          .as("no spread price (52, 55) and no TE price (1105.5) is read")
          .isGreaterThan(Price.ofPoints(20_000).units());
    }
  }

  @Test
  void anItemPicksAProductAndItsMonth() throws IOException {
    RecordedTicks ticks =
        new TaifexTradesReader(List.of(TaifexTradesReader.Selection.parse("TX:202701")))
            .read(big5(ROWS));

    assertThat(ticks.size()).isEqualTo(1);
    assertThat(ticks.itemCode(0)).isEqualTo("TXF");
    assertThat(ticks.priceUnits(0)).isEqualTo(Price.ofPoints(22150).units());
    assertThat(TaifexTradesReader.Selection.parse("mxf"))
        .isEqualTo(new TaifexTradesReader.Selection("MTX", null));
  }

  @Test
  void aTimeGoingBackWithinAProductAndMonthNamesTheLine() throws IOException {
    List<String> rows =
        List.of(
            "20261120,TX     ,202612     ,090002,21950,4,-,-,", // 2
            "20261120,TX     ,202701     ,090001,22150,2,-,-,", // 3: another month may start again
            "20261120,TX     ,202612     ,090003,21951,2,-,-,", // 4
            "20261120,TX     ,202612     ,090001,21952,2,-,-,"); // 5: back in time
    Path file = big5(rows);

    assertThatThrownBy(() -> new TaifexTradesReader(List.of()).read(file))
        .isInstanceOf(TickFileException.class)
        .hasMessageContaining("line 5")
        .hasMessageContaining("goes back in time")
        .hasMessageContaining("line 4 of TX 202612");
  }

  @Test
  void aBadPriceNamesTheLineAndField() throws IOException {
    Path file = big5(List.of("20261120,TX     ,202612     ,090002,abc,4,-,-,"));

    assertThatThrownBy(() -> new TaifexTradesReader(List.of()).read(file))
        .isInstanceOf(TickFileException.class)
        .hasMessageContaining("line 2, field 成交價格 (price)");
  }

  @Test
  void aChosenMonthWithoutTradesListsTheMonthsThere() throws IOException {
    Path file = big5(ROWS);

    assertThatThrownBy(
            () ->
                new TaifexTradesReader(List.of(TaifexTradesReader.Selection.parse("TX:202703")))
                    .read(file))
        .isInstanceOf(TickFileException.class)
        .hasMessageContaining("no trades of TX 202703")
        .hasMessageContaining("202612, 202701");
  }

  @Test
  void tellsATaifexFileFromTheProjectsCsv() throws IOException {
    Path taifex = big5(ROWS);
    Path csv = dir.resolve("ticks.csv");
    Files.writeString(
        csv, "time,item_code,price,quantity\n1,TXF,22000,1\n", StandardCharsets.UTF_8);

    assertThat(TaifexTradesReader.looksLikeTaifex(taifex)).isTrue();
    assertThat(TaifexTradesReader.looksLikeTaifex(csv)).isFalse();
    assertThatThrownBy(() -> new TaifexTradesReader(List.of()).read(csv))
        .isInstanceOf(TickFileException.class)
        .hasMessageContaining("line 1, field header");
  }

  @Test
  void aProductChosenTwiceOrUnmappedIsRefused() {
    assertThatThrownBy(
            () ->
                new TaifexTradesReader(
                    List.of(
                        TaifexTradesReader.Selection.parse("TX:202612"),
                        TaifexTradesReader.Selection.parse("TXF:202701"))))
        .hasMessageContaining("product TX is chosen twice");
    assertThatThrownBy(() -> TaifexTradesReader.Selection.parse("TE"))
        .hasMessageContaining("'TE' is not a product");
    assertThatThrownBy(() -> TaifexTradesReader.Selection.parse("TX:2026-12"))
        .hasMessageContaining("month '2026-12' of TX is not yyyyMM");
  }
}
