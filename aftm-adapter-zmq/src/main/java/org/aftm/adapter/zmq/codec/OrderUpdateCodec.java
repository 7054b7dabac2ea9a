package org.aftm.adapter.zmq.codec;

import java.nio.ByteBuffer;
import org.aftm.domain.condition.ConditionCommand;
import org.aftm.domain.order.OrderState;
import org.aftm.domain.order.OrderUpdate;

/**
 * The binary frames of the order-update channel (main process to strategy), version 1, big-endian,
 * one ZeroMQ frame per message. Two kinds share one sequence:
 *
 * <pre>
 * order update
 * size field
 *   1  message type 'U' (0x55)
 *   1  version 1
 *   8  publisher session id
 *   8  sequence (&gt;= 1)
 *   1+ client order id: length (1..{@value #MAX_CLIENT_ORDER_ID_BYTES}) then UTF-8
 *   1  state (see below)
 *   4  quantity (lots, &gt;= 0)
 *   4  filled quantity (0..quantity)
 *   8  filled cost: the sum of price units × lots over the fills
 *   1+ error code: length (0..{@value #MAX_ERROR_CODE_BYTES}) then UTF-8
 *   1+ reason: length (0..{@value #MAX_REASON_BYTES}) then UTF-8
 *
 * condition command ({@value #COMMAND_LENGTH} bytes for added and deleted)
 * size field
 *   1  message type 'C' (0x43)
 *   1  version 1
 *   8  publisher session id
 *   8  sequence (&gt;= 1)
 *   8  command id (&gt; 0)
 *   1  change: 1 added, 2 deleted, 3 closed
 *   8  condition id
 *      closed only:
 *   4  lots (&gt; 0)
 *   8  average price units (&gt; 0)
 *   4  the condition's exit fills counting these lots (&gt;= lots)
 *   1+ closing client order id: length (1..{@value #MAX_CLIENT_ORDER_ID_BYTES}) then UTF-8
 * </pre>
 *
 * <p>States have explicit codes, not ordinals: 1 submitted, 2 accepted, 3 partially filled, 4
 * filled, 5 rejected, 6 cancelled, 7 expired, 8 unknown. The session id is a random number the
 * publisher chooses when it starts, so a subscriber recognises a restarted publisher even though
 * its sequence starts at 1 again.
 *
 * <p>An error code or reason longer than its limit is cut at the last whole UTF-8 character that
 * fits (they are for people); a client order id is never cut: one too long is refused. Stateless
 * and thread-safe.
 */
public final class OrderUpdateCodec {

  /** First byte of an order update frame. */
  public static final byte UPDATE_TYPE = 'U';

  /** First byte of a condition command frame. */
  public static final byte COMMAND_TYPE = 'C';

  /** The version this codec writes and reads. */
  public static final byte VERSION = 1;

  /** Longest client order id, in UTF-8 bytes: {@code OrderRequest.MAX_TEXT_LENGTH} ASCII chars. */
  public static final int MAX_CLIENT_ORDER_ID_BYTES = 128;

  /** Longest error code, in UTF-8 bytes; longer ones are cut. */
  public static final int MAX_ERROR_CODE_BYTES = 64;

  /** Longest reason, in UTF-8 bytes; longer ones are cut. */
  public static final int MAX_REASON_BYTES = 255;

  /** Length of an added or deleted condition command frame. */
  public static final int COMMAND_LENGTH = 2 + 4 * Long.BYTES + 1;

  /** Longest condition command frame: a closed one with the longest closing order id. */
  public static final int MAX_COMMAND_LENGTH =
      COMMAND_LENGTH + 2 * Integer.BYTES + Long.BYTES + 1 + MAX_CLIENT_ORDER_ID_BYTES;

  /** Longest frame this codec writes: size a reused buffer with it. */
  public static final int MAX_ENCODED_LENGTH =
      2
          + 2 * Long.BYTES
          + 1
          + MAX_CLIENT_ORDER_ID_BYTES
          + 1
          + 2 * Integer.BYTES
          + Long.BYTES
          + 1
          + MAX_ERROR_CODE_BYTES
          + 1
          + MAX_REASON_BYTES;

  private static final String FRAME = "order-update";
  private static final byte[] TYPES = {UPDATE_TYPE, COMMAND_TYPE};

  private OrderUpdateCodec() {}

  /**
   * Writes an order update at the buffer's position and advances it.
   *
   * @return the number of bytes written
   * @throws IllegalArgumentException when the update cannot be sent (sequence &lt; 1, client order
   *     id empty, too long or not encodable); the buffer is then unchanged
   */
  public static int encode(long sessionId, long sequence, OrderUpdate update, ByteBuffer target) {
    checkSequence(sequence);
    int start = target.position();
    try {
      target.put(UPDATE_TYPE).put(VERSION).putLong(sessionId).putLong(sequence);
      WireText.write(target, "client order id", update.clientOrderId(), MAX_CLIENT_ORDER_ID_BYTES);
      target
          .put(stateCode(update.state()))
          .putInt(update.quantity())
          .putInt(update.filledQuantity())
          .putLong(update.filledCostUnits());
      WireText.writeTruncated(target, "error code", update.errorCode(), MAX_ERROR_CODE_BYTES);
      WireText.writeTruncated(target, "reason", update.reason(), MAX_REASON_BYTES);
    } catch (RuntimeException e) {
      target.position(start);
      throw e;
    }
    return target.position() - start;
  }

  /**
   * Writes a condition command at the buffer's position and advances it.
   *
   * @return the number of bytes written: {@link #COMMAND_LENGTH} for added and deleted
   * @throws IllegalArgumentException when the sequence is &lt; 1, or a closing order id cannot be
   *     encoded; the buffer is then unchanged
   */
  public static int encode(
      long sessionId, long sequence, ConditionCommand command, ByteBuffer target) {
    checkSequence(sequence);
    int start = target.position();
    try {
      target
          .put(COMMAND_TYPE)
          .put(VERSION)
          .putLong(sessionId)
          .putLong(sequence)
          .putLong(command.commandId())
          .put(changeCode(command.change()))
          .putLong(command.conditionId());
      if (command.change() == ConditionCommand.Change.CLOSED) {
        target
            .putInt(command.lots())
            .putLong(command.priceUnits())
            .putInt(command.exitFilledAfter());
        WireText.write(
            target, "closing client order id", command.closedBy(), MAX_CLIENT_ORDER_ID_BYTES);
      }
    } catch (RuntimeException e) {
      target.position(start);
      throw e;
    }
    return target.position() - start;
  }

  /** Encodes an order update into a new array of exactly the frame's length. */
  public static byte[] encode(long sessionId, long sequence, OrderUpdate update) {
    ByteBuffer buffer = ByteBuffer.allocate(MAX_ENCODED_LENGTH);
    return copy(buffer, encode(sessionId, sequence, update, buffer));
  }

  /** Encodes a condition command into a new array of exactly the frame's length. */
  public static byte[] encode(long sessionId, long sequence, ConditionCommand command) {
    ByteBuffer buffer = ByteBuffer.allocate(MAX_COMMAND_LENGTH);
    return copy(buffer, encode(sessionId, sequence, command, buffer));
  }

  /** Encodes either kind of message. */
  public static byte[] encode(SequencedOrderMessage message) {
    return message.isCommand()
        ? encode(message.sessionId(), message.sequence(), message.command())
        : encode(message.sessionId(), message.sequence(), message.update());
  }

  public static SequencedOrderMessage decode(byte[] frame) throws MalformedMessageException {
    return decode(frame, 0, frame == null ? 0 : frame.length);
  }

  /**
   * Decodes the frame in {@code frame[offset, offset + length)}.
   *
   * @throws MalformedMessageException naming what is wrong; nothing else for any input
   */
  public static SequencedOrderMessage decode(byte[] frame, int offset, int length)
      throws MalformedMessageException {
    FrameReader reader = new FrameReader(FRAME, frame, offset, length);
    byte type = reader.readHeader(TYPES, VERSION);
    long sessionId = reader.readLong("session id");
    long sequence = reader.readLong("sequence");
    if (sequence < 1) {
      throw new MalformedMessageException(
          "order-update frame has sequence " + sequence + ", must be >= 1");
    }
    return type == COMMAND_TYPE
        ? SequencedOrderMessage.of(sessionId, sequence, command(reader))
        : SequencedOrderMessage.of(sessionId, sequence, update(reader));
  }

  private static OrderUpdate update(FrameReader reader) throws MalformedMessageException {
    String clientOrderId = reader.readText("client order id", MAX_CLIENT_ORDER_ID_BYTES);
    OrderState state = state(reader.readByte("state"));
    int quantity = reader.readInt("quantity");
    int filledQuantity = reader.readInt("filled quantity");
    long filledCostUnits = reader.readLong("filled cost");
    String errorCode = reader.readOptionalText("error code", MAX_ERROR_CODE_BYTES);
    String reason = reader.readOptionalText("reason", MAX_REASON_BYTES);
    reader.expectEnd();
    if (quantity < 0) {
      throw new MalformedMessageException(
          "order-update frame for "
              + clientOrderId
              + " has quantity "
              + quantity
              + ", must be >= 0");
    }
    if (filledQuantity < 0 || filledQuantity > quantity) {
      throw new MalformedMessageException(
          "order-update frame for "
              + clientOrderId
              + " has filled quantity "
              + filledQuantity
              + ", must be 0.."
              + quantity);
    }
    return new OrderUpdate(
        clientOrderId, state, quantity, filledQuantity, filledCostUnits, errorCode, reason);
  }

  private static ConditionCommand command(FrameReader reader) throws MalformedMessageException {
    long commandId = reader.readLong("command id");
    ConditionCommand.Change change = change(reader.readByte("change"));
    long conditionId = reader.readLong("condition id");
    if (change != ConditionCommand.Change.CLOSED) {
      reader.expectEnd();
      if (commandId <= 0) {
        throw new MalformedMessageException(
            "condition command frame has command id " + commandId + ", must be > 0");
      }
      return new ConditionCommand(commandId, change, conditionId);
    }
    int lots = reader.readInt("lots");
    long priceUnits = reader.readLong("price");
    int exitFilledAfter = reader.readInt("exit filled after");
    String closedBy = reader.readText("closing client order id", MAX_CLIENT_ORDER_ID_BYTES);
    reader.expectEnd();
    try {
      return ConditionCommand.closed(
          commandId, conditionId, lots, priceUnits, exitFilledAfter, closedBy);
    } catch (IllegalArgumentException e) {
      throw new MalformedMessageException("condition command frame: " + e.getMessage());
    }
  }

  private static void checkSequence(long sequence) {
    if (sequence < 1) {
      throw new IllegalArgumentException("sequence must be >= 1 but was " + sequence);
    }
  }

  private static byte[] copy(ByteBuffer buffer, int length) {
    byte[] frame = new byte[length];
    buffer.flip().get(frame);
    return frame;
  }

  private static byte stateCode(OrderState state) {
    return switch (state) {
      case SUBMITTED -> 1;
      case ACCEPTED -> 2;
      case PARTIALLY_FILLED -> 3;
      case FILLED -> 4;
      case REJECTED -> 5;
      case CANCELLED -> 6;
      case EXPIRED -> 7;
      case UNKNOWN -> 8;
    };
  }

  private static OrderState state(byte code) throws MalformedMessageException {
    return switch (code) {
      case 1 -> OrderState.SUBMITTED;
      case 2 -> OrderState.ACCEPTED;
      case 3 -> OrderState.PARTIALLY_FILLED;
      case 4 -> OrderState.FILLED;
      case 5 -> OrderState.REJECTED;
      case 6 -> OrderState.CANCELLED;
      case 7 -> OrderState.EXPIRED;
      case 8 -> OrderState.UNKNOWN;
      default ->
          throw new MalformedMessageException(
              "order-update frame has unknown state code " + (code & 0xFF));
    };
  }

  private static byte changeCode(ConditionCommand.Change change) {
    return switch (change) {
      case ADDED -> 1;
      case DELETED -> 2;
      case CLOSED -> 3;
    };
  }

  private static ConditionCommand.Change change(byte code) throws MalformedMessageException {
    return switch (code) {
      case 1 -> ConditionCommand.Change.ADDED;
      case 2 -> ConditionCommand.Change.DELETED;
      case 3 -> ConditionCommand.Change.CLOSED;
      default ->
          throw new MalformedMessageException(
              "condition command frame has unknown change code " + (code & 0xFF));
    };
  }
}
