package org.aftm.adapter.out.persistence;

/**
 * The database could not do what was asked: the schema is missing or of another version, the file
 * cannot be opened, a write broke a constraint, or another process held the lock past the busy
 * timeout. Unchecked, because the ports it surfaces through declare none; the message says what
 * failed and where. {@link DataDirectoryInUseException} is the one kind a caller may want to tell
 * apart.
 */
public class PersistenceException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public PersistenceException(String message) {
    super(message);
  }

  public PersistenceException(String message, Throwable cause) {
    super(message, cause);
  }
}
