package org.aftm.application.service;

import org.aftm.application.port.in.ExecuteSignalUseCase;
import org.aftm.application.port.out.ReceiveSignalsPort;
import org.agrona.concurrent.Agent;

/**
 * The order executor's duty cycle: poll signals and execute each. One thread owns the receiver and
 * the gateway client.
 */
public final class OrderExecutorAgent implements Agent {

  private static final int SIGNALS_PER_DUTY_CYCLE = 16;

  private final ReceiveSignalsPort signals;
  private final ReceiveSignalsPort.SignalHandler handler;

  public OrderExecutorAgent(ReceiveSignalsPort signals, ExecuteSignalUseCase executeSignal) {
    this.signals = signals;
    this.handler = executeSignal::execute;
  }

  @Override
  public String roleName() {
    return "order-executor";
  }

  @Override
  public int doWork() {
    return signals.poll(handler, SIGNALS_PER_DUTY_CYCLE);
  }
}
