package org.aftm.app.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.aftm.app.config.ConfigKey;
import org.junit.jupiter.api.Test;

/** The README documents every configuration key and points only at files that ship with it. */
class ReadmeTest {

  /** Tests run in the module's directory; the README sits one level up. */
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private static String readme() throws IOException {
    return Files.readString(ROOT.resolve("README.md"));
  }

  @Test
  void shouldListEveryConfigurationKeyWithItsDefault() throws IOException {
    String readme = readme();
    for (ConfigKey key : ConfigKey.values()) {
      String defaultCell =
          key.defaultValue().isEmpty() ? "(empty)" : "`" + key.defaultValue() + "`";
      assertThat(readme)
          .as("README row of %s", key)
          .contains("| `" + key.name() + "` | " + defaultCell + " |");
    }
  }

  @Test
  void shouldLinkOnlyToFilesInTheRepository() throws IOException {
    String readme = readme();
    assertThat(readme).doesNotContain("../shared").doesNotContain("DESIGN.md");
    Matcher links = Pattern.compile("\\]\\(([^)#]+)(#[^)]*)?\\)").matcher(readme);
    int checked = 0;
    while (links.find()) {
      String target = links.group(1);
      if (target.startsWith("http")) {
        continue;
      }
      assertThat(ROOT.resolve(target)).as("link target %s", target).exists();
      checked++;
    }
    assertThat(checked).as("relative links checked").isPositive();
  }

  @Test
  void shouldShipTheDecisionRecordsAndTheLicense() {
    assertThat(ROOT.resolve("LICENSE")).exists();
    assertThat(ROOT.resolve("docs/architecture.md")).exists();
    assertThat(ROOT.resolve("docs/adr/0003-closed-loop.md")).exists();
  }
}
