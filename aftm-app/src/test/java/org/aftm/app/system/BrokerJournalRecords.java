package org.aftm.app.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The simulated broker's own record of what it did, read from {@code sim-broker.journal} in the
 * data directory (the format of {@code SimJournalCodec}): what the broker acknowledged, rejected,
 * filled and cancelled, independent of what the main process believes. Only complete lines are
 * read, so the file may be read while a broker appends to it.
 */
final class BrokerJournalRecords {

  static final String FILE_NAME = "sim-broker.journal";
  private static final String HEADER = "aftm-sim-broker-journal\t1";

  /** One order the broker acknowledged: a {@code placed} record. */
  record Placed(long serial, String clientOrderId, String itemCode, int sign, int quantity) {}

  /** One fill: a {@code filled} record. */
  record Filled(String clientOrderId, int quantity) {}

  /** A {@code rejected} or {@code cancelled} record with its reason. */
  record Ended(String kind, String clientOrderId, String reason) {}

  final List<Placed> placed = new ArrayList<>();
  final List<Filled> fills = new ArrayList<>();
  final List<Ended> ended = new ArrayList<>();

  private BrokerJournalRecords() {}

  static BrokerJournalRecords read(Path dataDir) {
    BrokerJournalRecords records = new BrokerJournalRecords();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(dataDir.resolve(FILE_NAME));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    int end = text.lastIndexOf('\n');
    if (end < 0) {
      return records;
    }
    String[] lines = text.substring(0, end).split("\n", -1);
    if (!lines[0].equals(HEADER)) {
      throw new IllegalStateException("not a simulated broker journal: " + lines[0]);
    }
    for (int i = 1; i < lines.length; i++) {
      String[] f = lines[i].split("\t", -1);
      switch (f[0]) {
        case "placed" ->
            records.placed.add(
                new Placed(
                    Long.parseLong(f[1]),
                    f[3],
                    f[5],
                    f[6].equals("buy") ? 1 : -1,
                    Integer.parseInt(f[9])));
        case "filled" -> records.fills.add(new Filled(f[1], Integer.parseInt(f[4])));
        case "rejected" -> records.ended.add(new Ended(f[0], f[1], f[4]));
        case "cancelled" -> records.ended.add(new Ended(f[0], f[1], f[4]));
        default -> {
          // accepted, expired, rested: not needed here
        }
      }
    }
    return records;
  }

  /** How often each client order id was acknowledged (placed); more than once is a bug. */
  Map<String, Integer> placementsById() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    placed.forEach(p -> counts.merge(p.clientOrderId(), 1, Integer::sum));
    return counts;
  }

  /** Net signed lots per item code, from the fills: the broker's positions. */
  Map<String, Integer> netByItem() {
    Map<String, Placed> byId = new HashMap<>();
    placed.forEach(p -> byId.put(p.clientOrderId(), p));
    Map<String, Integer> net = new TreeMap<>();
    for (Filled fill : fills) {
      Placed order = byId.get(fill.clientOrderId());
      net.merge(order.itemCode(), order.sign() * fill.quantity(), Integer::sum);
    }
    return net;
  }

  /** Lots filled per client order id. */
  Map<String, Integer> filledById() {
    Map<String, Integer> filled = new HashMap<>();
    fills.forEach(f -> filled.merge(f.clientOrderId(), f.quantity(), Integer::sum));
    return filled;
  }

  /** Orders that filled some but not all of their lots (the rest cancelled). */
  long partialFills() {
    Map<String, Integer> filled = filledById();
    return placed.stream()
        .filter(
            p -> {
              int lots = filled.getOrDefault(p.clientOrderId(), 0);
              return lots > 0 && lots < p.quantity();
            })
        .count();
  }

  long rejections(String reason) {
    return ended.stream()
        .filter(e -> e.kind().equals("rejected") && e.reason().equals(reason))
        .count();
  }
}
