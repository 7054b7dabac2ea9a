package org.aftm.app.alert;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One alert's change: it fired or it resolved. The webhook's body is this record as JSON: {@code
 * {"alert":"breaker_open","state":"firing","value":1,"threshold":0,"time":"2026-12-01T21:47:30Z"}}.
 *
 * @param value the rule's value when it changed, in the rule's unit ({@link AlertRule#unit()})
 * @param time when it was evaluated (UTC)
 */
public record AlertNotice(
    AlertRule rule, State state, double value, double threshold, Instant time) {

  /** Whether the alert started or ended. */
  public enum State {
    FIRING,
    RESOLVED;

    public String text() {
      return this == FIRING ? "firing" : "resolved";
    }
  }

  /**
   * The webhook's JSON body; numbers without rounding artefacts, {@code null} for an unknown value.
   */
  public String toJson() {
    return "{\"alert\":\""
        + rule.alertName()
        + "\",\"state\":\""
        + state.text()
        + "\",\"value\":"
        + number(value)
        + ",\"threshold\":"
        + number(threshold)
        + ",\"time\":\""
        + time
        + "\"}";
  }

  /**
   * The shortest decimal that reads back as the value, without an exponent or a trailing {@code
   * .0}.
   */
  static String number(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return "null";
    }
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
