package org.aftm.adapter.zmq.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.aftm.domain.condition.ConditionCommand;
import org.aftm.domain.order.OrderState;
import org.aftm.domain.order.OrderUpdate;

class OrderUpdateCodecProperties {

  private static final OrderUpdate UPDATE =
      new OrderUpdate("aftm-7-entry", OrderState.FILLED, 2, 2, 440_010_000L, "", "filled");
  private static final ConditionCommand COMMAND =
      new ConditionCommand(3, ConditionCommand.Change.ADDED, 7);

  @Property
  void shouldDecodeWhatItEncodes(@ForAll("messages") SequencedOrderMessage message)
      throws Exception {
    assertThat(OrderUpdateCodec.decode(OrderUpdateCodec.encode(message))).isEqualTo(message);
  }

  @Property
  void shouldEncodeIntoReusedBufferAtItsPosition(
      @ForAll("messages") SequencedOrderMessage message, @ForAll @IntRange(max = 20) int offset)
      throws Exception {
    byte[] array = new byte[offset + OrderUpdateCodec.MAX_ENCODED_LENGTH];
    ByteBuffer buffer = ByteBuffer.wrap(array);
    buffer.position(offset);
    int length =
        message.isCommand()
            ? OrderUpdateCodec.encode(
                message.sessionId(), message.sequence(), message.command(), buffer)
            : OrderUpdateCodec.encode(
                message.sessionId(), message.sequence(), message.update(), buffer);
    assertThat(buffer.position()).isEqualTo(offset + length);
    assertThat(length).isLessThanOrEqualTo(OrderUpdateCodec.MAX_ENCODED_LENGTH);
    assertThat(OrderUpdateCodec.decode(array, offset, length)).isEqualTo(message);
  }

  @Property
  void shouldStartEveryFrameWithItsKindAndVersion(
      @ForAll("messages") SequencedOrderMessage message) {
    byte[] frame = OrderUpdateCodec.encode(message);
    assertThat(frame[0])
        .isEqualTo(
            message.isCommand() ? OrderUpdateCodec.COMMAND_TYPE : OrderUpdateCodec.UPDATE_TYPE);
    assertThat(frame[1]).isEqualTo(OrderUpdateCodec.VERSION);
    if (message.isCommand()) {
      if (message.command().change() == ConditionCommand.Change.CLOSED) {
        assertThat(frame.length)
            .isGreaterThan(OrderUpdateCodec.COMMAND_LENGTH)
            .isLessThanOrEqualTo(OrderUpdateCodec.MAX_COMMAND_LENGTH);
      } else {
        assertThat(frame).hasSize(OrderUpdateCodec.COMMAND_LENGTH);
      }
    }
  }

  @Property
  void shouldRefuseEveryTruncatedFrame(
      @ForAll("messages") SequencedOrderMessage message, @ForAll @IntRange(min = 1) int cut) {
    byte[] frame = OrderUpdateCodec.encode(message);
    int length = cut % frame.length;
    assertThatThrownBy(() -> OrderUpdateCodec.decode(frame, 0, length))
        .isInstanceOf(MalformedMessageException.class);
  }

  @Property(tries = 2000)
  void shouldThrowOnlyMalformedMessageForRandomBytes(@ForAll @Size(max = 600) byte[] bytes) {
    assertDecodesOrIsMalformed(bytes);
  }

  @Property(tries = 2000)
  void shouldThrowOnlyMalformedMessageForRandomBytesWithAValidHeader(
      @ForAll @Size(max = 600) byte[] body, @ForAll boolean command) {
    byte[] frame = new byte[body.length + 2];
    frame[0] = command ? OrderUpdateCodec.COMMAND_TYPE : OrderUpdateCodec.UPDATE_TYPE;
    frame[1] = OrderUpdateCodec.VERSION;
    System.arraycopy(body, 0, frame, 2, body.length);
    assertDecodesOrIsMalformed(frame);
  }

  @Property
  void shouldThrowOnlyMalformedMessageWhenOneByteOfAValidFrameChanges(
      @ForAll("messages") SequencedOrderMessage message,
      @ForAll @IntRange(min = 0) int index,
      @ForAll byte value) {
    byte[] frame = OrderUpdateCodec.encode(message);
    frame[index % frame.length] = value;
    assertDecodesOrIsMalformed(frame);
  }

  @Property
  void shouldCutAnOverlongReasonAtAWholeCharacter(
      @ForAll("longText") String reason, @ForAll("longText") String errorCode) throws Exception {
    OrderUpdate update =
        new OrderUpdate("aftm-1-entry", OrderState.REJECTED, 1, 0, 0, errorCode, reason);

    OrderUpdate decoded = OrderUpdateCodec.decode(OrderUpdateCodec.encode(9, 1, update)).update();

    assertThat(reason).startsWith(decoded.reason());
    assertThat(errorCode).startsWith(decoded.errorCode());
    assertThat(decoded.reason().getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(OrderUpdateCodec.MAX_REASON_BYTES)
        .isGreaterThan(OrderUpdateCodec.MAX_REASON_BYTES - 4);
    assertThat(decoded.errorCode().getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(OrderUpdateCodec.MAX_ERROR_CODE_BYTES)
        .isGreaterThan(OrderUpdateCodec.MAX_ERROR_CODE_BYTES - 4);
  }

  @Example
  void shouldRefuseToEncodeAClientOrderIdLongerThanTheLimit() {
    OrderUpdate update =
        new OrderUpdate(
            "x".repeat(OrderUpdateCodec.MAX_CLIENT_ORDER_ID_BYTES + 1),
            OrderState.FILLED,
            1,
            1,
            1,
            "",
            "");
    ByteBuffer buffer = ByteBuffer.allocate(OrderUpdateCodec.MAX_ENCODED_LENGTH + 10);
    assertThatThrownBy(() -> OrderUpdateCodec.encode(1, 1, update, buffer))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("client order id");
    assertThat(buffer.position()).isZero();
  }

  @Example
  void shouldRefuseToEncodeSequenceZero() {
    assertThatThrownBy(() -> OrderUpdateCodec.encode(1, 0, COMMAND))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OrderUpdateCodec.encode(1, 0, UPDATE))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Example
  void shouldNameAnUnknownMessageType() {
    byte[] frame = OrderUpdateCodec.encode(1, 1, COMMAND);
    frame[0] = 'T';
    assertThatThrownBy(() -> OrderUpdateCodec.decode(frame))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("message type 0x54")
        .hasMessageContaining("0x55 or 0x43");
  }

  @Example
  void shouldNameTheUnknownVersion() {
    byte[] frame = OrderUpdateCodec.encode(1, 1, UPDATE);
    frame[1] = 2;
    assertThatThrownBy(() -> OrderUpdateCodec.decode(frame))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("version 2");
  }

  @Example
  void shouldRefuseSequenceZero() {
    byte[] frame = OrderUpdateCodec.encode(1, 1, COMMAND);
    ByteBuffer.wrap(frame).putLong(10, 0);
    assertThatThrownBy(() -> OrderUpdateCodec.decode(frame))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("sequence 0");
  }

  @Example
  void shouldRefuseAnUnknownStateCode() {
    byte[] frame = OrderUpdateCodec.encode(1, 1, UPDATE);
    frame[2 + 16 + 1 + UPDATE.clientOrderId().length()] = 9;
    assertThatThrownBy(() -> OrderUpdateCodec.decode(frame))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("unknown state code 9");
  }

  @Example
  void shouldRefuseMoreFilledThanOrdered() {
    byte[] frame = OrderUpdateCodec.encode(1, 1, UPDATE);
    int filledAt = 2 + 16 + 1 + UPDATE.clientOrderId().length() + 1 + 4;
    ByteBuffer.wrap(frame).putInt(filledAt, 3);
    assertThatThrownBy(() -> OrderUpdateCodec.decode(frame))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("filled quantity 3, must be 0..2");
  }

  @Example
  void shouldRefuseAnEmptyClientOrderId() {
    byte[] frame = OrderUpdateCodec.encode(1, 1, UPDATE);
    byte[] empty = new byte[frame.length - UPDATE.clientOrderId().length()];
    System.arraycopy(frame, 0, empty, 0, 18);
    empty[18] = 0;
    System.arraycopy(frame, 19 + UPDATE.clientOrderId().length(), empty, 19, empty.length - 19);
    assertThatThrownBy(() -> OrderUpdateCodec.decode(empty))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("empty client order id");
  }

  @Example
  void shouldRefuseAnOverlongErrorCodePrefix() {
    OrderUpdate update = new OrderUpdate("a", OrderState.REJECTED, 1, 0, 0, "E", "");
    byte[] frame = OrderUpdateCodec.encode(1, 1, update);
    frame[frame.length - 3] = (byte) 200;
    assertThatThrownBy(() -> OrderUpdateCodec.decode(frame))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("200-byte error code, the limit is 64");
  }

  @Example
  void shouldRefuseAnUnknownChangeAndCommandIdZero() {
    byte[] badChange = OrderUpdateCodec.encode(1, 1, COMMAND);
    badChange[26] = 4;
    assertThatThrownBy(() -> OrderUpdateCodec.decode(badChange))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("unknown change code 4");

    byte[] zeroId = OrderUpdateCodec.encode(1, 1, COMMAND);
    ByteBuffer.wrap(zeroId).putLong(18, 0);
    assertThatThrownBy(() -> OrderUpdateCodec.decode(zeroId))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("command id 0");
  }

  @Example
  void shouldCarryAClosedCommandsLotsPriceAndClosingOrder() throws Exception {
    ConditionCommand closed =
        ConditionCommand.closed(5, 7, 2, 220_570_000L, 3, "flatten-lx2b3k9-TXF");

    ConditionCommand decoded =
        OrderUpdateCodec.decode(OrderUpdateCodec.encode(1, 4, closed)).command();

    assertThat(decoded).isEqualTo(closed);
    assertThat(OrderUpdateCodec.MAX_COMMAND_LENGTH)
        .as("a reused buffer sized for updates holds every command")
        .isLessThanOrEqualTo(OrderUpdateCodec.MAX_ENCODED_LENGTH);
  }

  @Example
  void shouldRefuseAClosedCommandWithoutLots() {
    byte[] frame =
        OrderUpdateCodec.encode(1, 1, ConditionCommand.closed(5, 7, 2, 220_570_000L, 2, "f"));
    ByteBuffer.wrap(frame).putInt(35, 0);
    assertThatThrownBy(() -> OrderUpdateCodec.decode(frame))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("lots");
  }

  @Example
  void shouldRefuseTrailingBytes() {
    byte[] frame = OrderUpdateCodec.encode(1, 1, COMMAND);
    byte[] longer = java.util.Arrays.copyOf(frame, frame.length + 1);
    assertThatThrownBy(() -> OrderUpdateCodec.decode(longer))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("1 unexpected trailing bytes");
  }

  @Example
  void shouldRefuseInvalidUtf8() {
    byte[] frame = OrderUpdateCodec.encode(1, 1, UPDATE);
    frame[19] = (byte) 0xC3;
    frame[20] = (byte) 0x28;
    assertThatThrownBy(() -> OrderUpdateCodec.decode(frame))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("UTF-8");
  }

  @Example
  void shouldRefuseANullFrame() {
    assertThatThrownBy(() -> OrderUpdateCodec.decode(null))
        .isInstanceOf(MalformedMessageException.class);
  }

  private static void assertDecodesOrIsMalformed(byte[] frame) {
    try {
      SequencedOrderMessage message = OrderUpdateCodec.decode(frame);
      assertThat(OrderUpdateCodec.encode(message)).isEqualTo(frame);
    } catch (MalformedMessageException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @Provide
  Arbitrary<SequencedOrderMessage> messages() {
    Arbitrary<Long> sessions = Arbitraries.longs();
    Arbitrary<Long> sequences = Arbitraries.longs().between(1, Long.MAX_VALUE);
    Arbitrary<SequencedOrderMessage> updates =
        Combinators.combine(sessions, sequences, updates()).as(SequencedOrderMessage::of);
    Arbitrary<SequencedOrderMessage> commands =
        Combinators.combine(sessions, sequences, commands()).as(SequencedOrderMessage::of);
    return Arbitraries.oneOf(updates, commands);
  }

  @Provide
  Arbitrary<String> longText() {
    Arbitrary<String> ascii =
        Arbitraries.strings().withCharRange(' ', '~').ofMinLength(256).ofMaxLength(400);
    // 130+ characters of 2, 3 or 4 UTF-8 bytes: always over both limits.
    Arbitrary<String> unicode =
        Arbitraries.oneOf(
                Arbitraries.chars().range('\u00a0', '\ud7ff').map(String::valueOf),
                Arbitraries.just("\ud83d\ude00"))
            .list()
            .ofMinSize(130)
            .ofMaxSize(180)
            .map(parts -> String.join("", parts));
    return Arbitraries.oneOf(ascii, unicode);
  }

  private static Arbitrary<OrderUpdate> updates() {
    Arbitrary<String> ids =
        Arbitraries.oneOf(
            Arbitraries.strings()
                .withCharRange('!', '~')
                .ofMinLength(1)
                .ofMaxLength(OrderUpdateCodec.MAX_CLIENT_ORDER_ID_BYTES),
            Arbitraries.strings().withCharRange('\u00a0', '\ud7ff').ofMinLength(1).ofMaxLength(40));
    Arbitrary<String> codes =
        Arbitraries.strings()
            .withCharRange('A', 'Z')
            .withChars('_')
            .ofMaxLength(OrderUpdateCodec.MAX_ERROR_CODE_BYTES);
    Arbitrary<String> reasons =
        Arbitraries.oneOf(
            Arbitraries.strings()
                .withCharRange(' ', '~')
                .ofMaxLength(OrderUpdateCodec.MAX_REASON_BYTES),
            Arbitraries.strings().withCharRange('\u00a0', '\ud7ff').ofMaxLength(80));
    Arbitrary<int[]> quantities =
        Arbitraries.integers()
            .between(0, Integer.MAX_VALUE)
            .flatMap(
                quantity ->
                    Arbitraries.integers()
                        .between(0, quantity)
                        .map(filled -> new int[] {quantity, filled}));
    return Combinators.combine(
            ids, Arbitraries.of(OrderState.class), quantities, Arbitraries.longs(), codes, reasons)
        .as(
            (id, state, quantity, cost, code, reason) ->
                new OrderUpdate(id, state, quantity[0], quantity[1], cost, code, reason));
  }

  private static Arbitrary<ConditionCommand> commands() {
    Arbitrary<ConditionCommand> edits =
        Combinators.combine(
                Arbitraries.longs().between(1, Long.MAX_VALUE),
                Arbitraries.of(ConditionCommand.Change.ADDED, ConditionCommand.Change.DELETED),
                Arbitraries.longs())
            .as(ConditionCommand::new);
    Arbitrary<ConditionCommand> closes =
        Combinators.combine(
                Arbitraries.longs().between(1, Long.MAX_VALUE),
                Arbitraries.longs(),
                Arbitraries.integers().between(1, 1_000),
                Arbitraries.longs().between(1, Long.MAX_VALUE),
                Arbitraries.integers().between(0, 1_000),
                Arbitraries.strings()
                    .withCharRange('!', '~')
                    .ofMinLength(1)
                    .ofMaxLength(OrderUpdateCodec.MAX_CLIENT_ORDER_ID_BYTES))
            .as(
                (id, condition, lots, price, more, closedBy) ->
                    ConditionCommand.closed(id, condition, lots, price, lots + more, closedBy));
    return Arbitraries.oneOf(edits, closes);
  }
}
