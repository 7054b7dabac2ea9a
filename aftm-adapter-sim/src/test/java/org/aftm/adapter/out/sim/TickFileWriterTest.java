package org.aftm.adapter.out.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.aftm.application.service.RecordedTicks;
import org.aftm.domain.model.Price;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TickFileWriterTest {

  @TempDir Path dir;

  @Test
  void whatItWritesReadsBack() {
    Path file = dir.resolve("walk.csv");
    Instant first = Instant.parse("2026-11-23T00:45:00Z");

    TickFileWriter.writeRandomWalk(
        file, "MXF", Price.ofPoints(21_000), 5_000, 11L, first, Duration.ofMillis(250));
    RecordedTicks ticks = new TickFileReader().read(file);

    assertThat(ticks.size()).isEqualTo(5_000);
    assertThat(ticks.itemCodes()).containsExactly("MXF");
    assertThat(ticks.timeMillis(0)).isEqualTo(first.toEpochMilli());
    assertThat(ticks.timeMillis(4_999)).isEqualTo(first.toEpochMilli() + 4_999L * 250);
    for (int i = 0; i < ticks.size(); i++) {
      assertThat(ticks.priceUnits(i))
          .isBetween(Price.ofPoints(18_900).units(), Price.ofPoints(23_100).units());
      assertThat(ticks.quantity(i)).isPositive();
      if (i > 0) {
        assertThat(Math.abs(ticks.priceUnits(i) - ticks.priceUnits(i - 1)))
            .isLessThanOrEqualTo(2 * Price.UNITS_PER_POINT);
      }
    }
  }

  @Test
  void theSameSeedWritesTheSameFile() throws IOException {
    Path one = dir.resolve("one.csv");
    Path two = dir.resolve("two.csv");
    Path other = dir.resolve("other.csv");

    TickFileWriter.writeRandomWalk(one, 1_000, 5L);
    TickFileWriter.writeRandomWalk(two, 1_000, 5L);
    TickFileWriter.writeRandomWalk(other, 1_000, 6L);

    assertThat(Files.mismatch(one, two)).isEqualTo(-1);
    assertThat(Files.mismatch(one, other)).isNotEqualTo(-1);
    assertThat(Files.readAllLines(one)).hasSize(1_001).first().isEqualTo(TickFileReader.HEADER);
  }

  @Test
  void timesAreIsoInstantsWithMilliseconds() {
    TickFileWriter.IsoMillis format = new TickFileWriter.IsoMillis();
    for (String text :
        new String[] {
          "2026-11-23T00:45:00.100Z",
          "2026-11-23T23:59:59.999Z",
          "2027-01-01T00:00:00.001Z",
          "1969-12-31T23:59:59.999Z",
          "2028-02-29T12:34:56.789Z"
        }) {
      StringBuilder out = new StringBuilder();
      format.append(out, Instant.parse(text).toEpochMilli());
      assertThat(out).hasToString(text);
    }
  }
}
