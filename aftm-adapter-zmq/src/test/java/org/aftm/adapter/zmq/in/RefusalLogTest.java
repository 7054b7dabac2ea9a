package org.aftm.adapter.zmq.in;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.concurrent.TimeUnit;
import org.aftm.domain.order.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RefusalLogTest {

  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
  private static final long T0 = -5_000_000_000L; // nanoTime may be negative

  private final Logger logger = (Logger) LoggerFactory.getLogger(ZmqOrderGatewayServer.class);
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final RefusalLog log = new RefusalLog();

  @BeforeEach
  void capture() {
    lines.start();
    logger.addAppender(lines);
  }

  @AfterEach
  void release() {
    logger.detachAppender(lines);
  }

  @Test
  void shouldLogOneLinePerClientPerSecondWithTheCountLeftOut() {
    GatewayClient client = client("flooder");
    for (int i = 0; i < 10_000; i++) {
      log.refused(client, ErrorCode.CLIENT_LIMIT, "over the rate", T0 + i);
    }
    assertThat(lines.list).hasSize(1);

    log.refused(client, ErrorCode.CLIENT_LIMIT, "over the rate", T0 + SECOND);

    assertThat(lines.list).hasSize(2);
    assertThat(lines.list.get(1).getFormattedMessage())
        .contains("10000 refused since the last line");
  }

  @Test
  void shouldCapLinesPerSecondOverManyClientsAndCutLongMessages() {
    for (int i = 0; i < 1_000; i++) {
      log.refused(client("client-" + i), ErrorCode.INVALID_JSON, "x".repeat(10_000), T0 + i);
    }

    assertThat(lines.list).hasSize(RefusalLog.MAX_LINES_PER_SECOND);
    assertThat(lines.list.get(0).getFormattedMessage())
        .hasSizeLessThan(RefusalLog.MAX_MESSAGE_CHARS + 200);

    log.refused(client("next-second"), ErrorCode.INVALID_JSON, "bad", T0 + SECOND);

    assertThat(lines.list.get(RefusalLog.MAX_LINES_PER_SECOND).getFormattedMessage())
        .isEqualTo("980 more refusal log lines left out in the last second");
    assertThat(lines.list)
        .last()
        .satisfies(l -> assertThat(l.getFormattedMessage()).contains("bad"));
  }

  @Test
  void shouldShowAtMostSixteenBytesOfAClientChosenIdentity() {
    log.refused(client("i".repeat(255)), ErrorCode.INVALID_JSON, "bad", T0);

    assertThat(lines.list.get(0).getFormattedMessage())
        .contains("69".repeat(16) + "...")
        .doesNotContain("69".repeat(17));
  }

  private GatewayClient client(String identity) {
    return new GatewayClient(new ClientIdentity(identity.getBytes(UTF_8)), log, T0);
  }
}
