package org.aftm.domain.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.aftm.domain.condition.ConditionOrderId;
import org.aftm.domain.model.Side;
import org.junit.jupiter.api.Test;

class InstanceSignalsTest {

  @Test
  void idsFollowTheCausingTimeAndOnlyGrow() {
    InstanceSignals ids = new InstanceSignals("ma-crossover");
    assertThat(ids.nextSignalId(1_000)).isEqualTo("ma-crossover-1000");
    assertThat(ids.nextSignalId(1_000)).as("same millisecond").isEqualTo("ma-crossover-1001");
    assertThat(ids.nextSignalId(900)).as("time went back").isEqualTo("ma-crossover-1002");
    assertThat(ids.nextSignalId(5_000)).isEqualTo("ma-crossover-5000");
  }

  @Test
  void aRestartedInstanceDoesNotReuseAnIdSinceItsTicksAreLater() {
    InstanceSignals before = new InstanceSignals("ma");
    String last = before.nextSignalId(1_795_136_400_000L);
    InstanceSignals after = new InstanceSignals("ma");
    assertThat(after.nextSignalId(1_795_136_405_000L)).isNotEqualTo(last);
  }

  @Test
  void anInstanceOwnsOnlyItsOwnIdsAndConditionIdsNeverLookLikeThem() {
    InstanceSignals ma = new InstanceSignals("ma");
    Signal signal = ma.signal("TXF", Side.BUY, 1, 100, 0, 2_000, 0);
    String clientOrderId = ConditionOrderId.PREFIX + signal.signalId();

    assertThat(clientOrderId).isEqualTo("aftm-ma-2000");
    assertThat(signal.conditionId()).isZero();
    assertThat(signal.fromCondition()).isFalse();
    assertThat(ma.owns(clientOrderId)).isTrue();
    assertThat(ma.owns("aftm-ma-fast-2000")).as("another instance, ma-fast").isFalse();
    assertThat(new InstanceSignals("ma-fast").owns("aftm-ma-2000")).isFalse();
    assertThat(ma.owns("aftm-ma-")).isFalse();
    assertThat(ma.owns("aftm-7-entry")).isFalse();
    assertThat(ConditionOrderId.parse(clientOrderId)).isEmpty();
  }

  @Test
  void anInstanceNameStartsWithALetter() {
    assertThatThrownBy(() -> new InstanceSignals("7")).hasMessageContaining("lower-case letter");
    assertThatThrownBy(() -> new InstanceSignals("MA")).hasMessageContaining("lower-case letter");
    assertThatThrownBy(() -> new InstanceSignals("a".repeat(33))).hasMessageContaining("up to 31");
  }
}
