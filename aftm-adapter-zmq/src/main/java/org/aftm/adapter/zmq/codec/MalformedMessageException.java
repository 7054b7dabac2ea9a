package org.aftm.adapter.zmq.codec;

/**
 * A frame that cannot be decoded: too short, too long, an unknown message type or version, a bad
 * length prefix, invalid UTF-8 or a value out of range. The message names what is wrong, so a log
 * line is enough to find the faulty sender. Decoders throw nothing else for bad input.
 */
public final class MalformedMessageException extends Exception {

  private static final long serialVersionUID = 1L;

  public MalformedMessageException(String message) {
    super(message);
  }
}
