package org.aftm.adapter.zmq.codec;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads big-endian fields from a frame, checking every length before it reads, so a short or
 * hostile frame becomes a {@link MalformedMessageException} naming the field, never an
 * index-out-of-bounds error.
 */
final class FrameReader {

  private final String frameName;
  private byte[] frame;
  private int end;
  private int position;

  FrameReader(String frameName, byte[] frame, int offset, int length)
      throws MalformedMessageException {
    this.frameName = frameName;
    wrap(frame, offset, length);
  }

  /** A reader to {@link #wrap} frames into, one after the other, so reading allocates nothing. */
  FrameReader(String frameName) {
    this.frameName = frameName;
  }

  /** Starts reading the frame in {@code frame[offset, offset + length)}. */
  FrameReader wrap(byte[] frame, int offset, int length) throws MalformedMessageException {
    if (frame == null) {
      throw new MalformedMessageException(frameName + " frame is missing (null)");
    }
    if (offset < 0 || length < 0 || offset > frame.length || length > frame.length - offset) {
      throw new MalformedMessageException(
          frameName
              + " frame slice ["
              + offset
              + ", +"
              + length
              + ") lies outside a "
              + frame.length
              + "-byte array");
    }
    this.frame = frame;
    this.position = offset;
    this.end = offset + length;
    return this;
  }

  /** Checks the first two bytes: the message type, then the version. */
  void readHeader(byte expectedType, byte supportedVersion) throws MalformedMessageException {
    byte type = readByte("message type");
    if (type != expectedType) {
      throw new MalformedMessageException(
          "not a "
              + frameName
              + " frame: message type "
              + hex(type)
              + ", expected "
              + hex(expectedType));
    }
    readVersion(supportedVersion);
  }

  /**
   * Reads the first byte, a message type that must be one of {@code expectedTypes}, then checks the
   * version; for a frame that carries one of several kinds of message.
   *
   * @return the message type
   */
  byte readHeader(byte[] expectedTypes, byte supportedVersion) throws MalformedMessageException {
    byte type = readByte("message type");
    boolean known = false;
    StringBuilder expected = new StringBuilder();
    for (byte candidate : expectedTypes) {
      known |= candidate == type;
      expected.append(expected.length() == 0 ? "" : " or ").append(hex(candidate));
    }
    if (!known) {
      throw new MalformedMessageException(
          "not a " + frameName + " frame: message type " + hex(type) + ", expected " + expected);
    }
    readVersion(supportedVersion);
    return type;
  }

  /** Checks the version byte that follows a message type read with {@link #readByte}. */
  void readVersion(byte supportedVersion) throws MalformedMessageException {
    byte version = readByte("version");
    if (version != supportedVersion) {
      throw new MalformedMessageException(
          "unsupported "
              + frameName
              + " frame version "
              + (version & 0xFF)
              + ", this reader knows version "
              + supportedVersion);
    }
  }

  byte readByte(String field) throws MalformedMessageException {
    require(Byte.BYTES, field);
    return frame[position++];
  }

  int readInt(String field) throws MalformedMessageException {
    require(Integer.BYTES, field);
    int value = 0;
    for (int i = 0; i < Integer.BYTES; i++) {
      value = (value << 8) | (frame[position++] & 0xFF);
    }
    return value;
  }

  long readLong(String field) throws MalformedMessageException {
    require(Long.BYTES, field);
    long value = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      value = (value << 8) | (frame[position++] & 0xFF);
    }
    return value;
  }

  /**
   * An unsigned LEB128 varint: 7 bits a byte, least significant first, in the fewest bytes (at most
   * 10), so every value has exactly one encoding.
   */
  long readVarLong(String field) throws MalformedMessageException {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      require(Byte.BYTES, field);
      byte next = frame[position++];
      if (shift == 63 && (next & 0xFE) != 0) {
        throw new MalformedMessageException(
            frameName + " frame has a " + field + " varint longer than 64 bits");
      }
      value |= (long) (next & 0x7F) << shift;
      if (next >= 0) {
        if (next == 0 && shift > 0) {
          throw new MalformedMessageException(
              frameName + " frame has a " + field + " varint in more bytes than needed");
        }
        return value;
      }
    }
    throw new AssertionError("unreachable: the tenth byte ends the varint or is refused");
  }

  /** A one-byte length, then that many bytes of UTF-8; never empty, never over {@code maxBytes}. */
  String readText(String field, int maxBytes) throws MalformedMessageException {
    String text = readOptionalText(field, maxBytes);
    if (text.isEmpty()) {
      throw new MalformedMessageException(frameName + " frame has an empty " + field);
    }
    return text;
  }

  /**
   * A one-byte length, then that many bytes of UTF-8; may be empty, never over {@code maxBytes}.
   */
  String readOptionalText(String field, int maxBytes) throws MalformedMessageException {
    int length = readByte(field + " length") & 0xFF;
    if (length == 0) {
      return "";
    }
    requireWithin(length, maxBytes, field);
    require(length, field);
    int start = position;
    position += length;
    return decodeUtf8(field, start, length);
  }

  private void requireWithin(int length, int maxBytes, String field)
      throws MalformedMessageException {
    if (length > maxBytes) {
      throw new MalformedMessageException(
          frameName
              + " frame declares a "
              + length
              + "-byte "
              + field
              + ", the limit is "
              + maxBytes);
    }
  }

  /**
   * Like {@link #readText}, but a text whose bytes {@code known} already holds comes back as the
   * String held there, so a recurring text (an item code) costs no allocation.
   */
  String readText(String field, int maxBytes, KnownTexts known) throws MalformedMessageException {
    int length = readByte(field + " length") & 0xFF;
    if (length == 0) {
      throw new MalformedMessageException(frameName + " frame has an empty " + field);
    }
    requireWithin(length, maxBytes, field);
    require(length, field);
    int start = position;
    position += length;
    String text = known.find(frame, start, length);
    if (text == null) {
      text = decodeUtf8(field, start, length);
      known.remember(frame, start, length, text);
    }
    return text;
  }

  /** Bytes left to read. */
  int remaining() {
    return end - position;
  }

  void expectEnd() throws MalformedMessageException {
    if (position != end) {
      throw new MalformedMessageException(
          frameName + " frame has " + (end - position) + " unexpected trailing bytes");
    }
  }

  private String decodeUtf8(String field, int start, int length) throws MalformedMessageException {
    boolean ascii = true;
    for (int i = start; i < start + length; i++) {
      if (frame[i] < 0) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      return new String(frame, start, length, StandardCharsets.US_ASCII);
    }
    try {
      CharBuffer chars =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(frame, start, length));
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw new MalformedMessageException(
          frameName + " frame has a " + field + " that is not valid UTF-8");
    }
  }

  private void require(int bytes, String field) throws MalformedMessageException {
    if (end - position < bytes) {
      throw new MalformedMessageException(
          frameName
              + " frame too short: "
              + field
              + " needs "
              + bytes
              + " bytes at offset "
              + position
              + " but only "
              + (end - position)
              + " remain");
    }
  }

  private static String hex(byte value) {
    return String.format("0x%02x", value & 0xFF);
  }
}
