package org.aftm.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The parent's pid is found in a child's raw arguments, before picocli has seen them. */
class EarlyParentWatchTest {

  @Test
  void theParentPidOfAChildCommandLine() {
    assertThat(
            EarlyParentWatch.parentPid(
                new String[] {"child", "strategy", "--parent-pid", "4711", "--telemetry", "x"}))
        .hasValue(4711);
    assertThat(EarlyParentWatch.parentPid(new String[] {"child", "strategy", "--parent-pid=42"}))
        .hasValue(42);
  }

  @Test
  void noPidForOtherCommandsOrABadValue() {
    assertThat(EarlyParentWatch.parentPid(new String[] {"run", "--parent-pid", "4711"})).isEmpty();
    assertThat(EarlyParentWatch.parentPid(new String[] {})).isEmpty();
    assertThat(EarlyParentWatch.parentPid(new String[] {"child", "strategy", "--parent-pid"}))
        .isEmpty();
    assertThat(EarlyParentWatch.parentPid(new String[] {"child", "strategy", "--parent-pid", "x"}))
        .isEmpty();
  }
}
