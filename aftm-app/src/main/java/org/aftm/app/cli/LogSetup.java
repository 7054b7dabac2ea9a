package org.aftm.app.cli;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.util.FileSize;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import net.logstash.logback.decorate.CharacterEscapesJsonFactoryDecorator;
import net.logstash.logback.encoder.LogstashEncoder;
import net.logstash.logback.fieldnames.LogstashFieldNames;
import org.aftm.app.config.AftmConfig;
import org.aftm.app.config.LogFormat;
import org.aftm.app.config.OwnerOnlyFiles;
import org.slf4j.LoggerFactory;

/**
 * Points the logs of this process at its own file under the data directory, so a child's output
 * never interleaves with the operator's screen. Warnings still reach stderr. The file rolls by size
 * and by day and old files are deleted ({@link Rolling#STANDARD}), so an unattended run cannot fill
 * the disk with logs. The log directory is rwx------ and every log file rw------- ({@link
 * OwnerOnlyRollingFileAppender}).
 *
 * <p>With {@code AFTM_LOG_FORMAT=json} ({@link LogFormat#JSON}) every line, of the file and of
 * stderr, is one JSON object ({@link #jsonEncoder}); with {@code text} the lines are {@link
 * #LINE_PATTERN}.
 */
public final class LogSetup {

  /** The name of the root logger's file appender (the asynchronous one in front of the file). */
  static final String APPENDER = "FILE";

  /** The {@code process} field of the main process's JSON lines. */
  public static final String MAIN_PROCESS = "main";

  /**
   * One event, one line: a carriage return or line feed inside a message is written as {@code \r}
   * or {@code \n}, so a value a client sent that slipped past {@code UntrustedText} still cannot
   * forge a log line. A stack trace ({@code %ex}, added by logback after the message) prints as
   * usual. (The replacement goes through {@code Matcher.replaceAll}: two backslashes in the pattern
   * write one.)
   */
  static final String LINE_PATTERN =
      "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36}: "
          + "%replace(%replace(%msg){'\\r', '\\\\r'}){'\\n', '\\\\n'}%n";

  /**
   * How a log file rolls.
   *
   * @param maxFileSize a file this big is rolled (gzipped) and a new one begun
   * @param maxHistoryDays days of rolled files kept
   * @param totalSizeCap rolled files beyond this total are deleted, oldest first
   */
  record Rolling(FileSize maxFileSize, int maxHistoryDays, FileSize totalSizeCap) {

    /** 20 MB per file, 14 days, 500 MB in all per log (aftm, strategy, order-executor). */
    static final Rolling STANDARD =
        new Rolling(FileSize.valueOf("20MB"), 14, FileSize.valueOf("500MB"));
  }

  private LogSetup() {}

  /**
   * Logs at {@code level} to {@code <logDir>/<name>.log} (appending), written asynchronously,
   * rolled to {@code <name>.<day>.<n>.log.gz} by {@link Rolling#STANDARD}. {@link #flush()} drains
   * it before the process exits.
   */
  public static void toFile(Path logDir, String name, String level) {
    toFile(logDir, name, level, LogFormat.TEXT, name, Rolling.STANDARD);
  }

  /**
   * Logs as the configuration says ({@code AFTM_LOG_LEVEL}, {@code AFTM_LOG_FORMAT}) to {@code
   * <data>/logs/<name>.log}, as {@link #toFile(Path, String, String)} does.
   *
   * @param process the {@code process} field of a JSON line: {@value #MAIN_PROCESS}, {@code
   *     strategy}, {@code executor}, or {@code cli}
   */
  public static void toFile(AftmConfig config, String name, String process) {
    toFile(
        config.logDir(),
        name,
        config.logLevel().name(),
        config.logFormat(),
        process,
        Rolling.STANDARD);
  }

  static void toFile(Path logDir, String name, String level, Rolling rolling) {
    toFile(logDir, name, level, LogFormat.TEXT, name, rolling);
  }

  static void toFile(
      Path logDir, String name, String level, LogFormat format, String process, Rolling rolling) {
    Path active = logDir.resolve(name + ".log");
    try {
      // Owner-only, like the data directory it is in (created with it when missing); the file is
      // created rw------- before logback opens it, which would create it with the umask's wider
      // permissions.
      OwnerOnlyFiles.createDirectories(logDir);
      OwnerOnlyFiles.createFile(active);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot create log directory " + logDir + ": " + e.getMessage(), e);
    }
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    // The old file appender goes first: logback refuses two appenders rolling the same file.
    Appender<ILoggingEvent> old = root.getAppender(APPENDER);
    if (old != null) {
      root.detachAppender(old);
      old.stop();
    }
    Encoder<ILoggingEvent> encoder =
        format == LogFormat.JSON ? jsonEncoder(context, process) : textEncoder(context);
    if (format == LogFormat.JSON) {
      // Warnings on stderr (the terminal, or a child's <role>.out) are JSON lines too, so a
      // collector reading the process's output gets the same objects as the file.
      consoleAsJson(root, context, process);
    }
    OwnerOnlyRollingFileAppender<ILoggingEvent> file =
        new OwnerOnlyRollingFileAppender<>(logDir, name);
    file.setContext(context);
    file.setName(APPENDER + "-" + name);
    file.setFile(active.toString());
    file.setAppend(true);
    file.setEncoder(encoder);
    SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
    policy.setContext(context);
    policy.setParent(file);
    // Rolled by day and, within a day, by size; gzipped on a background thread of logback's.
    policy.setFileNamePattern(logDir.resolve(name + ".%d{yyyy-MM-dd}.%i.log.gz").toString());
    policy.setMaxFileSize(rolling.maxFileSize());
    policy.setMaxHistory(rolling.maxHistoryDays());
    policy.setTotalSizeCap(rolling.totalSizeCap());
    policy.start();
    file.setRollingPolicy(policy);
    file.start();
    // Rolled files left by a run without the launcher's umask.
    file.restrictRolledFiles();
    // The file is written on logback's own thread: a signal's or an order's log line must not put a
    // disk write on the trading thread. Nothing is discarded; a full queue makes the caller wait.
    AsyncAppender async = new AsyncAppender();
    async.setContext(context);
    async.setName(APPENDER);
    async.setQueueSize(8192);
    async.setDiscardingThreshold(0);
    async.setMaxFlushTime(2_000);
    async.addAppender(file);
    async.start();
    root.addAppender(async);
    root.setLevel(Level.toLevel(level, Level.INFO));
  }

  private static Encoder<ILoggingEvent> textEncoder(LoggerContext context) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(LINE_PATTERN);
    encoder.start();
    return encoder;
  }

  /**
   * One JSON object per line (logstash-logback-encoder): {@code time}, {@code level}, {@code
   * process}, {@code thread}, {@code logger}, {@code message}, the MDC's keys ({@code
   * condition_id}, {@code client_order_id}, {@code item_code}: {@code LogScope}), any SLF4J
   * key-value pairs, and {@code stack_trace} when there is one. JSON's own escaping writes a line
   * break or control character in a message as {@code \n} or a backslash-u escape, so no text can
   * forge a line. The logger context's properties are left out: the host name is not the log's
   * business.
   */
  static LogstashEncoder jsonEncoder(LoggerContext context, String process) {
    if (!process.matches("[a-z-]+")) {
      throw new IllegalArgumentException(
          "process must be a lower-case name, not '" + process + "'");
    }
    LogstashEncoder encoder = new LogstashEncoder();
    encoder.setContext(context);
    LogstashFieldNames names = encoder.getFieldNames();
    names.setTimestamp("time");
    names.setThread("thread");
    names.setLogger("logger");
    names.setVersion("[ignore]");
    names.setLevelValue("[ignore]");
    encoder.setIncludeContext(false);
    // JSON leaves these in strings as they are; some readers split lines at them.
    CharacterEscapesJsonFactoryDecorator escapes = new CharacterEscapesJsonFactoryDecorator();
    for (int separator : new int[] {0x85, 0x2028, 0x2029}) {
      escapes.addEscape(
          new CharacterEscapesJsonFactoryDecorator.Escape(
              separator, String.format("\\u%04x", separator)));
    }
    encoder.setJsonFactoryDecorator(escapes);
    encoder.setCustomFields("{\"process\":\"" + process + "\"}");
    encoder.start();
    return encoder;
  }

  /**
   * Gives the root logger's console appenders (stderr in {@code logback.xml}) the JSON encoder: the
   * warnings on the terminal, or in a child's {@code <role>.out}, are JSON lines too.
   */
  private static void consoleAsJson(Logger root, LoggerContext context, String process) {
    for (Iterator<Appender<ILoggingEvent>> appenders = root.iteratorForAppenders();
        appenders.hasNext(); ) {
      if (appenders.next() instanceof ConsoleAppender<ILoggingEvent> console) {
        console.stop();
        console.setEncoder(jsonEncoder(context, process));
        console.start();
      }
    }
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
