package org.aftm.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.aftm.domain.risk.TradingStatus;

/** The trading state as the operator reads it: one line of text, or a JSON object. */
final class TradingStatusView {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private TradingStatusView() {}

  /** E.g. {@code Trading HALTED since 2026-12-01 09:12:03: news at 10:00}. */
  static String line(TradingStatus status) {
    return "Trading "
        + status.state().wire()
        + " since "
        + TIME.format(Instant.ofEpochMilli(status.sinceMillis()).atZone(ZoneId.systemDefault()))
        + (status.automatic() ? " (until its cause clears): " : ": ")
        + status.reason();
  }

  static ObjectNode json(TradingStatus status) {
    ObjectNode node = JSON.createObjectNode();
    node.put("state", status.state().wire());
    node.put("reason", status.reason());
    node.put("automatic", status.automatic());
    node.put("since_ms", status.sinceMillis());
    return node;
  }
}
