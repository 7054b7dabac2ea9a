package org.aftm.app.backtest;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.aftm.application.backtest.Figures;
import org.aftm.domain.model.Price;

/** How the report and the command write figures as text: exact decimals, Taipei times. */
public final class FigureText {

  private static final ZoneId TAIPEI = ZoneId.of("Asia/Taipei");
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX").withZone(TAIPEI);

  private FigureText() {}

  /** An amount or points; "–" for none (points in the total). */
  public static String amount(Price value) {
    return value == null ? "–" : value.toString();
  }

  /** A share as a percentage with up to two places, or "n/a". */
  public static String percent(BigDecimal share) {
    return share == null
        ? "n/a"
        : share
                .movePointRight(2)
                .setScale(2, RoundingMode.HALF_EVEN)
                .stripTrailingZeros()
                .toPlainString()
            + " %";
  }

  /** The profit factor, "∞" when there are wins and no loss, "n/a" without either. */
  public static String profitFactor(Figures figures) {
    if (figures.profitFactor() != null) {
      return figures.profitFactor().toPlainString();
    }
    return figures.winners() > 0 ? "∞ (no losing trade)" : "n/a";
  }

  /** A duration as h:mm:ss. */
  public static String duration(long millis) {
    long seconds = millis / 1000;
    return String.format("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
  }

  /** An instant as ISO-8601 in Taipei time, e.g. 2026-11-20T09:00:03+08:00. */
  public static String time(long epochMillis) {
    return TIME.format(Instant.ofEpochMilli(epochMillis));
  }
}
