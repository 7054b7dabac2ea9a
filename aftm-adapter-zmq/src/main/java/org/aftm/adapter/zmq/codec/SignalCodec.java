package org.aftm.adapter.zmq.codec;

import java.nio.ByteBuffer;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.strategy.Signal;
import org.aftm.domain.strategy.SignalReason;

/**
 * The binary signal frame (docs/architecture.md §2.2), version 2, big-endian, one ZeroMQ frame per
 * signal:
 *
 * <pre>
 * size field
 *   1  message type 'S' (0x53)
 *   1  version 1
 *   8  sender sequence (&gt;= 1)
 *   1+ signal id: length (1..{@value #MAX_SIGNAL_ID_BYTES}) then UTF-8
 *   8  condition id
 *   1+ item code: length (1..{@value #MAX_ITEM_CODE_BYTES}) then UTF-8
 *   1  side: 1 buy, 2 sell
 *   4  quantity (lots, &gt; 0)
 *   1  reason: 1 entry, 2 take profit, 3 stop loss
 *   8  price units of the causing tick
 *   8  sequence of the causing tick
 *   8  exchange time of the causing tick, epoch milliseconds
 *   8  publish time of the causing tick, System.nanoTime()
 *   8  signal creation time, System.nanoTime()
 *   1+ closes signal id: length (0 for an entry, else 1..{@value #MAX_SIGNAL_ID_BYTES}) then UTF-8:
 *      the entry attempt whose lots an exit closes
 * </pre>
 *
 * <p>Version 2 added the closes signal id, since entries have attempts: an exit must name the one
 * that filled.
 *
 * <p>Side and reason have explicit codes, not enum ordinals, so reordering an enum never changes
 * the wire. Stateless and thread-safe.
 */
public final class SignalCodec {

  /** First byte of every signal frame. */
  public static final byte MESSAGE_TYPE = 'S';

  /** The version this codec writes and reads. */
  public static final byte VERSION = 2;

  /** Longest signal id, in UTF-8 bytes. */
  public static final int MAX_SIGNAL_ID_BYTES = 64;

  /** Longest item code, in UTF-8 bytes. */
  public static final int MAX_ITEM_CODE_BYTES = TickCodec.MAX_ITEM_CODE_BYTES;

  /** Longest frame this codec writes: size a reused buffer with it. */
  public static final int MAX_ENCODED_LENGTH =
      2
          + 8
          + 1
          + MAX_SIGNAL_ID_BYTES
          + 8
          + 1
          + MAX_ITEM_CODE_BYTES
          + 1
          + 4
          + 1
          + 6 * Long.BYTES
          + 1
          + MAX_SIGNAL_ID_BYTES;

  private static final String FRAME = "signal";

  private SignalCodec() {}

  /**
   * Writes the signal at the buffer's position and advances it.
   *
   * @return the number of bytes written
   * @throws IllegalArgumentException when the signal cannot be sent (sequence &lt; 1, empty or too
   *     long id or item code, price out of range); the buffer is then unchanged
   */
  public static int encode(long senderSequence, Signal signal, ByteBuffer target) {
    if (senderSequence < 1) {
      throw new IllegalArgumentException("sender sequence must be >= 1 but was " + senderSequence);
    }
    if (signal.priceUnits() > Price.MAX_UNITS || signal.priceUnits() < -Price.MAX_UNITS) {
      throw new IllegalArgumentException("signal price units out of range: " + signal.priceUnits());
    }
    int start = target.position();
    try {
      target.put(MESSAGE_TYPE).put(VERSION).putLong(senderSequence);
      WireText.write(target, "signal id", signal.signalId(), MAX_SIGNAL_ID_BYTES);
      target.putLong(signal.conditionId());
      WireText.write(target, "item code", signal.itemCode(), MAX_ITEM_CODE_BYTES);
      target
          .put(sideCode(signal.side()))
          .putInt(signal.quantity())
          .put(reasonCode(signal.reason()))
          .putLong(signal.priceUnits())
          .putLong(signal.tickSequence())
          .putLong(signal.exchangeTimeMillis())
          .putLong(signal.tickPublishNanos())
          .putLong(signal.createdNanos());
      if (signal.closesSignalId() == null) {
        target.put((byte) 0);
      } else {
        WireText.write(target, "closes signal id", signal.closesSignalId(), MAX_SIGNAL_ID_BYTES);
      }
    } catch (RuntimeException e) {
      target.position(start);
      throw e;
    }
    return target.position() - start;
  }

  /** Encodes into a new array of exactly the frame's length. */
  public static byte[] encode(long senderSequence, Signal signal) {
    ByteBuffer buffer = ByteBuffer.allocate(MAX_ENCODED_LENGTH);
    int length = encode(senderSequence, signal, buffer);
    byte[] frame = new byte[length];
    buffer.flip().get(frame);
    return frame;
  }

  public static SequencedSignal decode(byte[] frame) throws MalformedMessageException {
    return decode(frame, 0, frame == null ? 0 : frame.length);
  }

  /**
   * Decodes the frame in {@code frame[offset, offset + length)}.
   *
   * @throws MalformedMessageException naming what is wrong; nothing else for any input
   */
  public static SequencedSignal decode(byte[] frame, int offset, int length)
      throws MalformedMessageException {
    FrameReader reader = new FrameReader(FRAME, frame, offset, length);
    reader.readHeader(MESSAGE_TYPE, VERSION);
    long senderSequence = reader.readLong("sender sequence");
    String signalId = reader.readText("signal id", MAX_SIGNAL_ID_BYTES);
    long conditionId = reader.readLong("condition id");
    String itemCode = reader.readText("item code", MAX_ITEM_CODE_BYTES);
    Side side = side(reader.readByte("side"));
    int quantity = reader.readInt("quantity");
    SignalReason reason = reason(reader.readByte("reason"));
    long priceUnits = reader.readLong("price");
    long tickSequence = reader.readLong("tick sequence");
    long exchangeTimeMillis = reader.readLong("exchange time");
    long tickPublishNanos = reader.readLong("tick publish time");
    long createdNanos = reader.readLong("created time");
    String closes = reader.readOptionalText("closes signal id", MAX_SIGNAL_ID_BYTES);
    reader.expectEnd();
    if (senderSequence < 1) {
      throw new MalformedMessageException(
          "signal frame has sender sequence " + senderSequence + ", must be >= 1");
    }
    if (quantity <= 0) {
      throw new MalformedMessageException(
          "signal frame " + signalId + " has quantity " + quantity + ", must be > 0");
    }
    if (priceUnits > Price.MAX_UNITS || priceUnits < -Price.MAX_UNITS) {
      throw new MalformedMessageException(
          "signal frame " + signalId + " has price units out of range: " + priceUnits);
    }
    if (reason.isExit() == closes.isEmpty()) {
      throw new MalformedMessageException(
          "signal frame "
              + signalId
              + (reason.isExit()
                  ? " is an exit but names no entry it closes"
                  : " is an entry but names an entry it closes"));
    }
    Signal signal =
        new Signal(
            signalId,
            conditionId,
            itemCode,
            side,
            quantity,
            reason,
            priceUnits,
            tickSequence,
            exchangeTimeMillis,
            tickPublishNanos,
            createdNanos,
            closes.isEmpty() ? null : closes);
    return new SequencedSignal(senderSequence, signal);
  }

  private static byte sideCode(Side side) {
    return switch (side) {
      case BUY -> 1;
      case SELL -> 2;
    };
  }

  private static Side side(byte code) throws MalformedMessageException {
    return switch (code) {
      case 1 -> Side.BUY;
      case 2 -> Side.SELL;
      default ->
          throw new MalformedMessageException(
              "signal frame has unknown side code " + (code & 0xFF));
    };
  }

  private static byte reasonCode(SignalReason reason) {
    return switch (reason) {
      case ENTRY -> 1;
      case TAKE_PROFIT -> 2;
      case STOP_LOSS -> 3;
    };
  }

  private static SignalReason reason(byte code) throws MalformedMessageException {
    return switch (code) {
      case 1 -> SignalReason.ENTRY;
      case 2 -> SignalReason.TAKE_PROFIT;
      case 3 -> SignalReason.STOP_LOSS;
      default ->
          throw new MalformedMessageException(
              "signal frame has unknown reason code " + (code & 0xFF));
    };
  }
}
