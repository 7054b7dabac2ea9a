package org.aftm.adapter.zmq.gateway;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.aftm.application.port.in.RelayConditionChangeUseCase;
import org.aftm.domain.condition.ConditionCommand;

/** Numbers relayed changes from 1 and remembers acknowledgements; unknown ids fail if asked. */
public final class FakeRelayConditionChange implements RelayConditionChangeUseCase {

  public final List<ConditionCommand> relayed = new CopyOnWriteArrayList<>();
  public final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
  private final AtomicLong nextId = new AtomicLong();
  public volatile RuntimeException failure;

  @Override
  public long relay(ConditionCommand.Change change, long conditionId) {
    if (failure != null) {
      throw failure;
    }
    ConditionCommand command = new ConditionCommand(nextId.incrementAndGet(), change, conditionId);
    relayed.add(command);
    return command.commandId();
  }

  @Override
  public void acknowledge(long commandId) {
    if (failure != null) {
      throw failure;
    }
    acknowledged.add(commandId);
  }

  @Override
  public boolean isAcknowledged(long commandId) {
    if (failure != null) {
      throw failure;
    }
    return acknowledged.contains(commandId);
  }
}
