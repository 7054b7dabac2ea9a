package org.aftm.adapter.zmq.codec;

import java.util.Arrays;

/**
 * The few texts a receiver sees again and again (the item codes of its instruments), each with its
 * encoded bytes, so decoding one compares bytes instead of building a String. Holds at most {@value
 * #CAPACITY}; texts beyond are decoded every time. Not thread-safe: one decoding thread owns it.
 */
final class KnownTexts {

  static final int CAPACITY = 64;

  private final byte[][] encoded = new byte[CAPACITY][];
  private final String[] texts = new String[CAPACITY];
  private int size;

  /** The known text encoded as {@code frame[start, start + length)}, or {@code null}. */
  String find(byte[] frame, int start, int length) {
    for (int i = 0; i < size; i++) {
      byte[] candidate = encoded[i];
      if (Arrays.equals(candidate, 0, candidate.length, frame, start, start + length)) {
        return texts[i];
      }
    }
    return null;
  }

  /** Remembers a decoded text while there is room. */
  void remember(byte[] frame, int start, int length, String text) {
    if (size < CAPACITY) {
      encoded[size] = Arrays.copyOfRange(frame, start, start + length);
      texts[size] = text;
      size++;
    }
  }
}
