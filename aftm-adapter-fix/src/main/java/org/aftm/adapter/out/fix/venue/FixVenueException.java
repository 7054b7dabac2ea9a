package org.aftm.adapter.out.fix.venue;

/** A {@link FixVenue} could not start: its message says why in one line. */
public final class FixVenueException extends RuntimeException {

  private final boolean addressInUse;

  FixVenueException(String message, boolean addressInUse, Throwable cause) {
    super(message, cause);
    this.addressInUse = addressInUse;
  }

  /** Whether another process listens on the venue's host and port already. */
  public boolean addressInUse() {
    return addressInUse;
  }
}
