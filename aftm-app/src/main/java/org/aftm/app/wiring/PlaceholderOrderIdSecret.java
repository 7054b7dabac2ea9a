package org.aftm.app.wiring;

import java.nio.charset.StandardCharsets;

/**
 * TEMPORARY (issue #13): the order-id secret until the key store lands. Every install shares this
 * value, which is in the source, so an {@code aftm-} id proven with it is no harder to squat than
 * before; it only lets the main process and its children agree while the wiring of the real secret
 * ({@code <data>/keys/order-id.secret}, handed to the children on stdin) is merged. Its one caller
 * per process is the method that will read the real secret instead: {@code
 * MainProcess.orderIdSecret()} and {@code ChildCommand}'s call of {@link
 * OrderExecutorProcess#start}.
 */
public final class PlaceholderOrderIdSecret {

  private PlaceholderOrderIdSecret() {}

  /** A fresh copy of the placeholder (32 bytes), so a caller may wipe it. */
  public static byte[] bytes() {
    return "aftm placeholder order-id secret".getBytes(StandardCharsets.US_ASCII); // 32 bytes
  }
}
