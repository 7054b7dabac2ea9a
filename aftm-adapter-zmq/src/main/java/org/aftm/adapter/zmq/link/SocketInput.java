package org.aftm.adapter.zmq.link;

import org.zeromq.ZMQ;

/**
 * A receiving adapter whose input socket a {@link SocketWaitIdleStrategy} can wait on, so one agent
 * thread can sleep until any of its inputs has a message (see {@link
 * SocketWaitIdleStrategy#waitingOn}). The socket itself stays private to the adapter.
 */
public interface SocketInput {

  /** Registers the input socket for incoming messages; call on the thread that polls it. */
  void registerForInput(ZMQ.Poller poller);
}
