/**
 * The broker over FIX on QuickFIX/J ({@code EXCHANGE_MODE=fix}): an initiator that implements the
 * application's {@code ExchangeApi} port, mapping NewOrderSingle out and ExecutionReports back onto
 * the order lifecycle's events.
 */
package org.aftm.adapter.out.fix;
