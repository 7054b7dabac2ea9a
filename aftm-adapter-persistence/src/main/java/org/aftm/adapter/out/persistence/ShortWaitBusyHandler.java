package org.aftm.adapter.out.persistence;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.sqlite.BusyHandler;

/**
 * Waits for another process's write lock in tens of microseconds instead of SQLite's default steps
 * of 1, 2, 5, 10 ... ms: the strategy's and the gateway's writes are short, so a collision should
 * cost about as long as the other write, not a millisecond or more on the order path. Gives up, as
 * the default does, after {@link SqliteDatabase#BUSY_TIMEOUT_MILLIS}.
 *
 * <p>One per connection; SQLite calls it on the thread that holds the connection.
 */
final class ShortWaitBusyHandler extends BusyHandler {

  private static final long FIRST_PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(20);
  private static final long LONGEST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final long timeoutNanos;
  private long waitStartedNanos;

  ShortWaitBusyHandler(long timeoutMillis) {
    this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
  }

  /**
   * @param attempts how often SQLite already called back for this wait (0 on the first)
   * @return non-zero to try again, 0 to give up with SQLITE_BUSY
   */
  @Override
  protected int callback(int attempts) {
    long now = System.nanoTime();
    if (attempts == 0) {
      waitStartedNanos = now;
    } else if (now - waitStartedNanos > timeoutNanos) {
      return 0;
    }
    // 20 µs doubling every 8 attempts up to 1 ms: quick for short writes, polite for long ones.
    long pause = Math.min(FIRST_PAUSE_NANOS << Math.min(attempts / 8, 6), LONGEST_PAUSE_NANOS);
    LockSupport.parkNanos(pause);
    return 1;
  }
}
