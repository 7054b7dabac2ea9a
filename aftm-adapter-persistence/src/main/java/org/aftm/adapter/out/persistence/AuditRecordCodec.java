package org.aftm.adapter.out.persistence;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;
import org.aftm.domain.model.DayTrade;
import org.aftm.domain.model.OpenClose;
import org.aftm.domain.model.OrderType;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.aftm.domain.model.TimeInForce;
import org.aftm.domain.order.OrderRequest;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderSender;
import org.aftm.domain.order.OrderState;

/**
 * The binary form of an {@link AuditRecord} in the {@link AuditJournal}: a 4-byte payload length,
 * the payload's CRC32C (4 bytes), then the payload, big-endian: the record type (1 request, 2
 * answer), the audit id, the time, then every column of the row in a fixed order; strings as their
 * UTF-8 byte length ({@code -1} for none) and bytes.
 *
 * <p>Not thread-safe: one encoder per journal, used under its append lock. Encoding reuses one
 * buffer and encodes strings by hand, so a record costs no allocation beyond a rare growth of the
 * buffer.
 */
final class AuditRecordCodec {

  /** A record's length and checksum. */
  static final int RECORD_HEADER_BYTES = 8;

  /** No record is larger: a length beyond it is damage, not a record. */
  static final int MAX_PAYLOAD_BYTES = 1 << 20;

  private static final byte REQUEST = 1;
  private static final byte RESULT = 2;

  private ByteBuffer buffer = ByteBuffer.allocate(1024);
  private final CRC32C checksum = new CRC32C();

  /**
   * The record with its length and checksum, ready to write; valid until the next call.
   *
   * @throws PersistenceException when the record is larger than {@link #MAX_PAYLOAD_BYTES}
   */
  ByteBuffer encode(AuditRecord record) {
    buffer.clear();
    buffer.position(RECORD_HEADER_BYTES);
    if (record instanceof AuditRecord.Request request) {
      encodeRequest(request);
    } else {
      encodeResult((AuditRecord.Result) record);
    }
    int length = buffer.position() - RECORD_HEADER_BYTES;
    if (length > MAX_PAYLOAD_BYTES) {
      throw new PersistenceException(
          "Audit record "
              + record.auditId()
              + " is "
              + length
              + " bytes, more than the journal's limit of "
              + MAX_PAYLOAD_BYTES);
    }
    checksum.reset();
    checksum.update(buffer.array(), RECORD_HEADER_BYTES, length);
    buffer.putInt(0, length);
    buffer.putInt(4, (int) checksum.getValue());
    buffer.flip();
    return buffer;
  }

  private void encodeRequest(AuditRecord.Request record) {
    OrderRequest request = record.request();
    room(1 + 8 + 8);
    buffer.put(REQUEST).putLong(record.auditId()).putLong(record.requestedAtMillis());
    string(request.orderAccount());
    string(request.itemCode());
    string(request.side().wire());
    string(request.orderType().wire());
    room(8 + 4);
    buffer.putLong(request.price().units()).putInt(request.quantity());
    string(request.openClose().wire());
    string(request.note());
    string(request.dayTrade().wire());
    string(request.timeInForce().wire());
    string(request.clientOrderId());
    string(record.closesClientOrderId());
    string(record.sender().name());
    string(record.sender().publicKey());
  }

  private void encodeResult(AuditRecord.Result record) {
    OrderResult result = record.result();
    room(1 + 8 + 8 + 1);
    buffer
        .put(RESULT)
        .putLong(record.auditId())
        .putLong(record.answeredAtMillis())
        .put((byte) (result.sent() ? 1 : 0));
    string(result.note());
    string(result.orderSerial());
    string(result.errorCode());
    string(result.errorMessage());
    string(result.clientOrderId());
    string(result.status().wire());
    room(4);
    buffer.putInt(result.filledQuantity());
  }

  /** A string as its UTF-8 byte length ({@code -1} for null) and bytes. */
  private void string(String text) {
    if (text == null) {
      room(4);
      buffer.putInt(-1);
      return;
    }
    int length = utf8Length(text);
    room(4 + length);
    buffer.putInt(length);
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        buffer.put((byte) c);
      } else if (c < 0x800) {
        buffer.put((byte) (0xc0 | (c >> 6))).put((byte) (0x80 | (c & 0x3f)));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        int code = Character.toCodePoint(c, text.charAt(++i));
        buffer
            .put((byte) (0xf0 | (code >> 18)))
            .put((byte) (0x80 | ((code >> 12) & 0x3f)))
            .put((byte) (0x80 | ((code >> 6) & 0x3f)))
            .put((byte) (0x80 | (code & 0x3f)));
      } else if (Character.isSurrogate(c)) {
        // A lone surrogate is not UTF-8; written as '?' as String.getBytes does.
        buffer.put((byte) '?');
      } else {
        buffer
            .put((byte) (0xe0 | (c >> 12)))
            .put((byte) (0x80 | ((c >> 6) & 0x3f)))
            .put((byte) (0x80 | (c & 0x3f)));
      }
    }
  }

  private static int utf8Length(String text) {
    int length = 0;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        length += 1;
      } else if (c < 0x800) {
        length += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        length += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        length += 1;
      } else {
        length += 3;
      }
    }
    return length;
  }

  /** Grows the buffer (rarely: a long error message) so that {@code bytes} more fit. */
  private void room(int bytes) {
    if (buffer.remaining() >= bytes) {
      return;
    }
    ByteBuffer larger =
        ByteBuffer.allocate(Math.max(2 * buffer.capacity(), buffer.position() + bytes + 256));
    buffer.flip();
    larger.put(buffer);
    buffer = larger;
  }

  /** The record of a payload whose checksum was checked; at start only. */
  static AuditRecord decode(ByteBuffer payload) {
    byte type = payload.get();
    long auditId = payload.getLong();
    long atMillis = payload.getLong();
    AuditRecord record =
        switch (type) {
          case REQUEST -> {
            String orderAccount = readString(payload);
            String itemCode = readString(payload);
            Side side = Side.fromWire(readString(payload));
            OrderType orderType = OrderType.fromWire(readString(payload));
            Price price = Price.ofUnits(payload.getLong());
            int quantity = payload.getInt();
            OrderRequest request =
                new OrderRequest(
                    orderAccount,
                    itemCode,
                    side,
                    orderType,
                    price,
                    quantity,
                    OpenClose.fromWire(readString(payload)),
                    readString(payload),
                    DayTrade.fromWire(readString(payload)),
                    TimeInForce.fromWire(readString(payload)),
                    readString(payload));
            String closes = readString(payload);
            OrderSender sender = new OrderSender(readString(payload), readString(payload));
            yield new AuditRecord.Request(auditId, request, closes, sender, atMillis);
          }
          case RESULT -> {
            boolean sent = payload.get() == 1;
            String note = readString(payload);
            String serial = readString(payload);
            String errorCode = readString(payload);
            String errorMessage = readString(payload);
            String clientOrderId = readString(payload);
            OrderState status = OrderState.fromWire(readString(payload));
            int filled = payload.getInt();
            yield new AuditRecord.Result(
                auditId,
                new OrderResult(
                    sent, note, serial, errorCode, errorMessage, clientOrderId, status, filled),
                atMillis);
          }
          default -> throw new IllegalArgumentException("unknown record type " + type);
        };
    if (payload.hasRemaining()) {
      throw new IllegalArgumentException(payload.remaining() + " bytes after the record's fields");
    }
    return record;
  }

  private static String readString(ByteBuffer payload) {
    int length = payload.getInt();
    if (length == -1) {
      return null;
    }
    if (length < 0 || length > payload.remaining()) {
      throw new IllegalArgumentException("string length " + length + " out of range");
    }
    String text =
        new String(
            payload.array(),
            payload.arrayOffset() + payload.position(),
            length,
            StandardCharsets.UTF_8);
    payload.position(payload.position() + length);
    return text;
  }
}
