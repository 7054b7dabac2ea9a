package org.aftm.app.process;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aftm.app.config.OwnerOnlyFiles;

/**
 * Starts a child JVM on this process's own classpath. The child gets no secret: its environment is
 * cleared down to a short allow-list (so {@code AFTM_PASSWORD} never reaches it), its configuration
 * comes as non-secret flags, and its stdout/stderr go to a file under the log directory, never to
 * the operator's terminal (rw-------, in the rwx------ log directory). Its stdin stays a pipe from
 * this process: its first line carries the child's link keys, and when this process dies, even by
 * {@code kill -9}, the child reads end-of-file and exits.
 */
public final class ChildLauncher {

  /** Environment variables a child may inherit; nothing else, and certainly no password. */
  static final Set<String> INHERITED_ENVIRONMENT =
      Set.of("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "JAVA_HOME", "USER");

  private final String javaExecutable;
  private final String classpath;
  private final String mainClass;
  private final List<String> jvmOptions;
  private final Path logDir;

  /** Class-data sharing for the children, or null for none. */
  private final ChildClassArchive classArchive;

  public ChildLauncher(
      String javaExecutable,
      String classpath,
      String mainClass,
      List<String> jvmOptions,
      Path logDir) {
    this.javaExecutable = javaExecutable;
    this.classpath = classpath;
    this.mainClass = mainClass;
    this.jvmOptions = List.copyOf(jvmOptions);
    this.logDir = logDir;
    this.classArchive = null;
  }

  private ChildLauncher(ChildLauncher launcher, ChildClassArchive classArchive) {
    this.javaExecutable = launcher.javaExecutable;
    this.classpath = launcher.classpath;
    this.mainClass = launcher.mainClass;
    this.jvmOptions = launcher.jvmOptions;
    this.logDir = launcher.logDir;
    this.classArchive = classArchive;
  }

  /**
   * This launcher with the children's class-data-sharing archives in {@code directory} ({@link
   * ChildClassArchive}); without, when the JVM options choose their own sharing ({@code -Xshare},
   * {@code SharedArchiveFile}, {@code ArchiveClassesAtExit}).
   */
  public ChildLauncher withClassArchiveIn(Path directory) {
    boolean ownSharing =
        jvmOptions.stream()
            .anyMatch(
                o ->
                    o.startsWith("-Xshare")
                        || o.contains("SharedArchiveFile")
                        || o.contains("ArchiveClassesAtExit"));
    return ownSharing
        ? this
        : new ChildLauncher(this, new ChildClassArchive(directory, javaExecutable, classpath));
  }

  /** The class archive this launcher uses, or empty. */
  public java.util.Optional<ChildClassArchive> classArchive() {
    return java.util.Optional.ofNullable(classArchive);
  }

  /**
   * A launcher that starts children exactly like this JVM was started: same java, same classpath.
   */
  public static ChildLauncher likeThisJvm(String mainClass, String jvmOptions, Path logDir) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> options =
        jvmOptions.isBlank() ? List.of() : Arrays.asList(jvmOptions.trim().split("\\s+"));
    return new ChildLauncher(
        java, System.getProperty("java.class.path"), mainClass, options, logDir);
  }

  /** The full command line, for logs and tests; holds no secret. */
  public List<String> command(List<String> arguments) {
    return command(List.of(), arguments);
  }

  private List<String> command(List<String> sharingOptions, List<String> arguments) {
    List<String> command = new ArrayList<>();
    command.add(javaExecutable);
    command.addAll(jvmOptions);
    command.addAll(sharingOptions);
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    command.addAll(arguments);
    return command;
  }

  public Process launch(ChildRole role, List<String> arguments) throws IOException {
    return launch(role, arguments, null);
  }

  /**
   * Starts the child and writes {@code firstLine} (its link keys) on its stdin pipe at once, so the
   * secrets never appear on a command line or in an environment. The pipe stays open: its
   * end-of-file is how the child learns that this process is gone.
   *
   * @param firstLine one line without line end, or null to write nothing
   */
  public Process launch(ChildRole role, List<String> arguments, String firstLine)
      throws IOException {
    OwnerOnlyFiles.createDirectories(logDir);
    Path output = logDir.resolve(role.id() + ".out");
    // The redirect would create it with the umask's permissions.
    OwnerOnlyFiles.createFile(output);
    List<String> sharing = classArchive == null ? List.of() : classArchive.optionsFor(role);
    ProcessBuilder builder = new ProcessBuilder(command(sharing, arguments));
    Map<String, String> environment = builder.environment();
    environment.keySet().retainAll(INHERITED_ENVIRONMENT);
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
    builder.redirectInput(ProcessBuilder.Redirect.PIPE);
    Process process = builder.start();
    if (classArchive != null) {
      classArchive.launched(role, process, sharing);
    }
    if (firstLine != null) {
      try {
        OutputStream stdin = process.getOutputStream();
        stdin.write((firstLine + "\n").getBytes(StandardCharsets.US_ASCII));
        stdin.flush();
      } catch (IOException e) {
        // A child that died at once closed its end; the supervisor sees it exit and restarts it.
        if (process.isAlive()) {
          process.destroyForcibly();
          throw new IOException("could not hand the link keys to " + role.id(), e);
        }
      }
    }
    return process;
  }
}
