package org.aftm.app.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Leaves the test JVM's shared logging as it was: a test that runs {@code aftm demo}/{@code run} or
 * {@link LogSetup} itself points the root logger at a file of its data directory, which is undone
 * (the file appender detached and stopped, the root level put back, a console appender that JSON
 * mode gave another encoder given its own back) after each test.
 */
final class RestoresLogging implements BeforeEachCallback, AfterEachCallback {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(RestoresLogging.class);

  @Override
  public void beforeEach(ExtensionContext context) {
    context.getStore(NAMESPACE).put(Level.class, root().getLevel());
    Map<ConsoleAppender<ILoggingEvent>, Encoder<ILoggingEvent>> encoders = new HashMap<>();
    root()
        .iteratorForAppenders()
        .forEachRemaining(
            appender -> {
              if (appender instanceof ConsoleAppender<ILoggingEvent> console) {
                encoders.put(console, console.getEncoder());
              }
            });
    context.getStore(NAMESPACE).put(Encoder.class, encoders);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Logger root = root();
    Appender<ILoggingEvent> file = root.getAppender(LogSetup.APPENDER);
    if (file != null) {
      root.detachAppender(file);
      file.stop();
    }
    root.setLevel(context.getStore(NAMESPACE).get(Level.class, Level.class));
    @SuppressWarnings("unchecked")
    Map<ConsoleAppender<ILoggingEvent>, Encoder<ILoggingEvent>> encoders =
        context.getStore(NAMESPACE).get(Encoder.class, Map.class);
    encoders.forEach(
        (console, encoder) -> {
          if (console.getEncoder() != encoder) {
            console.stop();
            console.setEncoder(encoder);
            console.start();
          }
        });
  }

  static Logger root() {
    return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
  }
}
