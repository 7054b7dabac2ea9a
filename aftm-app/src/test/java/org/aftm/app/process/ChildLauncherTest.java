package org.aftm.app.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.aftm.app.config.AftmConfig;
import org.aftm.app.config.ConfigSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/architecture.md §8: a child never sees the password, neither on its command line nor in its
 * environment.
 */
class ChildLauncherTest {

  private static final String PASSWORD = "hunter2-never-shown";

  @TempDir Path logDir;

  @Test
  void theChildCommandLineCarriesTheConfigurationButNoSecret() {
    AftmConfig config =
        ConfigSources.load(
            Map.of("ZMQ_TICK_PORT", "6555"), Map.of("AFTM_PASSWORD", PASSWORD), null);
    List<String> arguments = new ArrayList<>(List.of("child", ChildRole.STRATEGY.id()));
    config
        .toFlags()
        .forEach(
            (key, value) -> {
              arguments.add("-c");
              arguments.add(key + "=" + value);
            });
    ChildLauncher launcher =
        ChildLauncher.likeThisJvm("org.aftm.app.cli.AftmCli", config.childJvmOpts(), logDir);

    List<String> command = launcher.command(arguments);

    assertThat(command)
        .contains("-c", "ZMQ_TICK_PORT=6555", "org.aftm.app.cli.AftmCli", "-Xmx256m");
    assertThat(String.join(" ", command)).doesNotContain(PASSWORD).doesNotContain("AFTM_PASSWORD");
    assertThat(command.get(0)).startsWith(System.getProperty("java.home"));
    assertThat(command.subList(command.indexOf("-cp"), command.indexOf("-cp") + 2))
        .containsExactly("-cp", System.getProperty("java.class.path"));
  }

  @Test
  void theAllowListHoldsNoApplicationVariable() {
    assertThat(ChildLauncher.INHERITED_ENVIRONMENT)
        .containsExactlyInAnyOrder(
            "PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "JAVA_HOME", "USER")
        .noneMatch(name -> name.startsWith("AFTM_"));
  }

  @Test
  void aLaunchedChildSeesOnlyAllowListedVariablesAndWritesToItsLogFile()
      throws IOException, InterruptedException {
    // This JVM's environment holds more than the allow-list (at least what Maven or the shell
    // set), so the child seeing less shows the launcher really filters.
    assumeTrue(
        !ChildLauncher.INHERITED_ENVIRONMENT.containsAll(System.getenv().keySet()),
        "the test JVM's environment has variables to filter");
    ChildLauncher launcher = TestChildren.launcher(EnvironmentPrintingChild.class, logDir);

    Process child = launcher.launch(ChildRole.STRATEGY, List.of("--role", "strategy"));

    assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("child exited").isTrue();
    assertThat(child.exitValue()).isZero();
    assertThat(child.getInputStream().read())
        .as("nothing reaches the parent's stdout")
        .isEqualTo(-1);
    String output = TestChildren.output(logDir, ChildRole.STRATEGY);
    assertThat(output).contains("args --role strategy");
    List<String> seen =
        output
            .lines()
            .filter(line -> line.startsWith("env "))
            .map(line -> line.substring(4))
            .toList();
    assertThat(seen).isSubsetOf(ChildLauncher.INHERITED_ENVIRONMENT);
    assertThat(seen).as("what the allow-list lets through still arrives").contains("PATH");
  }

  @Test
  void aRestartedChildAppendsToItsLogFile() throws IOException, InterruptedException {
    ChildLauncher launcher = TestChildren.launcher(EnvironmentPrintingChild.class, logDir);

    for (String run : List.of("first", "second")) {
      Process child = launcher.launch(ChildRole.ORDER_EXECUTOR, List.of(run));
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    assertThat(TestChildren.output(logDir, ChildRole.ORDER_EXECUTOR))
        .contains("args first", "args second");
    assertThat(logDir.resolve("order-executor.out")).exists();
    if (logDir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertThat(
              java.nio.file.attribute.PosixFilePermissions.toString(
                  java.nio.file.Files.getPosixFilePermissions(
                      logDir.resolve("order-executor.out"))))
          .as("a child's output is its owner's only, whatever the umask")
          .isEqualTo("rw-------");
    }
  }
}
