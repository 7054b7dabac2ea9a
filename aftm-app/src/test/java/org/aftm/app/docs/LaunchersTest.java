package org.aftm.app.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code aftm.cmd}, the Windows launcher, does what {@code ./aftm} does: the same jar and class
 * path, the same main class, the same build when needed, the same heap defaults. (Windows itself is
 * not available to run it here; this keeps the two from drifting apart.)
 */
class LaunchersTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void theWindowsLauncherMirrorsTheUnixOne() throws IOException {
    String unix = Files.readString(ROOT.resolve("aftm"));
    String windows = Files.readString(ROOT.resolve("aftm.cmd"));

    String jar = group(unix, "jar=\"\\$root/([^\"]+)\"");
    String lib = group(unix, "lib=\"\\$root/([^\"]+)\"");
    String mainClass = group(unix, "exec java .* (org\\.aftm\\.[A-Za-z.]+)");
    String build = group(unix, "\\./mvnw (-q -B -DskipTests -pl aftm-app -am install)");
    assertThat(windows)
        .contains("\\" + jar.replace('/', '\\') + "\"")
        .contains("\\" + lib.replace('/', '\\') + "\"")
        .contains("-cp \"%jar%;%lib%\\*\" " + mainClass + " %*")
        .contains("mvnw.cmd\" " + build)
        .contains("-Xmx512m", "-XX:+ExitOnOutOfMemoryError", "AFTM_JAVA_OPTS")
        .contains("exit /b %ERRORLEVEL%");
    assertThat(unix).contains("-cp \"$jar:$lib/*\" " + mainClass + " \"$@\"");
    // cmd.exe needs CRLF line ends: a LF-only batch file misparses labels and blocks.
    assertThat(windows.replace("\r\n", "")).doesNotContain("\n");
  }

  private static String group(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as("./aftm matches %s", regex).isTrue();
    return m.group(1);
  }
}
