package org.aftm.adapter.out.fix;

import java.io.IOException;
import java.util.Calendar;
import java.util.Collection;
import java.util.Date;
import java.util.Objects;
import quickfix.MessageStore;
import quickfix.MessageStoreFactory;
import quickfix.SessionID;

/**
 * A QuickFIX/J message store factory whose stores keep sent messages with the Password field (tag
 * 554) masked. The store keeps sent messages for resends; a Logon is never resent (a resend
 * gap-fills administrative messages), so the masked copy costs nothing; its length and checksum are
 * recounted so it still parses when a resend reads it.
 */
public final class MaskingStoreFactory implements MessageStoreFactory {

  private final MessageStoreFactory delegate;

  public MaskingStoreFactory(MessageStoreFactory delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public MessageStore create(SessionID sessionId) {
    return new MaskedStore(delegate.create(sessionId));
  }

  /** One session's store: sent messages masked on the way in, the rest passed through. */
  private static final class MaskedStore implements MessageStore {
    private final MessageStore delegate;

    MaskedStore(MessageStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public boolean set(int sequence, String message) throws IOException {
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
