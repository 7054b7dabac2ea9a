package org.aftm.adapter.zmq.gateway;

import java.util.function.Supplier;
import org.aftm.application.port.in.CheckHealthUseCase;

/** Answers with a settable report, or whatever the supplier does (throw, return null). */
public final class FakeCheckHealth implements CheckHealthUseCase {

  public static final HealthReport HEALTHY = new HealthReport(true, true, true, "CLOSED", 42);

  public volatile Supplier<HealthReport> answer = () -> HEALTHY;

  @Override
  public HealthReport checkHealth() {
    return answer.get();
  }
}
