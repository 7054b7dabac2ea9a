package org.aftm.adapter.out.persistence;

import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Another AFTM process holds the lock of a data directory ({@link DataDirectoryLock}): a second
 * main process must not start on it, and nothing may migrate its database meanwhile.
 */
public final class DataDirectoryInUseException extends PersistenceException {

  private static final long serialVersionUID = 1L;

  private final transient Path dataDirectory;
  private final long holderPid;

  DataDirectoryInUseException(Path dataDirectory, long holderPid, String message) {
    super(message);
    this.dataDirectory = dataDirectory;
    this.holderPid = holderPid;
  }

  /** The data directory that is in use. */
  public Path dataDirectory() {
    return dataDirectory;
  }

  /** The process id of the holder, when it recorded one in the lock file. */
  public OptionalLong holderPid() {
    return holderPid > 0 ? OptionalLong.of(holderPid) : OptionalLong.empty();
  }
}
