package org.aftm.application.service;

import java.time.InstantSource;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.aftm.application.port.in.ControlTradingUseCase;
import org.aftm.application.port.out.TradingStatePort;
import org.aftm.application.text.UntrustedText;
import org.aftm.domain.risk.TradingState;
import org.aftm.domain.risk.TradingStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trading state (docs/architecture.md §12): {@code ACTIVE}, {@code REDUCING} or {@code HALTED},
 * with why and since when. The operator moves it ({@link #halt}, {@link #reduce}, {@link #resume});
 * faults move it by themselves, in two kinds:
 *
 * <ul>
 *   <li>sticky ({@link #trip}): the loss limit, a child over its restart budget, a reconciliation
 *       difference. The state stays until the operator resumes.
 *   <li>transient ({@link #raise}/{@link #clear}): the breaker open too long, a storage fault. The
 *       state is {@code REDUCING} while any is raised, and goes back to what it was before once all
 *       clear, unless the operator or a sticky cause changed it meanwhile.
 * </ul>
 *
 * An automatic change never loosens the state: a transient {@code REDUCING} leaves a {@code HALTED}
 * as it is. Every change is logged at WARN with its cause and saved through {@link
 * TradingStatePort}, so it survives a restart; a fresh install starts {@code ACTIVE}.
 *
 * <p>Thread-safe: the state is one volatile field that the order path reads without a lock; changes
 * (operator threads, the risk monitor, the storage writers) are serialised on this object.
 */
public final class TradingControl implements ControlTradingUseCase {

  private static final Logger LOG = LoggerFactory.getLogger(TradingControl.class);

  /** A fault that clears by itself; trading reduces while it lasts. */
  public enum Cause {
    /** The broker's breaker has been open longer than the configured time. */
    BREAKER_OPEN,
    /** The audit trail or the order journal cannot write (a full or unwritable disk). */
    STORAGE_FAULT
  }

  private final TradingStatePort store;
  private final InstantSource clock;

  private volatile TradingStatus status;

  /** Transient causes raised now; guarded by this. */
  private final Set<Cause> raised = EnumSet.noneOf(Cause.class);

  /** What the state was before the transient causes reduced it; guarded by this. */
  private TradingStatus beforeTransient;

  private PositionFlattener flattener;

  public TradingControl(TradingStatePort store, InstantSource clock) {
    this.store = store;
    this.clock = clock;
    TradingStatus loaded;
    try {
      loaded = store.loadTradingStatus().orElse(null);
    } catch (RuntimeException e) {
      // Unknown is not safe to trade: the operator looks, then resumes.
      LOG.error("Could not load the trading state; starting HALTED", e);
      loaded =
          new TradingStatus(
              TradingState.HALTED,
              "the saved trading state could not be read: " + e.getMessage(),
              false,
              clock.millis());
    }
    if (loaded == null) {
      status = TradingStatus.initial(clock.millis());
      LOG.info("Trading state: ACTIVE (fresh install)");
    } else {
      status = loaded;
      if (loaded.automatic()) {
        // Its cause is not known after a restart: if it is still there it is raised again (the
        // monitor, the next write); if not, the first clear restores what it was before.
        beforeTransient = TradingStatus.initial(loaded.sinceMillis());
      }
      LOG.warn(
          "Trading state at start: {} since {} ({})",
          loaded.state(),
          java.time.Instant.ofEpochMilli(loaded.sinceMillis()),
          loaded.reason());
    }
  }

  /**
   * Gives flatten its order path. Bound after construction because the order path's risk engine
   * reads this state: the two depend on each other. Called once by the composition root.
   */
  public synchronized void useFlattener(PositionFlattener positionFlattener) {
    if (flattener != null) {
      throw new IllegalStateException("flatten already has its order path");
    }
    flattener = positionFlattener;
  }

  @Override
  public TradingStatus tradingStatus() {
    return status;
  }

  /** The state now: a volatile read, for the order path. */
  public TradingState state() {
    return status.state();
  }

  @Override
  public TradingStatus halt(String reason) {
    return operator(TradingState.HALTED, reason);
  }

  @Override
  public TradingStatus reduce(String reason) {
    return operator(TradingState.REDUCING, reason);
  }

  @Override
  public TradingStatus resume(String reason) {
    return operator(TradingState.ACTIVE, reason);
  }

  private synchronized TradingStatus operator(TradingState state, String reason) {
    String why = reason == null || reason.isBlank() ? "operator" : "operator: " + reason.strip();
    // The operator's word replaces whatever the causes set; a transient cause still raised reduces
    // again at its next report.
    beforeTransient = null;
    return change(new TradingStatus(state, why, false, clock.millis()));
  }

  /**
   * A sticky automatic cause: moves to {@code state} unless the state is already stricter, and
   * stays until the operator resumes.
   */
  public synchronized TradingStatus trip(TradingState state, String cause) {
    TradingStatus now = status;
    if (state.compareTo(now.state()) < 0 || (state == now.state() && !now.automatic())) {
      LOG.warn(
          "Trading state stays {} ({}); also: {}",
          now.state(),
          UntrustedText.quote(now.reason()),
          UntrustedText.quote(cause));
      return now;
    }
    beforeTransient = null;
    return change(new TradingStatus(state, cause, false, clock.millis()));
  }

  /**
   * A transient cause is present (again): {@code REDUCING} while it lasts, unless the state is
   * already as strict. Cheap when nothing changes.
   */
  public synchronized void raise(Cause cause, String detail) {
    boolean fresh = raised.add(cause);
    TradingStatus now = status;
    if (now.state() != TradingState.ACTIVE) {
      if (fresh) {
        LOG.warn("{} ({}) while trading is {}: the state stays", cause, detail, now.state());
      }
      return;
    }
    if (beforeTransient == null) {
      beforeTransient = now;
    }
    change(new TradingStatus(TradingState.REDUCING, cause + ": " + detail, true, clock.millis()));
  }

  /**
   * A transient cause is gone. Once none is left, a state they set goes back to what it was before
   * them.
   */
  public synchronized void clear(Cause cause) {
    boolean was = raised.remove(cause);
    TradingStatus now = status;
    if (!raised.isEmpty() || !now.automatic() || beforeTransient == null) {
      return;
    }
    TradingStatus before = beforeTransient;
    beforeTransient = null;
    change(
        new TradingStatus(
            before.state(),
            (was ? cause + " cleared" : "the automatic causes cleared")
                + "; back to "
                + before.state()
                + " ("
                + before.reason()
                + ")",
            false,
            clock.millis()));
  }

  /** Whether a transient cause is raised now. */
  public synchronized boolean isRaised(Cause cause) {
    return raised.contains(cause);
  }

  /** Guarded by this. */
  private TradingStatus change(TradingStatus next) {
    TradingStatus previous = status;
    status = next;
    // Reasons may come from a client (an operator's halt): quoted, so they cannot forge a line.
    LOG.warn(
        "Trading state {} → {}: {}",
        previous.state(),
        next.state(),
        UntrustedText.quote(next.reason()));
    try {
      store.saveTradingStatus(next);
    } catch (RuntimeException e) {
      // The state holds in memory; a restart would come back to the last one saved.
      LOG.error("Could not save the trading state {}: {}", next.state(), e.toString());
    }
    return next;
  }

  @Override
  public FlattenReport flatten(Optional<String> itemCode) {
    PositionFlattener positionFlattener;
    synchronized (this) {
      positionFlattener = flattener;
    }
    if (positionFlattener == null) {
      throw new IllegalStateException("flatten has no order path yet");
    }
    LOG.warn(
        "Flatten {} requested while trading is {}",
        itemCode.map(item -> "of " + UntrustedText.quote(item)).orElse("of every position"),
        status.state());
    return positionFlattener.flatten(itemCode);
  }
}
