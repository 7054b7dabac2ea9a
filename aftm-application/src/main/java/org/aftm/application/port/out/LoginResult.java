package org.aftm.application.port.out;

/**
 * The broker's answer to a login.
 *
 * @param success whether the user is now logged in
 * @param message the broker's text (never contains the password)
 */
public record LoginResult(boolean success, String message) {

  public static LoginResult ok(String message) {
    return new LoginResult(true, message);
  }

  public static LoginResult refused(String message) {
    return new LoginResult(false, message);
  }
}
