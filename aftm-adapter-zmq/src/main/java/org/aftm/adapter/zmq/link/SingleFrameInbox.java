package org.aftm.adapter.zmq.link;

import java.util.concurrent.atomic.AtomicLong;
import org.aftm.adapter.zmq.codec.MalformedMessageException;
import org.aftm.application.text.UntrustedText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZMQ;

/**
 * Takes single-frame messages off a socket without blocking and decodes them into a reused buffer.
 * A frame that cannot be a message (extra frames, too long, undecodable) is dropped, counted and
 * logged (the first ten, then every thousandth), never thrown: a bad peer must not stop the
 * receiving loop.
 *
 * <p>Not thread-safe: the socket's owner calls {@link #next()}. {@link #malformed()} may be read
 * from any thread.
 *
 * @param <T> the decoded message
 */
public final class SingleFrameInbox<T> {

  /** Decodes one frame. */
  @FunctionalInterface
  public interface Decoder<T> {
    T decode(byte[] frame, int offset, int length) throws MalformedMessageException;
  }

  private static final Logger LOG = LoggerFactory.getLogger(SingleFrameInbox.class);

  private final ZMQ.Socket socket;
  private final Decoder<T> decoder;
  private final int maxLength;
  private final String kind;
  private final String endpoint;

  /** One byte longer than any valid frame, so a too-long frame is seen as such, not truncated. */
  private final byte[] frame;

  private final AtomicLong malformed = new AtomicLong();

  /**
   * @param maxLength the longest valid encoded message
   * @param kind what the messages are, for log lines ("tick", "signal")
   * @param endpoint the socket's endpoint, for log lines
   */
  public SingleFrameInbox(
      ZMQ.Socket socket, Decoder<T> decoder, int maxLength, String kind, String endpoint) {
    this.socket = socket;
    this.decoder = decoder;
    this.maxLength = maxLength;
    this.kind = kind;
    this.endpoint = endpoint;
    this.frame = new byte[maxLength + 1];
  }

  /** The next well-formed message, or {@code null} when none is waiting. */
  public T next() {
    while (true) {
      int length = socket.recv(frame, 0, frame.length, ZMQ.DONTWAIT);
      if (length < 0) {
        return null;
      }
      // One option read per message in the usual single-frame case.
      boolean multipart = socket.hasReceiveMore();
      if (multipart) {
        do {
          socket.recv(frame, 0, frame.length, ZMQ.DONTWAIT);
        } while (socket.hasReceiveMore());
      }
      try {
        if (multipart) {
          throw new MalformedMessageException(kind + " message has more than one frame");
        }
        if (length > maxLength) {
          throw new MalformedMessageException(
              kind + " frame of " + length + " bytes, longer than any valid " + kind);
        }
        return decoder.decode(frame, 0, length);
      } catch (MalformedMessageException e) {
        long count = malformed.incrementAndGet();
        if (count <= 10 || count % 1000 == 0) {
          LOG.warn(
              "Dropped malformed {} frame on {} ({} so far): {}",
              kind,
              endpoint,
              count,
              UntrustedText.oneLine(String.valueOf(e.getMessage()), UntrustedText.MAX_CHARS));
        }
      }
    }
  }

  public long malformed() {
    return malformed.get();
  }
}
