package org.aftm.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.aftm.app.process.ChildRole;
import org.junit.jupiter.api.Test;

/** The child's hand-parsed command line, as the supervisor writes it. */
class ChildArgumentsTest {

  @Test
  void everyOptionTheSupervisorWritesIsRead() {
    ChildArguments arguments =
        ChildArguments.parse(
            new String[] {
              "child",
              "strategy",
              "--parent-pid",
              "4711",
              "--telemetry",
              "tcp://127.0.0.1:1",
              "--tick-endpoint",
              "tcp://127.0.0.1:2",
              "--signal-endpoint=tcp://127.0.0.1:3",
              "--order-event-endpoint",
              "tcp://127.0.0.1:4",
              "--gateway-endpoint",
              "tcp://127.0.0.1:5",
              "-c",
              "ZMQ_TICK_PORT=6555",
              "--config",
              "AFTM_LOG_LEVEL=DEBUG",
              "--data-dir",
              "/tmp/aftm-data"
            });

    assertThat(arguments.role()).isEqualTo(ChildRole.STRATEGY);
    assertThat(arguments.parentPid()).isEqualTo(4711);
    assertThat(arguments.telemetry()).isEqualTo("tcp://127.0.0.1:1");
    assertThat(arguments.tickEndpoint()).isEqualTo("tcp://127.0.0.1:2");
    assertThat(arguments.signalEndpoint()).isEqualTo("tcp://127.0.0.1:3");
    assertThat(arguments.orderEventEndpoint()).isEqualTo("tcp://127.0.0.1:4");
    assertThat(arguments.gatewayEndpoint()).isEqualTo("tcp://127.0.0.1:5");
    assertThat(arguments.signalBind()).isNull();
    assertThat(arguments.config())
        .isEqualTo(
            Map.of(
                "ZMQ_TICK_PORT", "6555",
                "AFTM_LOG_LEVEL", "DEBUG",
                "AFTM_DATA_DIR", "/tmp/aftm-data"));
  }

  @Test
  void theExecutorsOptions() {
    ChildArguments arguments =
        ChildArguments.parse(
            new String[] {
              "child",
              "order-executor",
              "--parent-pid=1",
              "--telemetry=t",
              "--signal-bind",
              "tcp://127.0.0.1:5556",
              "--order-account",
              "F0200006363839"
            });
    assertThat(arguments.role()).isEqualTo(ChildRole.ORDER_EXECUTOR);
    assertThat(arguments.signalBind()).isEqualTo("tcp://127.0.0.1:5556");
    assertThat(arguments.orderAccount()).isEqualTo("F0200006363839");
  }

  @Test
  void badCommandLinesAreRefusedNamingWhatIsWrong() {
    assertThatThrownBy(() -> ChildArguments.parse(new String[] {"demo"}))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("child ROLE");
    assertThatThrownBy(
            () -> ChildArguments.parse(new String[] {"child", "trader", "--parent-pid", "1"}))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("trader");
    assertThatThrownBy(
            () -> ChildArguments.parse(new String[] {"child", "strategy", "--telemetry", "t"}))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("--parent-pid is required");
    assertThatThrownBy(
            () ->
                ChildArguments.parse(
                    new String[] {"child", "strategy", "--parent-pid", "x", "--telemetry", "t"}))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("'x'");
    assertThatThrownBy(
            () ->
                ChildArguments.parse(
                    new String[] {"child", "strategy", "--parent-pid", "1", "--bogus", "v"}))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("--bogus");
    assertThatThrownBy(
            () -> ChildArguments.parse(new String[] {"child", "strategy", "--parent-pid"}))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("missing value for --parent-pid");
    assertThatThrownBy(
            () ->
                ChildArguments.parse(
                    new String[] {"child", "strategy", "--parent-pid", "1", "-c", "NOEQUALS"}))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("KEY=VALUE");
  }
}
