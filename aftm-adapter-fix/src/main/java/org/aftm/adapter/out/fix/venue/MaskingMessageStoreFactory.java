package org.aftm.adapter.out.fix.venue;

import java.io.IOException;
import java.util.Calendar;
import java.util.Collection;
import java.util.Date;
import quickfix.MessageStore;
import quickfix.MessageStoreFactory;
import quickfix.SessionID;

/**
 * QuickFIX/J's message store with Password(554) masked in every message it keeps (the venue sends
 * none, but a store must never hold one whatever is sent), and its files made owner-only. Market
 * data (W, X, Y) is not kept: stale quotes are worth nothing to resend (QuickFIX/J answers a resend
 * request for them with a gap fill), and at 20 ticks a second the store would grow by hundreds of
 * megabytes a day.
 */
final class MaskingMessageStoreFactory implements MessageStoreFactory {

  private final MessageStoreFactory delegate;
  private final Runnable restrictFiles;

  /**
   * @param restrictFiles makes the store's files owner-only; run after each store is created
   */
  MaskingMessageStoreFactory(MessageStoreFactory delegate, Runnable restrictFiles) {
    this.delegate = delegate;
    this.restrictFiles = restrictFiles;
  }

  @Override
  public MessageStore create(SessionID sessionID) {
    MessageStore store = delegate.create(sessionID);
    restrictFiles.run();
    return new Masking(store);
  }

  private static final class Masking implements MessageStore {
    private final MessageStore store;

    Masking(MessageStore store) {
      this.store = store;
    }

    @Override
    public boolean set(int sequence, String message) throws IOException {
      if (isMarketData(message)) {
        return true;
      }
      return store.set(sequence, PasswordMask.mask(message));
    }

    private static boolean isMarketData(String message) {
      return message.contains("\u000135=W\u0001")
          || message.contains("\u000135=X\u0001")
          || message.contains("\u000135=Y\u0001");
    }

    @Override
    public void get(int startSequence, int endSequence, Collection<String> messages)
        throws IOException {
      store.get(startSequence, endSequence, messages);
    }

    @Override
    public int getNextSenderMsgSeqNum() throws IOException {
      return store.getNextSenderMsgSeqNum();
    }

    @Override
    public int getNextTargetMsgSeqNum() throws IOException {
      return store.getNextTargetMsgSeqNum();
    }

    @Override
    public void setNextSenderMsgSeqNum(int next) throws IOException {
      store.setNextSenderMsgSeqNum(next);
    }

    @Override
    public void setNextTargetMsgSeqNum(int next) throws IOException {
      store.setNextTargetMsgSeqNum(next);
    }

    @Override
    public void incrNextSenderMsgSeqNum() throws IOException {
      store.incrNextSenderMsgSeqNum();
    }

    @Override
    public void incrNextTargetMsgSeqNum() throws IOException {
      store.incrNextTargetMsgSeqNum();
    }

    @Override
    public Date getCreationTime() throws IOException {
      return store.getCreationTime();
    }

    @Override
    public Calendar getCreationTimeCalendar() throws IOException {
      return store.getCreationTimeCalendar();
    }

    @Override
    public void reset() throws IOException {
      store.reset();
    }

    @Override
    public void refresh() throws IOException {
      store.refresh();
    }
  }
}
