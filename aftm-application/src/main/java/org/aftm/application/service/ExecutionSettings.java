package org.aftm.application.service;

/**
 * How the order executor turns signals into orders.
 *
 * @param orderAccount the order account every order is placed for
 * @param maxSignalAgeNanos a signal older than this (from its tick's publish time) is dropped
 */
public record ExecutionSettings(String orderAccount, long maxSignalAgeNanos) {

  public ExecutionSettings {
    if (orderAccount == null || orderAccount.isBlank()) {
      throw new IllegalArgumentException("order account is required");
    }
    if (maxSignalAgeNanos <= 0) {
      throw new IllegalArgumentException("max signal age must be > 0");
    }
  }
}
