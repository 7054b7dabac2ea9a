package org.aftm.domain.model;

/**
 * A trade print as the broker reports it, before the publisher numbers and stamps it.
 *
 * @param itemCode the instrument
 * @param priceUnits the match price in {@link Price} units
 * @param quantity the match quantity in lots
 * @param exchangeTimeMillis the exchange's time of the match, epoch milliseconds
 */
public record MarketTick(
    String itemCode, long priceUnits, long quantity, long exchangeTimeMillis) {}
