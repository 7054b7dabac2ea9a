package org.aftm.application.port.out;

/**
 * The non-secret session: who is logged in, which order account trades, which item is registered.
 * Never holds the password.
 */
public record TradingSession(String account, String orderAccount, String itemCode) {}
