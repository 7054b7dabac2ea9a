package org.aftm.application.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.aftm.domain.model.Side;
import org.aftm.domain.strategy.Signal;
import org.aftm.domain.strategy.SignalReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The ids a scope puts in the MDC, and what it leaves behind when closed. */
class LogScopeTest {

  @AfterEach
  void clear() {
    MDC.clear();
  }

  @Test
  void aSignalsScopeNamesItsConditionItsOrderAndItsInstrument() {
    Signal exit =
        new Signal("12-exit-2", 12, "MXF", Side.SELL, 1, SignalReason.STOP_LOSS, 1, 1, 0, 0, 0);

    try (LogScope scope = LogScope.signal(exit)) {
      assertThat(MDC.get(LogScope.CONDITION_ID)).isEqualTo("12");
      assertThat(MDC.get(LogScope.CLIENT_ORDER_ID)).isEqualTo("aftm-12-exit-2");
      assertThat(MDC.get(LogScope.ITEM_CODE)).isEqualTo("MXF");
    }
    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
  }

  @Test
  void anOrderOfNoConditionHasNoConditionIdAndAnyOtherIdIsLeftAlone() {
    try (LogScope scope = LogScope.order("gw-abc-1", "TXF")) {
      assertThat(MDC.get(LogScope.CONDITION_ID)).isNull();
      assertThat(MDC.get(LogScope.CLIENT_ORDER_ID)).isEqualTo("gw-abc-1");
    }
    try (LogScope scope = LogScope.order("aftm-x-entry", null)) {
      assertThat(MDC.get(LogScope.CONDITION_ID)).as("not a strategy's id").isNull();
      assertThat(MDC.get(LogScope.ITEM_CODE)).isNull();
    }
  }

  @Test
  void closingPutsBackWhatTheKeysHeldBefore() {
    MDC.put(LogScope.ITEM_CODE, "TXF");
    MDC.put("request", "r-1");

    try (LogScope condition = LogScope.condition(3, null, null)) {
      assertThat(MDC.get(LogScope.ITEM_CODE)).as("removed inside").isNull();
      assertThat(MDC.get(LogScope.CONDITION_ID)).isEqualTo("3");
    }

    assertThat(MDC.get(LogScope.ITEM_CODE)).isEqualTo("TXF");
    assertThat(MDC.get(LogScope.CONDITION_ID)).isNull();
    assertThat(MDC.get("request")).isEqualTo("r-1");
  }
}
