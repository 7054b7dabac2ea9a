package org.aftm.adapter.zmq.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.TickEvent;

class TickCodecProperties {

  @Property
  void shouldDecodeWhatItEncodes(@ForAll("ticks") TickEvent tick) throws Exception {
    assertThat(TickCodec.decode(TickCodec.encode(tick))).isEqualTo(tick);
  }

  @Property
  void shouldEncodeIntoReusedBufferAtItsPosition(
      @ForAll("ticks") TickEvent tick, @ForAll @IntRange(max = 20) int offset) throws Exception {
    byte[] array = new byte[offset + TickCodec.MAX_ENCODED_LENGTH];
    ByteBuffer buffer = ByteBuffer.wrap(array);
    buffer.position(offset);
    int length = TickCodec.encode(tick, buffer);
    assertThat(buffer.position()).isEqualTo(offset + length);
    assertThat(TickCodec.decode(array, offset, length)).isEqualTo(tick);
  }

  @Property
  void shouldDecodeEveryFrameOfASequenceIntoOneReusedView(
      @ForAll @Size(min = 1, max = 20) java.util.List<@From("ticks") TickEvent> ticks)
      throws Exception {
    DecodedTick view = new DecodedTick();
    for (TickEvent tick : ticks) {
      byte[] frame = TickCodec.encode(tick);
      assertThat(TickCodec.decode(frame, 0, frame.length, view)).isSameAs(view);
      assertThat(view.toEvent()).isEqualTo(tick);
    }
  }

  @Example
  void shouldHandBackTheSameItemCodeStringForAKnownInstrument() throws Exception {
    DecodedTick view = new DecodedTick();
    byte[] first = TickCodec.encode(new TickEvent("TXF", 1, 1, 1, 1, 1));
    byte[] other = TickCodec.encode(new TickEvent("MXF", 1, 1, 1, 1, 1));
    byte[] second = TickCodec.encode(new TickEvent("TXF", 2, 3, 1, 1, 1));
    String code = TickCodec.decode(first, 0, first.length, view).itemCode();
    assertThat(TickCodec.decode(other, 0, other.length, view).itemCode()).isEqualTo("MXF");
    TickCodec.decode(second, 0, second.length, view);
    assertThat(view.itemCode()).isSameAs(code);
    assertThat(view.sequence()).isEqualTo(2);
    assertThat(view.priceUnits()).isEqualTo(3);
  }

  @Example
  void shouldRefuseAMalformedFrameIntoAViewAndDecodeTheNextOne() throws Exception {
    DecodedTick view = new DecodedTick();
    byte[] good = TickCodec.encode(new TickEvent("TXF", 5, 7, 1, 1, 1));
    byte[] bad = Arrays.copyOf(good, good.length - 1);
    assertThatThrownBy(() -> TickCodec.decode(bad, 0, bad.length, view))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("publish time");
    assertThat(TickCodec.decode(good, 0, good.length, view).toEvent())
        .isEqualTo(new TickEvent("TXF", 5, 7, 1, 1, 1));
  }

  @Property
  void shouldStartEveryFrameWithTheItemTopic(@ForAll("ticks") TickEvent tick) {
    byte[] frame = TickCodec.encode(tick);
    byte[] topic = TickCodec.topic(tick.itemCode());
    assertThat(Arrays.copyOf(frame, topic.length)).isEqualTo(topic);
  }

  @Property
  void shouldRefuseEveryTruncatedFrame(
      @ForAll("ticks") TickEvent tick, @ForAll @IntRange(min = 1) int cut) {
    byte[] frame = TickCodec.encode(tick);
    int length = cut % frame.length;
    assertThatThrownBy(() -> TickCodec.decode(frame, 0, length))
        .isInstanceOf(MalformedMessageException.class);
  }

  @Property(tries = 2000)
  void shouldThrowOnlyMalformedMessageForRandomBytes(@ForAll @Size(max = 120) byte[] bytes) {
    assertDecodesOrIsMalformed(bytes);
  }

  @Property(tries = 2000)
  void shouldThrowOnlyMalformedMessageForRandomBytesWithAValidHeader(
      @ForAll @Size(max = 120) byte[] body) {
    byte[] frame = new byte[body.length + 2];
    frame[0] = TickCodec.MESSAGE_TYPE;
    frame[1] = TickCodec.VERSION;
    System.arraycopy(body, 0, frame, 2, body.length);
    assertDecodesOrIsMalformed(frame);
  }

  @Property
  void shouldThrowOnlyMalformedMessageWhenOneByteOfAValidFrameChanges(
      @ForAll("ticks") TickEvent tick, @ForAll @IntRange(min = 0) int index, @ForAll byte value) {
    byte[] frame = TickCodec.encode(tick);
    frame[index % frame.length] = value;
    assertDecodesOrIsMalformed(frame);
  }

  @Example
  void shouldNameTheUnknownVersion() {
    byte[] frame = TickCodec.encode(new TickEvent("TXF", 1, 1, 1, 1, 1));
    frame[1] = 9;
    assertThatThrownBy(() -> TickCodec.decode(frame))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("version 9");
  }

  @Example
  void shouldNameTheMissingField() {
    byte[] frame = TickCodec.encode(new TickEvent("TXF", 1, 1, 1, 1, 1));
    assertThatThrownBy(() -> TickCodec.decode(frame, 0, 10))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("too short")
        .hasMessageContaining("sequence");
  }

  @Example
  void shouldRefuseAnOverlongLengthPrefix() {
    byte[] frame = TickCodec.encode(new TickEvent("TXF", 1, 1, 1, 1, 1));
    frame[2] = (byte) 200;
    assertThatThrownBy(() -> TickCodec.decode(frame))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("200-byte item code");
  }

  @Example
  void shouldRefuseInvalidUtf8() {
    byte[] frame = TickCodec.encode(new TickEvent("TXF", 1, 1, 1, 1, 1));
    frame[3] = (byte) 0xC3;
    frame[4] = (byte) 0x28;
    assertThatThrownBy(() -> TickCodec.decode(frame))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("UTF-8");
  }

  @Example
  void shouldRefuseToEncodeAnItemCodeLongerThanDeclared() {
    TickEvent tick = new TickEvent("X".repeat(TickCodec.MAX_ITEM_CODE_BYTES + 1), 1, 1, 1, 1, 1);
    ByteBuffer buffer = ByteBuffer.allocate(TickCodec.MAX_ENCODED_LENGTH + 10);
    assertThatThrownBy(() -> TickCodec.encode(tick, buffer))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(buffer.position()).isZero();
  }

  @Example
  void shouldRefuseANullFrame() {
    assertThatThrownBy(() -> TickCodec.decode(null)).isInstanceOf(MalformedMessageException.class);
  }

  private static void assertDecodesOrIsMalformed(byte[] frame) {
    try {
      TickEvent tick = TickCodec.decode(frame);
      assertThat(TickCodec.encode(tick)).isEqualTo(frame);
    } catch (MalformedMessageException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @Provide
  Arbitrary<TickEvent> ticks() {
    Arbitrary<String> ascii =
        Arbitraries.strings()
            .withCharRange('!', '~')
            .ofMinLength(1)
            .ofMaxLength(TickCodec.MAX_ITEM_CODE_BYTES);
    Arbitrary<String> unicode =
        Arbitraries.strings().withCharRange('\u00a0', '\ud7ff').ofMinLength(1).ofMaxLength(10);
    return Combinators.combine(
            Arbitraries.oneOf(ascii, unicode),
            Arbitraries.longs().between(1, Long.MAX_VALUE),
            Arbitraries.longs().between(-Price.MAX_UNITS, Price.MAX_UNITS),
            Arbitraries.longs().greaterOrEqual(0),
            Arbitraries.longs(),
            Arbitraries.longs())
        .as(TickEvent::new);
  }
}
