package org.aftm.application.port.out;

import org.aftm.domain.order.Fill;

/** Stores fills as they arrive; durable on return. */
public interface RecordFillPort {

  void recordFill(Fill fill);
}
