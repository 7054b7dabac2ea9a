package org.aftm.adapter.out.fix.venue;

import quickfix.Log;
import quickfix.LogFactory;
import quickfix.SessionID;

/** QuickFIX/J's message log with Password(554) masked in every line it writes. */
final class MaskingLogFactory implements LogFactory {

  private final LogFactory delegate;

  MaskingLogFactory(LogFactory delegate) {
    this.delegate = delegate;
  }

  @Override
  public Log create(SessionID sessionID) {
    Log log = delegate.create(sessionID);
    return new Log() {
      @Override
      public void clear() {
        log.clear();
      }

      @Override
      public void onIncoming(String message) {
        log.onIncoming(PasswordMask.mask(message));
      }

      @Override
      public void onOutgoing(String message) {
        log.onOutgoing(PasswordMask.mask(message));
      }

      @Override
      public void onEvent(String text) {
        log.onEvent(PasswordMask.mask(text));
      }

      @Override
      public void onErrorEvent(String text) {
        log.onErrorEvent(PasswordMask.mask(text));
      }

      @Override
      public void onWarnEvent(String text) {
        log.onWarnEvent(PasswordMask.mask(text));
      }
    };
  }
}
