package org.aftm.adapter.out.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.JDBC;
import org.sqlite.util.OSInfo;

/**
 * Where this JVM loads sqlite-jdbc's native library from: a copy kept in an owner-only directory
 * (the data directory's {@value #DIRECTORY}), extracted once per driver build, instead of the
 * driver's own fresh extraction into the temp directory at every start (a megabyte written, a temp
 * directory scanned for old copies, one copy left behind by each process killed with {@code kill
 * -9}), which cost a child 0.2 to 0.9 s of its start on a loaded machine.
 *
 * <p>The copy's name carries the library's CRC-32 and size from the driver jar's entry; before use
 * its size and CRC-32 are checked against the jar's entry, so a truncated or changed copy is
 * replaced rather than loaded. Nothing is done when the operator set {@code org.sqlite.lib.path}
 * themselves, or when the library is not in a jar (then the driver extracts as usual). Only the
 * process that may create files in the data directory ({@code create}, the main process) extracts;
 * the children use the copy it made.
 *
 * <p>Thread-safe: one call per JVM does the work, under the class's lock.
 */
final class SqliteNativeLibrary {

  /** The directory under the data directory that holds the copies. */
  static final String DIRECTORY = "native";

  private static final Logger LOG = LoggerFactory.getLogger(SqliteNativeLibrary.class);
  private static final String PATH_PROPERTY = "org.sqlite.lib.path";
  private static final String NAME_PROPERTY = "org.sqlite.lib.name";

  private static boolean chosen;

  private SqliteNativeLibrary() {}

  /**
   * Points the driver at the kept copy under {@code dataDirectory}, extracting it first when {@code
   * create} and it is missing or damaged. Before the driver's first connection; later calls do
   * nothing (the driver loads its library once per JVM).
   */
  static synchronized void useCopyIn(Path dataDirectory, boolean create) {
    if (chosen) {
      return;
    }
    chosen = true;
    if (System.getProperty(PATH_PROPERTY) != null) {
      return;
    }
    try {
      keptCopy(dataDirectory, create)
          .ifPresent(
              copy -> {
                System.setProperty(PATH_PROPERTY, copy.getParent().toString());
                System.setProperty(NAME_PROPERTY, copy.getFileName().toString());
              });
    } catch (IOException | RuntimeException e) {
      // The driver's own extraction still works; only slower.
      LOG.info("sqlite-jdbc extracts its native library itself: {}", e.toString());
    }
  }

  /**
   * The kept copy of the driver's native library under {@code dataDirectory}, extracted when {@code
   * create} and missing or damaged; empty when there is none to use (not {@code create}, or the
   * library is not in a jar).
   */
  static Optional<Path> keptCopy(Path dataDirectory, boolean create) throws IOException {
    String name = System.mapLibraryName("sqlitejdbc");
    String resource =
        "/org/sqlite/native/" + OSInfo.getNativeLibFolderPathForCurrentOS() + "/" + name;
    URL url = JDBC.class.getResource(resource);
    if (url == null) {
      return Optional.empty();
    }
    URLConnection connection = url.openConnection();
    if (!(connection instanceof JarURLConnection jar)) {
      return Optional.empty();
    }
    connection.setUseCaches(false);
    JarEntry entry = jar.getJarEntry();
    long size = entry.getSize();
    long crc = entry.getCrc();
    if (size < 0 || crc < 0) {
      return Optional.empty();
    }
    Path directory = dataDirectory.resolve(DIRECTORY).toAbsolutePath();
    Path copy = directory.resolve("sqlite-" + Long.toHexString(crc) + "-" + size + "-" + name);
    if (!whole(copy, size, crc)) {
      if (!create) {
        return Optional.empty();
      }
      extract(url, directory, copy, size, crc);
    }
    return Optional.of(copy);
  }

  private static void extract(URL url, Path directory, Path copy, long size, long crc)
      throws IOException {
    OwnerOnly.createDirectories(directory);
    Path partial =
        Files.createTempFile(directory, "partial-", ".tmp", OwnerOnly.fileAttributes(directory));
    try {
      URLConnection connection = url.openConnection();
      connection.setUseCaches(false);
      // Into the file created owner-only (Files.copy would replace it with the umask's).
      try (InputStream in = connection.getInputStream();
          OutputStream out = Files.newOutputStream(partial)) {
        in.transferTo(out);
      }
      if (!whole(partial, size, crc)) {
        throw new IOException("the extracted native library does not match the driver jar's");
      }
      Files.move(
          partial, copy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      LOG.info("sqlite-jdbc's native library kept in {}", copy);
      // Copies of other driver builds; a process still running one keeps its mapping.
      try (DirectoryStream<Path> old = Files.newDirectoryStream(directory, "sqlite-*")) {
        for (Path file : old) {
          if (!file.equals(copy)) {
            Files.deleteIfExists(file);
          }
        }
      }
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  private static boolean whole(Path file, long size, long crc) throws IOException {
    if (!Files.isRegularFile(file) || Files.size(file) != size) {
      return false;
    }
    CRC32 check = new CRC32();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[64 * 1024];
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        check.update(buffer, 0, n);
      }
    }
    return check.getValue() == crc;
  }
}
