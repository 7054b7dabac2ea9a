package org.aftm.app.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.aftm.app.config.AftmConfig;
import org.aftm.app.wiring.Backtests;
import org.aftm.application.backtest.Figures;
import org.aftm.application.service.RecordedTicks;
import org.aftm.domain.model.Price;
import org.aftm.domain.strategy.StrategyParameters;
import org.junit.jupiter.api.Test;

/** A sweep over a real replay per point, on several threads at once. */
class SweepTest {

  private static final BandPlugin PLUGIN = new BandPlugin();

  /** A random walk of TXF and MXF around 22,000 over 20,000 ticks, one a second. */
  private static RecordedTicks walk() {
    SplittableRandom random = new SplittableRandom(11);
    RecordedTicks.Builder ticks = new RecordedTicks.Builder();
    long txf = 22_000;
    long mxf = 22_000;
    for (int i = 0; i < 20_000; i++) {
      boolean isTxf = random.nextBoolean();
      long step = random.nextInt(-3, 4);
      if (isTxf) {
        txf += step;
      } else {
        mxf += step;
      }
      ticks.add(
          isTxf ? "TXF" : "MXF",
          (isTxf ? txf : mxf) * Price.UNITS_PER_POINT,
          1,
          1_795_136_400_000L + i * 1000L);
    }
    return ticks.build();
  }

  private static List<Sweep.Point<Backtests.Run>> sweep(
      RecordedTicks ticks, SweepFigure sortBy, int threads) {
    // 3000 and 5000 never trade on this walk: equal figures, kept in the grid's order.
    List<StrategyParameters> points =
        ParameterGrid.points(PLUGIN.parameters(), Map.of(), List.of("band=5000,5..40:5,3000"));
    AftmConfig config = AftmConfig.defaults();
    Backtests.Setup setup =
        new Backtests.Setup(PLUGIN, points.get(0), List.of(), Set.of("TXF", "MXF"), config.costs());
    return Sweep.run(
        points,
        point -> Backtests.run(config, setup.withParameters(point), ticks),
        run -> run.result().total(),
        sortBy,
        threads);
  }

  @Test
  void theSameSweepGivesTheSameBestResultTwiceAndTheSameAsOneThread() {
    RecordedTicks ticks = walk();
    List<Sweep.Point<Backtests.Run>> first = sweep(ticks, SweepFigure.NET_PNL, 4);
    List<Sweep.Point<Backtests.Run>> second = sweep(ticks, SweepFigure.NET_PNL, 4);
    List<Sweep.Point<Backtests.Run>> alone = sweep(ticks, SweepFigure.NET_PNL, 1);

    assertThat(first).hasSize(10);
    assertThat(first.get(0).outcome().result().total().trades())
        .as("the best point trades")
        .isPositive();
    assertThat(summary(second)).isEqualTo(summary(first));
    assertThat(summary(alone)).isEqualTo(summary(first));
    for (int i = 1; i < first.size(); i++) {
      assertThat(first.get(i).outcome().result().total().netPnlTwd())
          .isLessThanOrEqualTo(first.get(i - 1).outcome().result().total().netPnlTwd());
    }
    List<Integer> idle =
        first.stream()
            .filter(p -> p.outcome().result().total().trades() == 0)
            .map(Sweep.Point::index)
            .toList();
    assertThat(idle).as("ties keep the grid's order").containsExactly(0, 9);
  }

  @Test
  void eachFigureSortsItsOwnWay() {
    RecordedTicks ticks = walk();
    List<Sweep.Point<Backtests.Run>> byDrawdown = sweep(ticks, SweepFigure.MAX_DRAWDOWN, 2);
    List<Sweep.Point<Backtests.Run>> byWinRate = sweep(ticks, SweepFigure.WIN_RATE, 2);
    List<Sweep.Point<Backtests.Run>> byProfitFactor = sweep(ticks, SweepFigure.PROFIT_FACTOR, 2);

    assertThat(byDrawdown.get(0).outcome().result().total().maxDrawdownTwd())
        .as("no trade, no drawdown: smallest first")
        .isEqualTo(Price.ZERO);
    assertThat(byDrawdown.get(0).index()).isZero();
    Figures lastByWinRate = byWinRate.get(byWinRate.size() - 1).outcome().result().total();
    assertThat(lastByWinRate.winRate()).as("without trades last").isNull();
    Figures lastByProfitFactor =
        byProfitFactor.get(byProfitFactor.size() - 1).outcome().result().total();
    assertThat(lastByProfitFactor.trades()).isZero();
  }

  private static List<String> summary(List<Sweep.Point<Backtests.Run>> points) {
    return points.stream()
        .map(
            p ->
                p.index()
                    + " "
                    + p.parameters().asText()
                    + " "
                    + p.outcome().result().total().netPnlTwd()
                    + " "
                    + p.outcome().result().total().trades())
        .toList();
  }
}
