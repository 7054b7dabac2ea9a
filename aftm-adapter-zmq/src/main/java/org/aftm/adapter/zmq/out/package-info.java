/**
 * The ZeroMQ adapters the application drives (the outbound side): the order gateway client, the
 * tick publisher with its {@link org.aftm.adapter.zmq.out.MarketDataPublisher}, the signal sender
 * and the order-update publisher.
 */
package org.aftm.adapter.zmq.out;
