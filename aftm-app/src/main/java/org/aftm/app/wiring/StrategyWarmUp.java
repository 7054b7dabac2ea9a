package org.aftm.app.wiring;

import java.nio.ByteBuffer;
import org.aftm.adapter.zmq.codec.DecodedTick;
import org.aftm.adapter.zmq.codec.MalformedMessageException;
import org.aftm.adapter.zmq.codec.SignalCodec;
import org.aftm.adapter.zmq.codec.TickCodec;
import org.aftm.adapter.zmq.in.TickIntake;
import org.aftm.domain.condition.Condition;
import org.aftm.domain.condition.ConditionBook;
import org.aftm.domain.condition.ConditionSpec;
import org.aftm.domain.condition.ConditionStep;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TickEvent;
import org.aftm.domain.strategy.Signal;
import org.aftm.domain.strategy.StrategyListener;
import org.aftm.domain.strategy.SupportResistanceStrategy;

/**
 * Runs the strategy process's tick path, before it reports ready, over synthetic ticks on
 * throw-away objects: each tick encoded and decoded as on the wire ({@link TickCodec}, {@link
 * TickIntake}), evaluated by a {@link SupportResistanceStrategy} over a condition book of its own,
 * and each signal that comes out encoded as for the executor ({@link SignalCodec}). So the first
 * real tick after ready finds these classes loaded and their code interpreted a few thousand times
 * (the hottest parts compiled), instead of paying for that itself.
 *
 * <p>Touches nothing shared: no socket, no store, no broker, no counter of the running strategy;
 * its conditions and signals exist only in here and are dropped on return.
 */
final class StrategyWarmUp {

  /**
   * Ticks per warm-up: enough for every branch of the path to run many times (and the hottest
   * methods to be compiled), some tens of milliseconds on an idle machine.
   */
  static final int TICKS = 2_000;

  /** An item code no market lists, so nothing here could pass for a real tick or signal. */
  private static final String ITEM = "WARMUP";

  private StrategyWarmUp() {}

  /**
   * Runs {@code ticks} synthetic ticks through the path.
   *
   * @return the signals the throw-away conditions gave (so the work cannot be optimised away)
   */
  static long run(int ticks) {
    ConditionBook book = new ConditionBook();
    SupportResistanceStrategy strategy = new SupportResistanceStrategy(book);
    long[] signals = {0};
    ByteBuffer signalFrame = ByteBuffer.allocate(SignalCodec.MAX_ENCODED_LENGTH);
    StrategyListener listener =
        new StrategyListener() {
          @Override
          public void onSignal(Signal signal) {
            signalFrame.clear();
            SignalCodec.encode(++signals[0], signal, signalFrame);
          }

          @Override
          public void onConditionChanged(Condition condition, ConditionStep step) {}
        };
    byte[] frame = new byte[TickCodec.MAX_ENCODED_LENGTH];
    ByteBuffer tickFrame = ByteBuffer.wrap(frame);
    TickIntake intake = new TickIntake(Long.MAX_VALUE, System::nanoTime);
    long base = 20_000;
    for (int i = 0; i < ticks; i++) {
      if (i % 500 == 0) {
        // Fresh conditions every few hundred ticks: a buy and a sell around the swing, with and
        // without following, so that triggers, entries and exits all run.
        long id = i / 500 * 2L;
        book.put(Condition.create(id + 1, spec(Side.BUY, base - 40, i % 1_000 == 0)));
        book.put(Condition.create(id + 2, spec(Side.SELL, base + 40, i % 1_000 != 0)));
      }
      // A triangle wave of 200 points around the base.
      long offset = Math.abs((i % 400) - 200) - 100;
      TickEvent tick =
          new TickEvent(
              ITEM,
              i + 1L,
              Price.ofPoints(base + offset).units(),
              1,
              System.currentTimeMillis(),
              System.nanoTime());
      tickFrame.clear();
      int length = TickCodec.encode(tick, tickFrame);
      try {
        DecodedTick decoded = intake.decode(frame, 0, length);
        intake.accept(decoded, t -> strategy.onTick(t, listener));
      } catch (MalformedMessageException e) {
        throw new IllegalStateException("the warm-up's own tick does not decode", e);
      }
    }
    return signals[0];
  }

  private static ConditionSpec spec(Side side, long triggerPoints, boolean following) {
    return new ConditionSpec(
        ITEM,
        side,
        Price.ofPoints(triggerPoints),
        Price.ofPoints(following ? 30 : 0),
        1,
        Price.ofPoints(60),
        Price.ofPoints(30),
        following);
  }
}
