package org.aftm.app.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The children's class archive over real JVMs on the packaged application (jar and lib/, as {@code
 * ./aftm} runs it): an absent, damaged, foreign or stale archive never stops a child from starting.
 * The child here is {@code aftm --version}, which starts the same JVM on the same classpath.
 */
class ChildClassArchiveIT {

  private static final String JAVA =
      Path.of(System.getProperty("java.home"), "bin", "java").toString();

  @TempDir Path dataDir;

  private String classpath;

  @BeforeEach
  void packagedClasspath() throws IOException {
    Path target = Path.of("target");
    List<String> entries = new ArrayList<>();
    entries.add(target.resolve("aftm-app-0.1.0-SNAPSHOT.jar").toAbsolutePath().toString());
    try (Stream<Path> jars = Files.list(target.resolve("lib"))) {
      jars.sorted().forEach(jar -> entries.add(jar.toAbsolutePath().toString()));
    }
    classpath = String.join(File.pathSeparator, entries);
  }

  @Test
  void shouldDumpAnArchiveOnTheFirstLaunchAndUseItOnTheNext() throws Exception {
    ChildClassArchive archive = archive();

    List<String> first = archive.optionsFor(ChildRole.STRATEGY);
    assertThat(first).singleElement().asString().startsWith("-XX:ArchiveClassesAtExit=");
    assertThat(startsAndAnswers(archive, first)).isTrue();
    archive.close();

    assertThat(archive.archive(ChildRole.STRATEGY)).isRegularFile();
    assertThat(Files.getPosixFilePermissions(archive.archive(ChildRole.STRATEGY)))
        .hasSize(2); // rw-------
    List<String> next = archive.optionsFor(ChildRole.STRATEGY);
    assertThat(next)
        .containsExactly(
            "-XX:SharedArchiveFile=" + archive.archive(ChildRole.STRATEGY), "-Xshare:auto");
    assertThat(startsAndAnswers(archive, next)).isTrue();
  }

  @Test
  void shouldDeleteATruncatedArchiveAndStartWithoutIt() throws Exception {
    ChildClassArchive archive = dumped();
    Path file = archive.archive(ChildRole.STRATEGY);
    byte[] whole = Files.readAllBytes(file);
    // What a child killed in its exit dump, or a full disk, leaves; JDK 17 would crash on it.
    Files.write(file, java.util.Arrays.copyOf(whole, whole.length / 2));

    List<String> options = archive.optionsFor(ChildRole.STRATEGY);

    assertThat(options).noneMatch(o -> o.startsWith("-XX:SharedArchiveFile="));
    assertThat(file).doesNotExist();
    assertThat(startsAndAnswers(archive, options)).isTrue();
  }

  @Test
  void shouldStartWhenTheArchiveIsNoArchiveAtAll() throws Exception {
    ChildClassArchive archive = dumped();
    Path file = archive.archive(ChildRole.STRATEGY);
    // Damaged in a way the digest does not see (written with its digest): the JVM ignores it.
    Files.writeString(file, "not a class archive");
    rewriteDigest(archive, file);

    List<String> options = archive.optionsFor(ChildRole.STRATEGY);

    assertThat(options).contains("-XX:SharedArchiveFile=" + file);
    assertThat(startsAndAnswers(archive, options)).isTrue();
  }

  @Test
  void shouldStartWhenTheArchiveWasMadeForAnotherClasspath() throws Exception {
    // A stale archive: dumped by a build with one jar less, then found under this build's name.
    String shorter = classpath.substring(0, classpath.lastIndexOf(File.pathSeparator));
    ChildClassArchive other = new ChildClassArchive(dataDir.resolve("other"), JAVA, shorter);
    List<String> dump = other.optionsFor(ChildRole.STRATEGY);
    Process process = start(shorter, dump);
    other.launched(ChildRole.STRATEGY, process, dump);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    other.close();
    ChildClassArchive archive = archive();
    Files.createDirectories(archive.archive(ChildRole.STRATEGY).getParent());
    Files.copy(other.archive(ChildRole.STRATEGY), archive.archive(ChildRole.STRATEGY));
    rewriteDigest(archive, archive.archive(ChildRole.STRATEGY));

    List<String> options = archive.optionsFor(ChildRole.STRATEGY);

    assertThat(options).contains("-XX:SharedArchiveFile=" + archive.archive(ChildRole.STRATEGY));
    assertThat(startsAndAnswers(archive, options)).isTrue();
  }

  @Test
  void shouldUseNoArchiveForAClasspathWithADirectory() {
    ChildClassArchive archive =
        new ChildClassArchive(
            dataDir.resolve("class-archives"),
            JAVA,
            classpath + File.pathSeparator + Path.of("target", "classes").toAbsolutePath());

    assertThat(archive.optionsFor(ChildRole.STRATEGY)).isEmpty();
  }

  private ChildClassArchive archive() {
    return new ChildClassArchive(dataDir.resolve("class-archives"), JAVA, classpath);
  }

  private ChildClassArchive dumped() throws Exception {
    ChildClassArchive archive = archive();
    List<String> dump = archive.optionsFor(ChildRole.STRATEGY);
    assertThat(startsAndAnswers(archive, dump)).isTrue();
    archive.close();
    assertThat(archive.archive(ChildRole.STRATEGY)).isRegularFile();
    return archive();
  }

  private static void rewriteDigest(ChildClassArchive archive, Path file) throws Exception {
    String name = file.getFileName().toString();
    Path digest =
        file.resolveSibling(name.substring(0, name.length() - ".jsa".length()) + ".sha256");
    String hex =
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    Files.writeString(digest, hex, StandardCharsets.US_ASCII);
  }

  /** Whether {@code aftm --version} with these options exits 0 and prints its version. */
  private boolean startsAndAnswers(ChildClassArchive archive, List<String> options)
      throws Exception {
    Process process = start(classpath, options);
    archive.launched(ChildRole.STRATEGY, process, options);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return process.exitValue() == 0 && output.contains("aftm 0.1.0");
  }

  private static Process start(String classpath, List<String> options) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(JAVA);
    command.addAll(options);
    command.add("-cp");
    command.add(classpath);
    command.add("org.aftm.app.cli.AftmCli");
    command.add("--version");
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }
}
