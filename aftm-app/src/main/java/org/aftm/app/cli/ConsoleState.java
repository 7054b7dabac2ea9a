package org.aftm.app.cli;

/**
 * Where the operator's console stands, as the menu needs it: what is possible now follows from it.
 *
 * @param loggedIn the broker session is logged in
 * @param serving an order account is selected and the order path serves it
 * @param tradingStarted the strategy and the order executor have been started (start all)
 */
record ConsoleState(boolean loggedIn, boolean serving, boolean tradingStarted) {}
