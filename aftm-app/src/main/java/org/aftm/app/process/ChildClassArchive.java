package org.aftm.app.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.aftm.app.config.OwnerOnlyFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The class-data-sharing archive of each child role (AppCDS, JDK 17's dynamic archive): the first
 * launch of a role on a build runs with {@code -XX:ArchiveClassesAtExit}, and when that child exits
 * the archive is tried in a throw-away JVM, its SHA-256 written beside it, and only then put in
 * place; later launches get {@code -XX:SharedArchiveFile} with {@code -Xshare:auto}, so the JVM
 * itself ignores an archive that does not match its classpath or JDK.
 *
 * <p>Why the care: JDK 17 crashes (SIGBUS) on a truncated dynamic archive instead of ignoring it.
 * So an archive is used only when its digest matches the one written when it was tried; one that
 * does not (corrupt, truncated, half-written by a child killed in its exit dump) is deleted and the
 * child starts without it, with one log line. The archives are per build: their name carries a
 * digest of the JDK, the role and every classpath jar's path, size and modification time, so a
 * rebuilt jar or another JDK gets a new archive and the old ones are deleted. They live in an
 * owner-only directory. A classpath with a directory on it (tests, an IDE) gets no archive: CDS
 * does not archive classes from directories.
 *
 * <p>Thread-safe: launches come from the supervisor's threads, exits on the JDK's process reaper.
 */
public final class ChildClassArchive implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ChildClassArchive.class);

  /** How long a stop waits for an archive being tried and put in place. */
  private static final long CLOSE_WAIT_SECONDS = 20;

  private final Path directory;
  private final String javaExecutable;
  private final String classpath;
  private final boolean archivable;
  private final String buildKey;
  private final Map<ChildRole, CompletableFuture<Void>> dumps = new ConcurrentHashMap<>();

  /** The children that write an archive when they exit, until they did. */
  private final Set<Long> dumpingPids = ConcurrentHashMap.newKeySet();

  /**
   * @param directory where the archives live (created owner-only)
   * @param javaExecutable the children's java
   * @param classpath the children's classpath
   */
  public ChildClassArchive(Path directory, String javaExecutable, String classpath) {
    this.directory = directory;
    this.javaExecutable = javaExecutable;
    this.classpath = classpath;
    this.archivable = onlyJars(classpath);
    this.buildKey = archivable ? buildKey(javaExecutable, classpath) : "";
  }

  /** The archive of {@code role} on this build (it may not exist). */
  Path archive(ChildRole role) {
    return directory.resolve(role.id() + "-" + buildKey + ".jsa");
  }

  private Path digestFile(ChildRole role) {
    return directory.resolve(role.id() + "-" + buildKey + ".sha256");
  }

  private Path dumpFile(ChildRole role) {
    return directory.resolve(role.id() + "-" + buildKey + ".dump.jsa");
  }

  /**
   * The JVM options of the next launch of {@code role}: use the archive when it is there and whole,
   * dump one when there is none and no child of the role is dumping yet, else none.
   */
  public List<String> optionsFor(ChildRole role) {
    if (!archivable) {
      return List.of();
    }
    Path archive = archive(role);
    try {
      if (Files.isRegularFile(archive)) {
        if (whole(role)) {
          return List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto");
        }
        LOG.warn("Class archive {} is damaged; deleted, the child starts without it", archive);
        Files.deleteIfExists(archive);
        Files.deleteIfExists(digestFile(role));
      }
      if (dumps.containsKey(role)) {
        return List.of();
      }
      OwnerOnlyFiles.createDirectories(directory);
      Files.deleteIfExists(dumpFile(role));
      return List.of("-XX:ArchiveClassesAtExit=" + dumpFile(role));
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "Class archive of {} not usable ({}); the child starts without it",
          role.id(),
          e.toString());
      return List.of();
    }
  }

  /**
   * Tells the archive that a child was launched with {@code options}: if it dumps an archive, the
   * archive is tried and put in place once it exits.
   */
  public void launched(ChildRole role, Process process, List<String> options) {
    if (options.stream().noneMatch(o -> o.startsWith("-XX:ArchiveClassesAtExit="))) {
      return;
    }
    dumpingPids.add(process.pid());
    CompletableFuture<Void> promoted =
        process
            .onExit()
            .thenRun(
                () -> {
                  dumpingPids.remove(process.pid());
                  promote(role);
                });
    dumps.put(role, promoted);
  }

  /**
   * Whether {@code process} writes its class archive when it exits: then its stop takes seconds
   * longer (the JVM writes some 15 MB after the shutdown hooks), and a stop that kills it on the
   * usual grace loses the archive, so that every start stays slow.
   */
  public boolean dumpsAtExit(Process process) {
    return dumpingPids.contains(process.pid());
  }

  private void promote(ChildRole role) {
    Path dump = dumpFile(role);
    try {
      if (!Files.isRegularFile(dump) || Files.size(dump) == 0) {
        return;
      }
      if (!loadsInATrialJvm(dump)) {
        LOG.info("The class archive {} {} did not load; deleted", role.id(), dump);
        Files.deleteIfExists(dump);
        return;
      }
      OwnerOnlyFiles.restrict(dump);
      Files.writeString(digestFile(role), sha256(dump), StandardCharsets.US_ASCII);
      OwnerOnlyFiles.restrict(digestFile(role));
      Files.move(dump, archive(role), StandardCopyOption.ATOMIC_MOVE);
      deleteOtherBuilds(role);
      LOG.info("Class archive of {} in place: {}", role.id(), archive(role));
    } catch (IOException | RuntimeException e) {
      LOG.warn("Class archive of {} not put in place: {}", role.id(), e.toString());
    }
  }

  /** Whether a JVM with this archive required starts and ends cleanly. */
  private boolean loadsInATrialJvm(Path archiveFile) throws IOException {
    Process trial =
        new ProcessBuilder(
                javaExecutable,
                "-XX:SharedArchiveFile=" + archiveFile,
                "-Xshare:on",
                "-cp",
                classpath,
                "-version")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      if (!trial.waitFor(30, TimeUnit.SECONDS)) {
        trial.destroyForcibly();
        return false;
      }
      return trial.exitValue() == 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      trial.destroyForcibly();
      return false;
    }
  }

  private boolean whole(ChildRole role) throws IOException {
    Path digest = digestFile(role);
    return Files.isRegularFile(digest)
        && Files.readString(digest, StandardCharsets.US_ASCII).trim().equals(sha256(archive(role)));
  }

  private void deleteOtherBuilds(ChildRole role) throws IOException {
    String keep = role.id() + "-" + buildKey + ".";
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, role.id() + "-*")) {
      for (Path file : files) {
        if (!file.getFileName().toString().startsWith(keep)) {
          Files.deleteIfExists(file);
        }
      }
    }
  }

  /**
   * Waits (bounded: {@value #CLOSE_WAIT_SECONDS} s for all of them together, they are tried in
   * parallel) for archives being tried, so a stop does not leave one half-promoted.
   */
  @Override
  public void close() {
    CompletableFuture<?>[] pending = dumps.values().toArray(new CompletableFuture<?>[0]);
    try {
      CompletableFuture.allOf(pending).get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("Class archive not put in place: {}", e.toString());
    }
  }

  private static boolean onlyJars(String classpath) {
    for (String entry : classpath.split(java.io.File.pathSeparator)) {
      if (entry.isEmpty() || !entry.endsWith(".jar") || !Files.isRegularFile(Path.of(entry))) {
        return false;
      }
    }
    return true;
  }

  private static String buildKey(String javaExecutable, String classpath) {
    List<String> parts = new ArrayList<>();
    parts.add(javaExecutable);
    parts.add(System.getProperty("java.vm.version"));
    for (String entry : classpath.split(java.io.File.pathSeparator)) {
      Path jar = Path.of(entry);
      try {
        parts.add(entry + "|" + Files.size(jar) + "|" + Files.getLastModifiedTime(jar).toMillis());
      } catch (IOException e) {
        parts.add(entry + "|missing");
      }
    }
    return sha256(String.join("\n", parts).getBytes(StandardCharsets.UTF_8)).substring(0, 16);
  }

  private static String sha256(Path file) throws IOException {
    MessageDigest digest = sha256();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[64 * 1024];
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(sha256().digest(bytes));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
