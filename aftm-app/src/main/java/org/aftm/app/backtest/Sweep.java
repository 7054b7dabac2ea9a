package org.aftm.app.backtest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.aftm.application.backtest.Figures;
import org.aftm.domain.strategy.StrategyParameters;

/**
 * Runs one backtest per point of a {@link ParameterGrid} on a pool of {@code threads} threads
 * ({@value #THREAD_NAME}-N, one per core by default), each point its own broker, replay and ledger,
 * and sorts the results by a figure. The order is deterministic: equal figures keep the points'
 * order.
 */
public final class Sweep {

  /** The pool's thread names' prefix. */
  public static final String THREAD_NAME = "backtest-sweep";

  private Sweep() {}

  /**
   * One point's result.
   *
   * @param index the point's position in the grid, from 0
   * @param parameters the point
   * @param outcome what the run gave
   */
  public record Point<T>(int index, StrategyParameters parameters, T outcome) {}

  /**
   * Runs every point and returns the results best first.
   *
   * @param figures the total's figures of an outcome
   * @throws IllegalStateException when a run fails (its cause attached); the other runs are
   *     cancelled
   */
  public static <T> List<Point<T>> run(
      List<StrategyParameters> points,
      Function<StrategyParameters, T> backtest,
      Function<T, Figures> figures,
      SweepFigure sortBy,
      int threads) {
    AtomicInteger number = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, Math.min(threads, points.size())),
            task -> {
              Thread thread = new Thread(task, THREAD_NAME + "-" + number.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (StrategyParameters point : points) {
        futures.add(pool.submit(() -> backtest.apply(point)));
      }
      List<Point<T>> results = new ArrayList<>();
      for (int i = 0; i < futures.size(); i++) {
        results.add(new Point<>(i, points.get(i), futures.get(i).get()));
      }
      Comparator<Point<T>> order =
          Comparator.comparing((Point<T> p) -> figures.apply(p.outcome()), sortBy.best())
              .thenComparingInt(Point::index);
      results.sort(order);
      return results;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("a sweep's backtest failed: " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during the sweep", e);
    } finally {
      pool.shutdownNow();
    }
  }
}
