package org.aftm.domain.model;

/**
 * The best bid and offer of one instrument, as the broker reports it. Prices in {@link Price}
 * units.
 */
public record BestBidOffer(
    String itemCode,
    long bidUnits,
    long bidQuantity,
    long askUnits,
    long askQuantity,
    long exchangeTimeMillis) {}
