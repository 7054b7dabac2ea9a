package org.aftm.adapter.zmq.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.strategy.Signal;
import org.aftm.domain.strategy.SignalReason;

class SignalCodecProperties {

  @Property
  void shouldDecodeWhatItEncodes(
      @ForAll("signals") Signal signal, @ForAll @LongRange(min = 1) long sequence)
      throws Exception {
    SequencedSignal decoded = SignalCodec.decode(SignalCodec.encode(sequence, signal));
    assertThat(decoded).isEqualTo(new SequencedSignal(sequence, signal));
  }

  @Property
  void shouldRefuseEveryTruncatedFrame(
      @ForAll("signals") Signal signal, @ForAll @IntRange(min = 1) int cut) {
    byte[] frame = SignalCodec.encode(1, signal);
    int length = cut % frame.length;
    assertThatThrownBy(() -> SignalCodec.decode(frame, 0, length))
        .isInstanceOf(MalformedMessageException.class);
  }

  @Property(tries = 2000)
  void shouldThrowOnlyMalformedMessageForRandomBytes(@ForAll @Size(max = 200) byte[] bytes) {
    assertDecodesOrIsMalformed(bytes);
  }

  @Property(tries = 2000)
  void shouldThrowOnlyMalformedMessageForRandomBytesWithAValidHeader(
      @ForAll @Size(max = 200) byte[] body) {
    byte[] frame = new byte[body.length + 2];
    frame[0] = SignalCodec.MESSAGE_TYPE;
    frame[1] = SignalCodec.VERSION;
    System.arraycopy(body, 0, frame, 2, body.length);
    assertDecodesOrIsMalformed(frame);
  }

  @Property
  void shouldThrowOnlyMalformedMessageWhenOneByteOfAValidFrameChanges(
      @ForAll("signals") Signal signal, @ForAll @IntRange(min = 0) int index, @ForAll byte value) {
    byte[] frame = SignalCodec.encode(7, signal);
    frame[index % frame.length] = value;
    assertDecodesOrIsMalformed(frame);
  }

  @Example
  void shouldNameAnUnknownReason() {
    Signal signal = new Signal("7-entry", 7, "TXF", Side.BUY, 1, SignalReason.ENTRY, 1, 1, 1, 1, 1);
    byte[] frame = SignalCodec.encode(1, signal);
    // type, version, sequence(8), id(1+7), condition(8), item(1+3), side(1), quantity(4), then
    // reason
    frame[2 + 8 + 8 + 8 + 4 + 1 + 4] = 9;
    assertThatThrownBy(() -> SignalCodec.decode(frame))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("reason code 9");
  }

  @Example
  void shouldRefuseATickFrame() {
    byte[] tick = TickCodec.encode(new org.aftm.domain.model.TickEvent("TXF", 1, 1, 1, 1, 1));
    assertThatThrownBy(() -> SignalCodec.decode(tick))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("not a signal frame");
  }

  private static void assertDecodesOrIsMalformed(byte[] frame) {
    try {
      SequencedSignal decoded = SignalCodec.decode(frame);
      assertThat(SignalCodec.encode(decoded.senderSequence(), decoded.signal())).isEqualTo(frame);
    } catch (MalformedMessageException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @Provide
  Arbitrary<Signal> signals() {
    Arbitrary<String> ids =
        Arbitraries.strings()
            .withCharRange('!', '~')
            .ofMinLength(1)
            .ofMaxLength(SignalCodec.MAX_SIGNAL_ID_BYTES);
    Arbitrary<String> codes =
        Arbitraries.oneOf(
            Arbitraries.strings()
                .withCharRange('!', '~')
                .ofMinLength(1)
                .ofMaxLength(SignalCodec.MAX_ITEM_CODE_BYTES),
            Arbitraries.strings().withCharRange('\u00a0', '\ud7ff').ofMinLength(1).ofMaxLength(10));
    Arbitrary<long[]> times = Arbitraries.longs().array(long[].class).ofSize(4);
    return Combinators.combine(
            ids,
            Arbitraries.longs(),
            codes,
            Arbitraries.of(Side.class),
            Arbitraries.integers().greaterOrEqual(1),
            Arbitraries.of(SignalReason.class),
            Arbitraries.longs().between(-Price.MAX_UNITS, Price.MAX_UNITS),
            times)
        .as(
            (id, condition, code, side, quantity, reason, price, t) ->
                new Signal(
                    id, condition, code, side, quantity, reason, price, t[0], t[1], t[2], t[3]));
  }
}
