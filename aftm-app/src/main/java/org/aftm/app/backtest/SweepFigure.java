package org.aftm.app.backtest;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.Locale;
import org.aftm.application.backtest.Figures;

/** The figure a sweep's results are sorted by, best first; the total's figures are compared. */
public enum SweepFigure {
  /** Net P&amp;L in TWD, highest first. */
  NET_PNL,
  /**
   * Profit factor, highest first; without a losing trade but with a winning one it is infinite (it
   * comes first), without either it comes last.
   */
  PROFIT_FACTOR,
  /** Maximum drawdown in TWD, smallest first. */
  MAX_DRAWDOWN,
  /** Win rate, highest first; without trades last. */
  WIN_RATE;

  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @throws IllegalArgumentException naming the text and the figures known
   */
  public static SweepFigure parse(String text) {
    for (SweepFigure figure : values()) {
      if (figure.text().equals(text)) {
        return figure;
      }
    }
    throw new IllegalArgumentException(
        "--sort: '" + text + "' is not one of net_pnl, profit_factor, max_drawdown, win_rate");
  }

  /** Orders figures best first. */
  public Comparator<Figures> best() {
    return switch (this) {
      case NET_PNL -> Comparator.comparing(Figures::netPnlTwd).reversed();
      case MAX_DRAWDOWN -> Comparator.comparing(Figures::maxDrawdownTwd);
      case WIN_RATE ->
          Comparator.comparing(
                  (Figures f) -> f.winRate() == null ? BigDecimal.valueOf(-1) : f.winRate())
              .reversed();
      case PROFIT_FACTOR ->
          Comparator.comparingInt(SweepFigure::profitFactorClass)
              .thenComparing(
                  (Figures f) -> f.profitFactor() == null ? BigDecimal.ZERO : f.profitFactor(),
                  Comparator.reverseOrder());
    };
  }

  /** 0: infinite (wins, no loss); 1: a number; 2: undefined (no win and no loss). */
  private static int profitFactorClass(Figures f) {
    if (f.profitFactor() != null) {
      return 1;
    }
    return f.winners() > 0 ? 0 : 2;
  }
}
