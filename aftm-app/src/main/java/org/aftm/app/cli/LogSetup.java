package org.aftm.app.cli;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Points the logs of this process at its own file under the data directory, so a child's output
 * never interleaves with the operator's screen. Warnings still reach stderr.
 */
public final class LogSetup {

  private LogSetup() {}

  /**
   * Logs at {@code level} to {@code <logDir>/<name>.log} (appending), written asynchronously.
   * {@link #flush()} drains it before the process exits.
   */
  public static void toFile(Path logDir, String name, String level) {
    try {
      Files.createDirectories(logDir);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot create log directory " + logDir + ": " + e.getMessage(), e);
    }
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36}: %msg%n");
    encoder.start();
    FileAppender<ILoggingEvent> file = new FileAppender<>();
    file.setContext(context);
    file.setName("FILE");
    file.setFile(logDir.resolve(name + ".log").toString());
    file.setAppend(true);
    file.setEncoder(encoder);
    file.start();
    // The file is written on logback's own thread: a signal's or an order's log line must not put a
    // disk write on the trading thread. Nothing is discarded; a full queue makes the caller wait.
    AsyncAppender async = new AsyncAppender();
    async.setContext(context);
    async.setName("FILE");
    async.setQueueSize(8192);
    async.setDiscardingThreshold(0);
    async.setMaxFlushTime(2_000);
    async.addAppender(file);
    async.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    Appender<ILoggingEvent> old = root.getAppender("FILE");
    if (old != null) {
      root.detachAppender(old);
      old.stop();
    }
    root.addAppender(async);
    root.setLevel(Level.toLevel(level, Level.INFO));
  }

  /** Writes out queued log lines and stops logging; call last before exiting. */
  public static void flush() {
    ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
  }

  /** Only warnings, to stderr: for commands whose stdout is their output (replay). */
  public static void quiet() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
  }

  /**
   * Only errors on the console: for commands that report refusals and warnings in their own output
   * (a replay prints each refused order), so the log would only repeat them.
   */
  public static void errorsOnly() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.ERROR);
  }
}
