package org.aftm.adapter.out.fix;

import java.util.Objects;
import quickfix.Log;
import quickfix.LogFactory;
import quickfix.SessionID;

/**
 * A QuickFIX/J log factory whose logs write every message and event with the Password field (tag
 * 554) masked, whatever the log behind it (SLF4J in production, files in tests).
 */
public final class MaskingLogFactory implements LogFactory {

  private final LogFactory delegate;

  public MaskingLogFactory(LogFactory delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public Log create(SessionID sessionId) {
    return new MaskedLog(delegate.create(sessionId));
  }

  /** One session's log, masked. */
  private static final class MaskedLog implements Log {
    private final Log delegate;

    MaskedLog(Log delegate) {
      this.delegate = delegate;
    }

    @Override
    public void clear() {
      delegate.clear();
    }

    @Override
    public void onIncoming(String message) {
      delegate.onIncoming(PasswordMask.mask(message));
    }

    @Override
    public void onOutgoing(String message) {
      delegate.onOutgoing(PasswordMask.mask(message));
    }

    @Override
    public void onEvent(String text) {
      delegate.onEvent(PasswordMask.mask(text));
    }

    @Override
    public void onErrorEvent(String text) {
      delegate.onErrorEvent(PasswordMask.mask(text));
    }

    @Override
    public void onWarnEvent(String text) {
      delegate.onWarnEvent(PasswordMask.mask(text));
    }
  }
}
