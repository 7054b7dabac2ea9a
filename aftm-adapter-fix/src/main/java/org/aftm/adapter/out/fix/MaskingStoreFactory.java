package org.aftm.adapter.out.fix;

import java.io.IOException;
import java.util.Calendar;
import java.util.Collection;
import java.util.Date;
import java.util.Objects;
import java.util.function.Predicate;
import quickfix.MessageStore;
import quickfix.MessageStoreFactory;
import quickfix.SessionID;

/**
 * A QuickFIX/J message store factory whose stores keep sent messages with the Password field (tag
 * 554) masked, for both ends (the initiator and the venue). The store keeps sent messages for
 * resends; a Logon is never resent (a resend gap-fills administrative messages), so the masked copy
 * costs nothing; its length and checksum are recounted so it still parses when a resend reads it.
 */
public final class MaskingStoreFactory implements MessageStoreFactory {

  private final MessageStoreFactory delegate;
  private final Predicate<String> kept;
  private final Runnable afterCreate;

  /** Keeps every sent message, masked. */
  public MaskingStoreFactory(MessageStoreFactory delegate) {
    this(delegate, message -> true, () -> {});
  }

  /**
   * @param kept which sent messages are stored at all (one not kept is gap-filled on a resend, as
   *     QuickFIX/J does for a message it cannot find)
   * @param afterCreate runs after each store is created, e.g. to make its files owner-only
   */
  public MaskingStoreFactory(
      MessageStoreFactory delegate, Predicate<String> kept, Runnable afterCreate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.kept = Objects.requireNonNull(kept, "kept");
    this.afterCreate = Objects.requireNonNull(afterCreate, "afterCreate");
  }

  @Override
  public MessageStore create(SessionID sessionId) {
    MessageStore store = delegate.create(sessionId);
    afterCreate.run();
    return new MaskedStore(store, kept);
  }

  /** One session's store: sent messages masked on the way in, the rest passed through. */
  private static final class MaskedStore implements MessageStore {
    private final MessageStore delegate;
    private final Predicate<String> kept;

    MaskedStore(MessageStore delegate, Predicate<String> kept) {
      this.delegate = delegate;
      this.kept = kept;
    }

    @Override
    public boolean set(int sequence, String message) throws IOException {
      if (!kept.test(message)) {
        return true;
      }
      return delegate.set(sequence, PasswordMask.maskMessage(message));
    }

    @Override
    public void get(int startSequence, int endSequence, Collection<String> messages)
        throws IOException {
      delegate.get(startSequence, endSequence, messages);
    }

    @Override
    public int getNextSenderMsgSeqNum() throws IOException {
      return delegate.getNextSenderMsgSeqNum();
    }

    @Override
    public int getNextTargetMsgSeqNum() throws IOException {
      return delegate.getNextTargetMsgSeqNum();
    }

    @Override
    public void setNextSenderMsgSeqNum(int next) throws IOException {
      delegate.setNextSenderMsgSeqNum(next);
    }

    @Override
    public void setNextTargetMsgSeqNum(int next) throws IOException {
      delegate.setNextTargetMsgSeqNum(next);
    }

    @Override
    public void incrNextSenderMsgSeqNum() throws IOException {
      delegate.incrNextSenderMsgSeqNum();
    }

    @Override
    public void incrNextTargetMsgSeqNum() throws IOException {
      delegate.incrNextTargetMsgSeqNum();
    }

    @Override
    public Date getCreationTime() throws IOException {
      return delegate.getCreationTime();
    }

    @Override
    public Calendar getCreationTimeCalendar() throws IOException {
      return delegate.getCreationTimeCalendar();
    }

    @Override
    public void reset() throws IOException {
      delegate.reset();
    }

    @Override
    public void refresh() throws IOException {
      delegate.refresh();
    }
  }
}
