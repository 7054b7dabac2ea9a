package org.aftm.adapter.zmq.codec;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Tick;
import org.aftm.domain.model.TickEvent;

/**
 * The binary tick frame (docs/architecture.md §2.2), version 1, big-endian, one ZeroMQ frame per
 * tick:
 *
 * <pre>
 * offset size field
 *   0     1   message type 'T' (0x54)
 *   1     1   version 1
 *   2     1   item code length n (1..{@value #MAX_ITEM_CODE_BYTES})
 *   3     n   item code, UTF-8
 *   3+n   8   sequence (per instrument, &gt;= 1)
 *  11+n   8   price units (1/10,000 of a point, |units| &lt;= Price.MAX_UNITS)
 *  19+n   8   quantity (lots, &gt;= 0)
 *  27+n   8   exchange time, epoch milliseconds
 *  35+n   8   publish time, System.nanoTime()
 * </pre>
 *
 * <p>Ticks of one instrument that leave together travel in one <b>batch frame</b> instead, so they
 * cost one ZeroMQ message (one CURVE encryption, one wake-up) rather than one each, and a few bytes
 * each rather than a whole frame (CURVE's pure-Java cipher costs per byte as well as per message):
 *
 * <pre>
 * offset size  field
 *   0     1    message type 'B' (0x42)
 *   1     1    version 1
 *   2     1    item code length n (1..{@value #MAX_ITEM_CODE_BYTES})
 *   3     n    item code, UTF-8
 *   3+n   1    tick count c (1..{@value #MAX_BATCH_TICKS})
 *   4+n   8    sequence of the first tick (&gt;= 1); tick i has first + i
 *  12+n   8    publish time of every tick, System.nanoTime()
 *  20+n   ...  per tick, in order: price units - previous price units (zigzag varint),
 *              quantity (varint), exchange time - previous exchange time (zigzag varint);
 *              "previous" is 0 for the first tick
 * </pre>
 *
 * <p>A varint is 7 bits a byte, least significant first, the high bit set on every byte but the
 * last, in the fewest bytes (at most 10); zigzag maps a signed difference to an unsigned one (0,
 * -1, 1, -2 … to 0, 1, 2, 3 …), both as in Protocol Buffers. Differences wrap in 64 bits, so every
 * value round-trips exactly. A batch therefore holds ticks with consecutive sequence numbers and
 * one publish time, which is what {@link org.aftm.adapter.zmq.out.MarketDataPublisher} hands over
 * together; a run that breaks either goes as another frame. A count out of range, an overlong or
 * unterminated varint, a sequence that would overflow, a value out of range or a byte left over is
 * malformed and refuses the whole batch.
 *
 * <p>The first {@code 3 + n} bytes are the topic: a SUB socket that subscribes to {@link
 * #topic(String)} and {@link #batchTopic(String)} receives exactly that instrument, because the
 * length byte stops "TXF" from matching "TXFD". Stateless and thread-safe.
 */
public final class TickCodec {

  /** First byte of every tick frame. */
  public static final byte MESSAGE_TYPE = 'T';

  /** The version this codec writes and reads. */
  public static final byte VERSION = 1;

  /** Longest item code, in UTF-8 bytes. */
  public static final int MAX_ITEM_CODE_BYTES = 32;

  /** Longest tick frame this codec writes: size a reused buffer with it. */
  public static final int MAX_ENCODED_LENGTH = 3 + MAX_ITEM_CODE_BYTES + 5 * Long.BYTES;

  /** First byte of every batch frame; not 'T', so a tick topic does not select batches. */
  public static final byte BATCH_MESSAGE_TYPE = 'B';

  /** Most ticks in one batch frame; longer runs go as several frames. */
  public static final int MAX_BATCH_TICKS = 64;

  /** Most bytes one tick takes in a batch frame: three varints of at most 10 bytes. */
  static final int MAX_BATCH_TICK_BYTES = 3 * 10;

  /**
   * Longest batch frame, and so the longest frame of either kind: size a receive buffer with it.
   */
  public static final int MAX_BATCH_ENCODED_LENGTH =
      4 + MAX_ITEM_CODE_BYTES + 2 * Long.BYTES + MAX_BATCH_TICKS * MAX_BATCH_TICK_BYTES;

  private TickCodec() {}

  /**
   * Writes {@code tick} at the buffer's position and advances it.
   *
   * @return the number of bytes written
   * @throws IllegalArgumentException when the tick cannot be sent (empty or too long item code,
   *     sequence &lt; 1, negative quantity, price out of range); the buffer is then unchanged
   * @throws java.nio.BufferOverflowException when fewer than {@link #MAX_ENCODED_LENGTH} bytes
   *     remain and the tick does not fit
   */
  public static int encode(Tick tick, ByteBuffer target) {
    validate(tick);
    int start = target.position();
    try {
      target.put(MESSAGE_TYPE).put(VERSION);
      WireText.write(target, "item code", tick.itemCode(), MAX_ITEM_CODE_BYTES);
      target
          .putLong(tick.sequence())
          .putLong(tick.priceUnits())
          .putLong(tick.quantity())
          .putLong(tick.exchangeTimeMillis())
          .putLong(tick.publishNanos());
    } catch (RuntimeException e) {
      target.position(start);
      throw e;
    }
    return target.position() - start;
  }

  /**
   * Whether {@code next} may follow {@code previous} in one batch frame: the same instrument, the
   * next sequence number and the same publish time.
   */
  public static boolean continuesBatch(Tick previous, Tick next) {
    return next.sequence() == previous.sequence() + 1
        && next.publishNanos() == previous.publishNanos()
        && next.itemCode().equals(previous.itemCode());
  }

  /**
   * Writes {@code ticks[from, to)} as one batch frame at the buffer's position and advances it.
   *
   * @return the number of bytes written
   * @throws IllegalArgumentException when the run is empty or longer than {@value
   *     #MAX_BATCH_TICKS}, a tick does not {@link #continuesBatch continue} the one before, or a
   *     tick cannot be sent; the buffer is then unchanged
   * @throws java.nio.BufferOverflowException when the frame does not fit
   */
  public static int encodeBatch(Tick[] ticks, int from, int to, ByteBuffer target) {
    int count = to - from;
    if (count < 1 || count > MAX_BATCH_TICKS) {
      throw new IllegalArgumentException(
          "a tick batch holds 1.." + MAX_BATCH_TICKS + " ticks, not " + count);
    }
    for (int i = from; i < to; i++) {
      validate(ticks[i]);
      if (i > from && !continuesBatch(ticks[i - 1], ticks[i])) {
        throw new IllegalArgumentException(
            "a tick batch holds one instrument's consecutive ticks with one publish time: "
                + ticks[i - 1].toEvent()
                + " then "
                + ticks[i].toEvent());
      }
    }
    Tick first = ticks[from];
    int start = target.position();
    try {
      target.put(BATCH_MESSAGE_TYPE).put(VERSION);
      WireText.write(target, "item code", first.itemCode(), MAX_ITEM_CODE_BYTES);
      target.put((byte) count).putLong(first.sequence()).putLong(first.publishNanos());
      long price = 0;
      long time = 0;
      for (int i = from; i < to; i++) {
        Tick tick = ticks[i];
        putVarLong(target, zigzag(tick.priceUnits() - price));
        putVarLong(target, tick.quantity());
        putVarLong(target, zigzag(tick.exchangeTimeMillis() - time));
        price = tick.priceUnits();
        time = tick.exchangeTimeMillis();
      }
    } catch (RuntimeException e) {
      target.position(start);
      throw e;
    }
    return target.position() - start;
  }

  private static long zigzag(long value) {
    return (value << 1) ^ (value >> 63);
  }

  private static long unzigzag(long value) {
    return (value >>> 1) ^ -(value & 1);
  }

  /** Unsigned LEB128 in the fewest bytes. */
  private static void putVarLong(ByteBuffer target, long value) {
    while ((value & ~0x7FL) != 0) {
      target.put((byte) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    target.put((byte) value);
  }

  /** Encodes the ticks, all of one instrument, as one batch frame in a new array. */
  public static byte[] encodeBatch(List<? extends Tick> ticks) {
    ByteBuffer buffer = ByteBuffer.allocate(MAX_BATCH_ENCODED_LENGTH);
    int length = encodeBatch(ticks.toArray(new Tick[0]), 0, ticks.size(), buffer);
    byte[] frame = new byte[length];
    buffer.flip().get(frame);
    return frame;
  }

  /** Encodes {@code tick} into a new array of exactly its length. */
  public static byte[] encode(Tick tick) {
    ByteBuffer buffer = ByteBuffer.allocate(MAX_ENCODED_LENGTH);
    int length = encode(tick, buffer);
    byte[] frame = new byte[length];
    buffer.flip().get(frame);
    return frame;
  }

  public static TickEvent decode(byte[] frame) throws MalformedMessageException {
    return decode(frame, 0, frame == null ? 0 : frame.length);
  }

  /**
   * Decodes the frame in {@code frame[offset, offset + length)}.
   *
   * @throws MalformedMessageException naming what is wrong; nothing else for any input
   */
  public static TickEvent decode(byte[] frame, int offset, int length)
      throws MalformedMessageException {
    return decode(frame, offset, length, new DecodedTick()).toEvent();
  }

  /**
   * Decodes the frame in {@code frame[offset, offset + length)} into {@code into}, allocating
   * nothing when the item code is one {@code into} has seen: the receiving hot path.
   *
   * @return {@code into}; on a malformed frame its fields are undefined
   * @throws MalformedMessageException naming what is wrong; nothing else for any input
   */
  public static DecodedTick decode(byte[] frame, int offset, int length, DecodedTick into)
      throws MalformedMessageException {
    FrameReader reader = into.reader.wrap(frame, offset, length);
    reader.readHeader(MESSAGE_TYPE, VERSION);
    String itemCode = reader.readText("item code", MAX_ITEM_CODE_BYTES, into.itemCodes);
    long sequence = reader.readLong("sequence");
    long priceUnits = reader.readLong("price");
    long quantity = reader.readLong("quantity");
    long exchangeTimeMillis = reader.readLong("exchange time");
    long publishNanos = reader.readLong("publish time");
    reader.expectEnd();
    checkDecoded(itemCode, sequence, priceUnits, quantity);
    into.itemCode = itemCode;
    into.sequence = sequence;
    into.priceUnits = priceUnits;
    into.quantity = quantity;
    into.exchangeTimeMillis = exchangeTimeMillis;
    into.publishNanos = publishNanos;
    return into;
  }

  /**
   * Decodes a tick frame or a batch frame in {@code frame[offset, offset + length)} into {@code
   * into}, checking every tick before any is handed on, so a malformed batch is refused whole.
   * Allocates nothing when the item code is one {@code into} has seen.
   *
   * @return {@code into}; on a malformed frame its contents are undefined
   * @throws MalformedMessageException naming what is wrong; nothing else for any input
   */
  public static DecodedTicks decodeFrame(byte[] frame, int offset, int length, DecodedTicks into)
      throws MalformedMessageException {
    FrameReader reader = into.reader.wrap(frame, offset, length);
    byte type = reader.readByte("message type");
    if (type == MESSAGE_TYPE) {
      reader.readVersion(VERSION);
      into.itemCode = reader.readText("item code", MAX_ITEM_CODE_BYTES, into.itemCodes);
      readTick(reader, into, 0);
      reader.expectEnd();
      into.count = 1;
      return into;
    }
    if (type != BATCH_MESSAGE_TYPE) {
      throw new MalformedMessageException(
          String.format(
              "not a tick frame: message type 0x%02x, expected 0x%02x or 0x%02x",
              type & 0xFF, MESSAGE_TYPE, BATCH_MESSAGE_TYPE));
    }
    reader.readVersion(VERSION);
    into.itemCode = reader.readText("item code", MAX_ITEM_CODE_BYTES, into.itemCodes);
    int count = reader.readByte("tick count") & 0xFF;
    if (count < 1 || count > MAX_BATCH_TICKS) {
      throw new MalformedMessageException(
          "tick batch for "
              + into.itemCode
              + " declares "
              + count
              + " ticks, must be 1.."
              + MAX_BATCH_TICKS);
    }
    long firstSequence = reader.readLong("first sequence");
    long publishNanos = reader.readLong("publish time");
    if (firstSequence < 1 || firstSequence > Long.MAX_VALUE - (count - 1)) {
      throw new MalformedMessageException(
          "tick batch for "
              + into.itemCode
              + " starts at sequence "
              + firstSequence
              + ", must be >= 1 and leave room for "
              + count
              + " ticks");
    }
    long price = 0;
    long time = 0;
    for (int i = 0; i < count; i++) {
      price += unzigzag(reader.readVarLong("price"));
      long quantity = reader.readVarLong("quantity");
      time += unzigzag(reader.readVarLong("exchange time"));
      checkDecoded(into.itemCode, firstSequence + i, price, quantity);
      into.sequences[i] = firstSequence + i;
      into.priceUnits[i] = price;
      into.quantities[i] = quantity;
      into.exchangeTimesMillis[i] = time;
      into.publishNanos[i] = publishNanos;
    }
    reader.expectEnd();
    into.count = count;
    return into;
  }

  /** Decodes a tick frame or a batch frame into new events, in order. */
  public static List<TickEvent> decodeFrame(byte[] frame) throws MalformedMessageException {
    DecodedTicks ticks =
        decodeFrame(frame, 0, frame == null ? 0 : frame.length, new DecodedTicks());
    List<TickEvent> events = new ArrayList<>(ticks.count());
    for (int i = 0; i < ticks.count(); i++) {
      events.add(ticks.tick(i).toEvent());
    }
    return events;
  }

  private static void readTick(FrameReader reader, DecodedTicks into, int index)
      throws MalformedMessageException {
    long sequence = reader.readLong("sequence");
    long priceUnits = reader.readLong("price");
    long quantity = reader.readLong("quantity");
    long exchangeTimeMillis = reader.readLong("exchange time");
    long publishNanos = reader.readLong("publish time");
    checkDecoded(into.itemCode, sequence, priceUnits, quantity);
    into.sequences[index] = sequence;
    into.priceUnits[index] = priceUnits;
    into.quantities[index] = quantity;
    into.exchangeTimesMillis[index] = exchangeTimeMillis;
    into.publishNanos[index] = publishNanos;
  }

  private static void checkDecoded(String itemCode, long sequence, long priceUnits, long quantity)
      throws MalformedMessageException {
    if (sequence < 1) {
      throw new MalformedMessageException(
          "tick frame for " + itemCode + " has sequence " + sequence + ", must be >= 1");
    }
    if (priceUnits > Price.MAX_UNITS || priceUnits < -Price.MAX_UNITS) {
      throw new MalformedMessageException(
          "tick frame for " + itemCode + " has price units out of range: " + priceUnits);
    }
    if (quantity < 0) {
      throw new MalformedMessageException(
          "tick frame for " + itemCode + " has negative quantity " + quantity);
    }
  }

  /**
   * The subscription prefix that selects one instrument's batch frames; subscribe to it as well as
   * to {@link #topic(String)}.
   *
   * @throws IllegalArgumentException when the item code is empty or too long
   */
  public static byte[] batchTopic(String itemCode) {
    byte[] topic = topic(itemCode);
    topic[0] = BATCH_MESSAGE_TYPE;
    return topic;
  }

  /**
   * The subscription prefix that selects one instrument's ticks.
   *
   * @throws IllegalArgumentException when the item code is empty or too long
   */
  public static byte[] topic(String itemCode) {
    byte[] text = WireText.prefixed("item code", itemCode, MAX_ITEM_CODE_BYTES);
    byte[] topic = new byte[2 + text.length];
    topic[0] = MESSAGE_TYPE;
    topic[1] = VERSION;
    System.arraycopy(text, 0, topic, 2, text.length);
    return topic;
  }

  private static void validate(Tick tick) {
    if (tick.sequence() < 1) {
      throw new IllegalArgumentException("tick sequence must be >= 1 but was " + tick.sequence());
    }
    if (tick.priceUnits() > Price.MAX_UNITS || tick.priceUnits() < -Price.MAX_UNITS) {
      throw new IllegalArgumentException("tick price units out of range: " + tick.priceUnits());
    }
    if (tick.quantity() < 0) {
      throw new IllegalArgumentException("tick quantity must be >= 0 but was " + tick.quantity());
    }
  }
}
