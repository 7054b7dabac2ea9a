package org.aftm.application.backtest;

import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;

/**
 * One round trip of one instrument: from flat to flat again (a fill that reverses the position ends
 * one and starts the next). Prices are the replay's fill prices, averaged over the lots; costs are
 * what its fills cost (fees, tax and slippage). A trip still open when the data ends is marked to
 * the last price and flagged {@link #open()}; it has paid only its entry's costs.
 *
 * @param itemCode the instrument
 * @param side {@link Side#BUY} for a long trip, {@link Side#SELL} for a short one
 * @param lots the largest position it held, in lots
 * @param entryTimeMillis its first fill
 * @param entryPrice average price of the lots it opened (4 places, half even)
 * @param exitTimeMillis its last fill, or the last tick's time when open
 * @param exitPrice average price of the lots it closed, or the last price when open
 * @param grossPoints points before costs, summed over lots
 * @param netPoints points after costs (costs divided by the point value)
 * @param grossTwd TWD before costs
 * @param costsTwd fees, tax and slippage of its fills, TWD
 * @param netTwd TWD after costs
 * @param open whether the data ended with it open
 */
public record Trade(
    String itemCode,
    Side side,
    long lots,
    long entryTimeMillis,
    Price entryPrice,
    long exitTimeMillis,
    Price exitPrice,
    Price grossPoints,
    Price netPoints,
    Price grossTwd,
    Price costsTwd,
    Price netTwd,
    boolean open) {}
