package org.aftm.adapter.out.fix.venue;

import java.nio.file.Path;
import java.util.Objects;
import org.aftm.adapter.out.fix.FixVersion;

/**
 * How a {@link FixVenue} listens.
 *
 * @param host the address to listen on, e.g. {@code 127.0.0.1}
 * @param port the port, 0 for a free one
 * @param directory the venue's own directory: message store ({@code store/}) and TLS key ({@code
 *     tls/}); created owner-only
 * @param senderCompId the venue's CompID, {@code AFTM-VENUE} by default
 * @param targetCompId the initiator it accepts, {@code AFTM} by default
 * @param version the session's FIX version
 * @param tls whether the socket speaks TLS with a self-signed key made at start
 */
public record FixVenueSettings(
    String host,
    int port,
    Path directory,
    String senderCompId,
    String targetCompId,
    FixVersion version,
    boolean tls) {

  public static final int DEFAULT_PORT = 9878;
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final String DEFAULT_SENDER_COMP_ID = "AFTM-VENUE";
  public static final String DEFAULT_TARGET_COMP_ID = "AFTM";

  public FixVenueSettings {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(version, "version");
    requireText("host", host);
    requireCompId("sender CompID", senderCompId);
    requireCompId("target CompID", targetCompId);
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0 to 65535 but was " + port);
    }
  }

  /** The defaults, listening on {@code port} and keeping files in {@code directory}. */
  public static FixVenueSettings defaults(int port, Path directory) {
    return new FixVenueSettings(
        DEFAULT_HOST,
        port,
        directory,
        DEFAULT_SENDER_COMP_ID,
        DEFAULT_TARGET_COMP_ID,
        FixVersion.FIX44,
        false);
  }

  private static void requireText(String what, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " is required");
    }
  }

  private static void requireCompId(String what, String value) {
    requireText(what, value);
    if (!value.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new IllegalArgumentException(
          what + " must be 1 to 64 letters, digits, '.', '_' or '-' but was '" + value + "'");
    }
  }
}
