package org.aftm.adapter.zmq.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Tick;
import org.aftm.domain.model.TickEvent;

/** The batch frame: several ticks of one instrument in one message (docs/architecture.md §2.2). */
class TickBatchCodecProperties {

  @Property
  void shouldDecodeWhatItEncodesInOrder(@ForAll("batches") List<TickEvent> batch) throws Exception {
    assertThat(TickCodec.decodeFrame(TickCodec.encodeBatch(batch))).isEqualTo(batch);
  }

  @Property
  void shouldDecodeATickFrameAsAFrameOfOne(@ForAll("batches") List<TickEvent> batch)
      throws Exception {
    TickEvent tick = batch.get(0);
    assertThat(TickCodec.decodeFrame(TickCodec.encode(tick))).containsExactly(tick);
  }

  @Property
  void shouldEncodeASliceOfAnArrayAtTheBufferPosition(
      @ForAll("batches") List<TickEvent> batch, @ForAll @IntRange(max = 20) int offset)
      throws Exception {
    Tick[] array = new Tick[batch.size() + 2];
    array[0] = new TickEvent("OTHER", 1, 1, 1, 1, 1);
    for (int i = 0; i < batch.size(); i++) {
      array[i + 1] = batch.get(i);
    }
    array[array.length - 1] = new TickEvent("OTHER", 2, 1, 1, 1, 1);
    byte[] frame = new byte[offset + TickCodec.MAX_BATCH_ENCODED_LENGTH];
    ByteBuffer buffer = ByteBuffer.wrap(frame);
    buffer.position(offset);

    int length = TickCodec.encodeBatch(array, 1, batch.size() + 1, buffer);

    assertThat(buffer.position()).isEqualTo(offset + length);
    assertThat(TickCodec.decodeFrame(Arrays.copyOfRange(frame, offset, offset + length)))
        .isEqualTo(batch);
  }

  @Property
  void shouldDecodeEveryFrameIntoOneReusedView(
      @ForAll @Size(min = 1, max = 10) List<@net.jqwik.api.From("batches") List<TickEvent>> frames)
      throws Exception {
    DecodedTicks view = new DecodedTicks();
    for (List<TickEvent> batch : frames) {
      byte[] frame = TickCodec.encodeBatch(batch);
      assertThat(TickCodec.decodeFrame(frame, 0, frame.length, view)).isSameAs(view);
      List<TickEvent> decoded = new ArrayList<>();
      for (int i = 0; i < view.count(); i++) {
        assertThat(view.tick(i)).isSameAs(view.tick(0));
        decoded.add(view.tick(i).toEvent());
      }
      assertThat(decoded).isEqualTo(batch);
    }
  }

  @Property
  void shouldStartEveryBatchWithTheBatchTopicAndNotTheTickTopic(
      @ForAll("batches") List<TickEvent> batch) {
    byte[] frame = TickCodec.encodeBatch(batch);
    String itemCode = batch.get(0).itemCode();
    byte[] batchTopic = TickCodec.batchTopic(itemCode);
    assertThat(Arrays.copyOf(frame, batchTopic.length)).isEqualTo(batchTopic);
    assertThat(Arrays.copyOf(frame, batchTopic.length)).isNotEqualTo(TickCodec.topic(itemCode));
  }

  @Property
  void shouldRefuseEveryTruncatedBatch(@ForAll("batches") List<TickEvent> batch) {
    byte[] frame = TickCodec.encodeBatch(batch);
    DecodedTicks view = new DecodedTicks();
    for (int length = 0; length < frame.length; length++) {
      int cut = length;
      assertThatThrownBy(() -> TickCodec.decodeFrame(frame, 0, cut, view))
          .as("cut at %d of %d", cut, frame.length)
          .isInstanceOf(MalformedMessageException.class);
    }
  }

  @Property
  void shouldRefuseABatchWithTrailingBytes(
      @ForAll("batches") List<TickEvent> batch, @ForAll @IntRange(min = 1, max = 80) int extra) {
    byte[] valid = TickCodec.encodeBatch(batch);
    byte[] frame = Arrays.copyOf(valid, valid.length + extra);
    assertThatThrownBy(() -> TickCodec.decodeFrame(frame))
        .isInstanceOf(MalformedMessageException.class);
  }

  @Property
  void shouldRefuseACountThatDoesNotMatchTheLength(
      @ForAll("batches") List<TickEvent> batch, @ForAll @IntRange(min = 0, max = 255) int count) {
    byte[] frame = TickCodec.encodeBatch(batch);
    int countOffset = 3 + (frame[2] & 0xFF);
    if (count == batch.size()) {
      return;
    }
    frame[countOffset] = (byte) count;
    assertThatThrownBy(() -> TickCodec.decodeFrame(frame))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("tick");
  }

  @Property
  void shouldThrowOnlyMalformedMessageWhenOneByteOfABatchChanges(
      @ForAll("batches") List<TickEvent> batch,
      @ForAll @IntRange(min = 0) int index,
      @ForAll byte value) {
    byte[] frame = TickCodec.encodeBatch(batch);
    frame[index % frame.length] = value;
    assertDecodesOrIsMalformed(frame);
  }

  @Property(tries = 2000)
  void shouldThrowOnlyMalformedMessageForRandomBytesWithABatchHeader(
      @ForAll @Size(max = 300) byte[] body) {
    byte[] frame = new byte[body.length + 2];
    frame[0] = TickCodec.BATCH_MESSAGE_TYPE;
    frame[1] = TickCodec.VERSION;
    System.arraycopy(body, 0, frame, 2, body.length);
    assertDecodesOrIsMalformed(frame);
  }

  @Example
  void shouldNameAnOutOfRangeCount() {
    byte[] frame = TickCodec.encodeBatch(List.of(new TickEvent("TXF", 1, 1, 1, 1, 1)));
    frame[6] = 0;
    assertThatThrownBy(() -> TickCodec.decodeFrame(frame))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("declares 0 ticks");
    frame[6] = (byte) (TickCodec.MAX_BATCH_TICKS + 1);
    assertThatThrownBy(() -> TickCodec.decodeFrame(frame))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("declares " + (TickCodec.MAX_BATCH_TICKS + 1) + " ticks");
  }

  @Example
  void shouldRefuseTheWholeBatchWhenOneTickIsInvalid() {
    ByteBuffer frame = batchHeader(2, 1, 9);
    frame.put(new byte[] {2, 1, 2}); // price 1, quantity 1, exchange time 1
    frame.put(new byte[] {0, -128, -128, -128, -128, -128, -128, -128, -128, -128, 1, 0});
    assertThatThrownBy(() -> TickCodec.decodeFrame(Arrays.copyOf(frame.array(), frame.position())))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("negative quantity");
  }

  @Example
  void shouldRefuseAVarintInMoreBytesThanNeeded() {
    ByteBuffer frame = batchHeader(1, 1, 9);
    frame.put(new byte[] {(byte) 0x82, 0, 1, 2}); // price 1 in two bytes
    assertThatThrownBy(() -> TickCodec.decodeFrame(Arrays.copyOf(frame.array(), frame.position())))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("more bytes than needed");
  }

  @Example
  void shouldRefuseAVarintLongerThan64Bits() {
    ByteBuffer frame = batchHeader(1, 1, 9);
    frame.put(new byte[] {0, -128, -128, -128, -128, -128, -128, -128, -128, -128, 2, 0});
    assertThatThrownBy(() -> TickCodec.decodeFrame(Arrays.copyOf(frame.array(), frame.position())))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("longer than 64 bits");
  }

  @Example
  void shouldRefuseABatchWhoseSequencesWouldOverflow() {
    ByteBuffer frame = batchHeader(2, Long.MAX_VALUE, 9);
    frame.put(new byte[] {2, 1, 2, 0, 1, 0});
    assertThatThrownBy(() -> TickCodec.decodeFrame(Arrays.copyOf(frame.array(), frame.position())))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("leave room for 2 ticks");
  }

  @Example
  void shouldCarryATypicalTickInAFewBytes() throws Exception {
    List<TickEvent> batch = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      batch.add(
          new TickEvent(
              "TXF", 1_000 + i, Price.ofPoints(22_000 + i % 3).units(), 1, 1_700_000_000_000L, 7));
    }
    byte[] frame = TickCodec.encodeBatch(batch);
    assertThat(TickCodec.decodeFrame(frame)).isEqualTo(batch);
    // Against 43 bytes a tick in tick frames: the first tick carries the absolute values.
    assertThat(frame.length).isLessThan(4 + 3 + 16 + 20 + 49 * 5);
  }

  @Example
  void shouldRefuseToEncodeAnEmptyAnOverlongOrABrokenRun() {
    ByteBuffer buffer = ByteBuffer.allocate(TickCodec.MAX_BATCH_ENCODED_LENGTH * 2);
    Tick[] ticks = new Tick[TickCodec.MAX_BATCH_TICKS + 1];
    for (int i = 0; i < ticks.length; i++) {
      ticks[i] = new TickEvent("TXF", i + 1, 1, 1, 1, 1);
    }
    assertThatThrownBy(() -> TickCodec.encodeBatch(ticks, 0, 0, buffer))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TickCodec.encodeBatch(ticks, 0, ticks.length, buffer))
        .isInstanceOf(IllegalArgumentException.class);
    ticks[3] = new TickEvent("MXF", 4, 1, 1, 1, 1);
    assertThatThrownBy(() -> TickCodec.encodeBatch(ticks, 0, 5, buffer))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("consecutive");
    ticks[3] = new TickEvent("TXF", 5, 1, 1, 1, 1);
    assertThatThrownBy(() -> TickCodec.encodeBatch(ticks, 0, 5, buffer))
        .isInstanceOf(IllegalArgumentException.class);
    ticks[3] = new TickEvent("TXF", 4, 1, 1, 1, 2);
    assertThatThrownBy(() -> TickCodec.encodeBatch(ticks, 0, 5, buffer))
        .isInstanceOf(IllegalArgumentException.class);
    ticks[3] = new TickEvent("TXF", 4, 1, -1, 1, 1);
    assertThatThrownBy(() -> TickCodec.encodeBatch(ticks, 0, 5, buffer))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(buffer.position()).isZero();
    ticks[3] = new TickEvent("TXF", 4, 1, 1, 1, 1);
    assertThat(TickCodec.continuesBatch(ticks[2], ticks[3])).isTrue();
  }

  @Example
  void shouldFitTheLongestBatchInItsDeclaredLength() throws Exception {
    List<TickEvent> batch = new ArrayList<>();
    String code = "X".repeat(TickCodec.MAX_ITEM_CODE_BYTES);
    for (int i = 0; i < TickCodec.MAX_BATCH_TICKS; i++) {
      long price = i % 2 == 0 ? Price.MAX_UNITS : -Price.MAX_UNITS;
      long time = i % 2 == 0 ? Long.MIN_VALUE : 0;
      batch.add(new TickEvent(code, i + 1, price, Long.MAX_VALUE, time, Long.MIN_VALUE));
    }
    byte[] frame = TickCodec.encodeBatch(batch);
    assertThat(frame.length).isLessThanOrEqualTo(TickCodec.MAX_BATCH_ENCODED_LENGTH);
    assertThat(TickCodec.decodeFrame(frame)).isEqualTo(batch);
  }

  /** Type, version, item code "TXF", count, first sequence, publish time. */
  private static ByteBuffer batchHeader(int count, long firstSequence, long publishNanos) {
    ByteBuffer frame = ByteBuffer.allocate(200);
    frame.put(TickCodec.BATCH_MESSAGE_TYPE).put(TickCodec.VERSION);
    frame.put((byte) 3).put(new byte[] {'T', 'X', 'F'}).put((byte) count);
    frame.putLong(firstSequence).putLong(publishNanos);
    return frame;
  }

  private static void assertDecodesOrIsMalformed(byte[] frame) {
    try {
      List<TickEvent> ticks = TickCodec.decodeFrame(frame);
      byte[] again =
          frame[0] == TickCodec.MESSAGE_TYPE
              ? TickCodec.encode(ticks.get(0))
              : TickCodec.encodeBatch(ticks);
      assertThat(again).isEqualTo(frame);
    } catch (MalformedMessageException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  /**
   * 1..{@value TickCodec#MAX_BATCH_TICKS} ticks of one instrument with consecutive sequences and
   * one publish time, as the publisher hands them over.
   */
  @Provide
  Arbitrary<List<TickEvent>> batches() {
    Arbitrary<String> ascii =
        Arbitraries.strings()
            .withCharRange('!', '~')
            .ofMinLength(1)
            .ofMaxLength(TickCodec.MAX_ITEM_CODE_BYTES);
    Arbitrary<String> unicode =
        Arbitraries.strings().withCharRange('\u00a0', '\ud7ff').ofMinLength(1).ofMaxLength(10);
    Arbitrary<Long> prices =
        Arbitraries.oneOf(
            Arbitraries.longs().between(-Price.MAX_UNITS, Price.MAX_UNITS),
            Arbitraries.longs().between(219_000_000L, 221_000_000L),
            Arbitraries.of(-Price.MAX_UNITS, 0L, Price.MAX_UNITS));
    Arbitrary<Long> quantities =
        Arbitraries.oneOf(
            Arbitraries.longs().greaterOrEqual(0), Arbitraries.longs().between(0, 300));
    Arbitrary<Long> times =
        Arbitraries.oneOf(
            Arbitraries.longs(),
            Arbitraries.longs().between(1_700_000_000_000L, 1_700_000_001_000L),
            Arbitraries.of(Long.MIN_VALUE, -1L, 0L, Long.MAX_VALUE));
    Arbitrary<long[]> fields =
        Combinators.combine(prices, quantities, times).as((p, q, e) -> new long[] {p, q, e});
    Arbitrary<Long> firstSequences =
        Arbitraries.oneOf(
            Arbitraries.longs().between(1, Long.MAX_VALUE - TickCodec.MAX_BATCH_TICKS),
            Arbitraries.of(1L, Long.MAX_VALUE - TickCodec.MAX_BATCH_TICKS));
    return Combinators.combine(
            Arbitraries.oneOf(ascii, unicode),
            firstSequences,
            Arbitraries.longs(),
            fields.list().ofMinSize(1).ofMaxSize(TickCodec.MAX_BATCH_TICKS))
        .as(
            (code, first, stamp, rows) -> {
              List<TickEvent> batch = new ArrayList<>();
              for (int i = 0; i < rows.size(); i++) {
                long[] f = rows.get(i);
                batch.add(new TickEvent(code, first + i, f[0], f[1], f[2], stamp));
              }
              return batch;
            });
  }
}
