package org.aftm.app.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** ADR 0002: exponential back-off with a cap. */
class RestartPolicyTest {

  @Test
  void theDelayDoublesFromTheInitialDelayUpToTheCap() {
    RestartPolicy policy =
        new RestartPolicy(
            Duration.ofMillis(100), Duration.ofMillis(1000), 5, Duration.ofMinutes(1));

    assertThat(policy.delayFor(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(policy.delayFor(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(policy.delayFor(3)).isEqualTo(Duration.ofMillis(400));
    assertThat(policy.delayFor(4)).isEqualTo(Duration.ofMillis(800));
    assertThat(policy.delayFor(5)).isEqualTo(Duration.ofMillis(1000));
    assertThat(policy.delayFor(6)).isEqualTo(Duration.ofMillis(1000));
  }

  @Test
  void manyAttemptsStayAtTheCapWithoutOverflowing() {
    RestartPolicy policy = RestartPolicy.standard();

    assertThat(policy.delayFor(1)).isEqualTo(Duration.ofMillis(500));
    assertThat(policy.delayFor(64)).isEqualTo(Duration.ofSeconds(30));
    assertThat(policy.delayFor(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void theStandardPolicyGivesUpAfterTenRestartsInFiveMinutes() {
    RestartPolicy policy = RestartPolicy.standard();

    assertThat(policy.maxRestarts()).isEqualTo(10);
    assertThat(policy.window()).isEqualTo(Duration.ofMinutes(5));
    assertThat(policy.maxDelay()).isEqualTo(Duration.ofSeconds(30));
  }
}
