/**
 * The ZeroMQ adapters that drive the application (the inbound side): the order gateway server and
 * its request handler, the tick subscriber, the signal receiver and the order-update subscriber.
 * The wire formats they read are in {@link org.aftm.adapter.zmq.codec}, the socket plumbing they
 * share in {@link org.aftm.adapter.zmq.link}, the gateway's JSON names in {@link
 * org.aftm.adapter.zmq.gateway}.
 */
package org.aftm.adapter.zmq.in;
