package org.aftm.application.port.out;

/**
 * Where the services record how long one hop of a tick's way to an order took
 * (docs/architecture.md, observability). Called on the hot path of the strategy and the order
 * executor, so an implementation must neither allocate nor lock; each hop has one writing thread.
 */
public interface HopLatencyPort {

  /** Records nothing: for tests and benchmarks that measure no hop. */
  HopLatencyPort NONE = (hop, nanos) -> {};

  /** The hops, each named as its {@code hop} label in {@code aftm_hop_latency_seconds}. */
  enum Hop {
    /** Tick published by the main process → received by the strategy. */
    TICK_TO_STRATEGY("tick_to_strategy"),
    /** The strategy's handling of one tick that produced a signal, the signal's send included. */
    STRATEGY_DECISION("strategy_decision"),
    /** Signal created and sent by the strategy → received by the order executor. */
    SIGNAL_TO_EXECUTOR("signal_to_executor"),
    /** The executor sends the order → the gateway's reply received, whatever it says. */
    EXECUTOR_TO_GATEWAY_REPLY("executor_to_gateway_reply"),
    /** Tick published → the gateway's reply that the order was accepted, in the executor. */
    TICK_TO_ORDER("tick_to_order");

    private final String label;

    Hop(String label) {
      this.label = label;
    }

    /** The hop's label value. */
    public String label() {
      return label;
    }
  }

  /** Records one passage of {@code hop} that took {@code nanos}; a negative time is ignored. */
  void record(Hop hop, long nanos);
}
