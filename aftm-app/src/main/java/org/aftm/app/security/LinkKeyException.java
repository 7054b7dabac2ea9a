package org.aftm.app.security;

/** A key file is missing, malformed or cannot be written; the message is one line naming it. */
public final class LinkKeyException extends RuntimeException {

  public LinkKeyException(String message) {
    super(message);
  }
}
