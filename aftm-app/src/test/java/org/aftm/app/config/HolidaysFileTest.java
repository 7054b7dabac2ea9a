package org.aftm.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HolidaysFileTest {

  @Test
  void readsDatesSkippingCommentsAndBlankLines(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("holidays.txt");
    Files.writeString(file, "# TAIFEX 2026\n\n2026-01-01  # new year\n   2026-02-16\n");

    assertThat(HolidaysFile.read(file))
        .containsExactlyInAnyOrder(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 2, 16));
  }

  @Test
  void aBadLineNamesTheFileAndTheLine() {
    assertThatThrownBy(() -> HolidaysFile.parse("h.txt", List.of("2026-01-01", "", "2026-13-01")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("h.txt line 3")
        .hasMessageContaining("2026-13-01");
  }
}
