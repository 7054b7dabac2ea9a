package org.aftm.app.system;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Looks for a text in a heap dump file as the JVM may hold it: a Latin-1/UTF-8 {@code byte[]} (a
 * compact String, an encoded buffer) or a {@code char[]} (a UTF-16 String, a password array), in
 * either byte order. Reads the file in chunks, so a dump of any size fits.
 */
final class HeapDumpText {

  private HeapDumpText() {}

  /** The encodings {@code text} is looked for in. */
  static List<byte[]> encodings(String text) {
    return List.of(
        text.getBytes(StandardCharsets.UTF_8),
        text.getBytes(StandardCharsets.UTF_16LE),
        text.getBytes(StandardCharsets.UTF_16BE));
  }

  /** Whether {@code file} holds {@code text} in any of its {@link #encodings}. */
  static boolean contains(Path file, String text) throws IOException {
    List<byte[]> patterns = encodings(text);
    int overlap = patterns.stream().mapToInt(p -> p.length).max().orElse(1) - 1;
    byte[] buffer = new byte[(1 << 20) + overlap];
    int kept = 0;
    try (InputStream in = Files.newInputStream(file)) {
      int read;
      while ((read = in.readNBytes(buffer, kept, buffer.length - kept)) > 0) {
        int length = kept + read;
        for (byte[] pattern : patterns) {
          if (indexOf(buffer, length, pattern) >= 0) {
            return true;
          }
        }
        kept = Math.min(overlap, length);
        System.arraycopy(buffer, length - kept, buffer, 0, kept);
      }
    }
    return false;
  }

  static int indexOf(byte[] data, int length, byte[] pattern) {
    outer:
    for (int i = 0; i <= length - pattern.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
