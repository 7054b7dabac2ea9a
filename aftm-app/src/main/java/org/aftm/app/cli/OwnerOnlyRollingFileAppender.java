package org.aftm.app.cli;

import ch.qos.logback.core.rolling.RollingFileAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.aftm.app.config.OwnerOnlyFiles;

/**
 * A rolling log file whose files are all rw-------, whatever the umask. Logback opens its files
 * with the umask's permissions (usually rw-r--r--); this appender covers each file it makes:
 *
 * <ul>
 *   <li>the active file: created rw------- before logback first opens it ({@link LogSetup}), and
 *       made so again right after each roll opens a new one;
 *   <li>the rolled {@code .log.gz} files, which logback writes on a thread of its own after the
 *       roll: a check on logback's scheduler makes each rw------- once its compression is done
 *       (while the renamed raw file, which keeps the active file's rw-------, still exists).
 * </ul>
 *
 * <p>Between a file's creation and that change it has the umask's permissions; nobody else can
 * reach it meanwhile, since the log directory is rwx------, and the {@code aftm} launcher sets
 * {@code umask 077}, so there the files are rw------- from the start.
 *
 * <p>Thread-safety: {@link #rollover()} runs on logback's writing thread, the checks on logback's
 * scheduler; they share nothing but the file system.
 */
final class OwnerOnlyRollingFileAppender<E> extends RollingFileAppender<E> {

  /** How often a roll's compression is looked at, and for how long at most. */
  private static final long CHECK_EVERY_MILLIS = 100;

  private static final int MAX_CHECKS = 600;

  private final Path logDir;
  private final String name;

  OwnerOnlyRollingFileAppender(Path logDir, String name) {
    this.logDir = logDir;
    this.name = name;
  }

  @Override
  public void rollover() {
    super.rollover();
    OwnerOnlyFiles.restrict(Path.of(getFile()));
    scheduleCheck(MAX_CHECKS);
  }

  /** Makes this log's rolled files rw-------; true when no compression is under way. */
  boolean restrictRolledFiles() {
    List<Path> files;
    try (Stream<Path> listing = Files.list(logDir)) {
      files = listing.filter(p -> p.getFileName().toString().startsWith(name + ".")).toList();
    } catch (IOException e) {
      addWarn("cannot list " + logDir + " to restrict its rolled logs: " + e);
      return true;
    }
    boolean compressing = false;
    for (Path file : files) {
      String fileName = file.getFileName().toString();
      if (fileName.endsWith(".tmp")) {
        compressing = true; // logback's renamed raw file: its .gz is still being written
      } else if (fileName.endsWith(".gz")) {
        OwnerOnlyFiles.restrict(file);
      }
    }
    return !compressing;
  }

  private void scheduleCheck(int checksLeft) {
    ScheduledExecutorService scheduler = getContext().getScheduledExecutorService();
    try {
      scheduler.schedule(
          () -> {
            if (!restrictRolledFiles() && checksLeft > 1) {
              scheduleCheck(checksLeft - 1);
            }
          },
          CHECK_EVERY_MILLIS,
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      restrictRolledFiles(); // logging is stopping: one last look
    }
  }

  @Override
  public void stop() {
    super.stop();
    restrictRolledFiles();
  }
}
