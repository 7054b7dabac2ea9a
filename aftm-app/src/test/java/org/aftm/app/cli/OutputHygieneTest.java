package org.aftm.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.aftm.domain.model.Price;
import org.aftm.domain.order.Position;
import org.junit.jupiter.api.Test;

/**
 * What the operator reads: ASCII stand-ins where the console's charset cannot encode a character,
 * one unit per line for durations, and averages without four-place artefacts.
 */
class OutputHygieneTest {

  private static final Charset CP950 = Charset.forName("MS950");

  @Test
  void aCp950ConsoleGetsAStandInForMicroAndKeepsWhatItCanShow() {
    String line = "tick→order p50 812 µs p99 950 µs | 臺股期貨 TAIEX Futures";

    byte[] written = write(CP950, line);

    String read = new String(written, CP950);
    assertThat(read)
        .isEqualTo("tick→order p50 812 us p99 950 us | 臺股期貨 TAIEX Futures" + System.lineSeparator())
        .doesNotContain("?");
  }

  @Test
  void anAsciiConsoleGetsAsciiStandInsNotQuestionMarks() {
    String line = "tick→order p50 812 µs (n=3)";

    byte[] written = write(StandardCharsets.US_ASCII, line);

    assertThat(new String(written, StandardCharsets.US_ASCII))
        .isEqualTo("tick->order p50 812 us (n=3)" + System.lineSeparator());
  }

  @Test
  void aUtf8ConsoleGetsTheTextAsItIs() {
    String line = "tick→order p50 812 µs";

    assertThat(new String(write(StandardCharsets.UTF_8, line), StandardCharsets.UTF_8))
        .isEqualTo(line + System.lineSeparator());
    assertThat(OutputCharset.fit("臺 →", StandardCharsets.US_ASCII)).isEqualTo("? ->");
  }

  @Test
  void theConsoleCharsetFollowsStdoutEncoding() {
    String before = System.getProperty("stdout.encoding");
    try {
      System.setProperty("stdout.encoding", "MS950");
      assertThat(OutputCharset.console()).isEqualTo(CP950);
    } finally {
      if (before == null) {
        System.clearProperty("stdout.encoding");
      } else {
        System.setProperty("stdout.encoding", before);
      }
    }
  }

  @Test
  void aLatencyLineHasOneUnitChosenByItsLargestFigure() {
    Histogram h = new Histogram(3);
    h.recordValue(800_000); // 0.8 ms
    for (int i = 0; i < 5; i++) {
      h.recordValue(25_000_000); // 25 ms
    }

    String text = StatusLine.latencyText(h);

    assertThat(text).matches("p50 [0-9.]+ ms p99 [0-9.]+ ms \\(n=6\\)").doesNotContain("µs");
    Histogram fast = new Histogram(3);
    fast.recordValue(800_000);
    fast.recordValue(900_000);
    assertThat(StatusLine.latencyText(fast)).matches("p50 [0-9]+ µs p99 [0-9]+ µs \\(n=2\\)");
  }

  @Test
  void anAverageShowsToTheCentNotItsTruncatedQuotient() {
    assertThat(PriceText.average(Price.parse("22000.3333"))).isEqualTo("22000.33");
    assertThat(PriceText.average(Price.parse("21999.6667"))).isEqualTo("21999.67");
    assertThat(PriceText.average(Price.parse("21985.5"))).isEqualTo("21985.5");
    assertThat(PriceText.average(Price.parse("22000"))).isEqualTo("22000");
  }

  @Test
  void theStatusLinesPnlShowsNoFourPlaceArtefacts() {
    // Two lots of two conditions against the account's average: 9.3334 and 6.6666 points.
    Position held =
        new Position(
            "FA1",
            "TXF",
            1,
            Price.parse("21997.3333"),
            Price.ofPoints(22004),
            Price.parse("9.3334"),
            Price.parse("6.6667"),
            200);

    String text = StatusLine.positionText(List.of(held));

    assertThat(text)
        .isEqualTo(
            "pos TXF +1 @ 21997.33 | P&L realized +9.33 pts (+1866.68 TWD) open +6.67 pts (+1333.34"
                + " TWD)");
  }

  @Test
  void theStatusLineNeverAddsPointsOfDifferentContracts() {
    // TXF: 200 TWD a point, MXF: 50; 10 TXF points and 40 MXF points are 2000 + 2000 TWD.
    Position txf =
        new Position(
            "FA1",
            "TXF",
            1,
            Price.ofPoints(22000),
            Price.ofPoints(22001),
            Price.ofPoints(10),
            Price.ofPoints(1),
            200);
    Position mxf =
        new Position(
            "FA1",
            "MXF",
            -2,
            Price.parse("21990.5"),
            Price.ofPoints(21990),
            Price.ofPoints(40),
            Price.ofPoints(1),
            50);

    String text = StatusLine.positionText(List.of(txf, mxf));

    assertThat(text)
        .isEqualTo(
            "pos TXF +1 @ 22000 MXF -2 @ 21990.5 | P&L realized +4000 TWD (TXF +10 pts, MXF +40"
                + " pts) open +250 TWD (TXF +1 pts, MXF +1 pts)")
        .doesNotContain("+50 pts");
  }

  private static byte[] write(Charset charset, String line) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintWriter out = OutputCharset.writer(bytes, charset);
    out.println(line);
    out.flush();
    return bytes.toByteArray();
  }
}
