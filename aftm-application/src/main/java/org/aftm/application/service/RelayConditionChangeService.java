package org.aftm.application.service;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.aftm.application.port.in.RelayConditionChangeUseCase;
import org.aftm.application.port.out.PublishOrderUpdatesPort;
import org.aftm.domain.condition.ConditionCommand;

/**
 * Relays the operator's stored condition changes, and the conditions' lots a flatten closed, to the
 * running strategy over its order-update channel, and remembers which commands the strategy
 * acknowledged (the most recent {@value #MAX_REMEMBERED}). Thread-safe.
 */
public final class RelayConditionChangeService implements RelayConditionChangeUseCase {

  static final int MAX_REMEMBERED = 4_096;

  private final PublishOrderUpdatesPort channel;
  private final AtomicLong lastCommandId = new AtomicLong();
  private final Set<Long> acknowledged =
      Collections.synchronizedSet(
          Collections.newSetFromMap(
              new LinkedHashMap<>() {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
                  return size() > MAX_REMEMBERED;
                }
              }));

  public RelayConditionChangeService(PublishOrderUpdatesPort channel) {
    this.channel = channel;
  }

  @Override
  public long relay(ConditionCommand.Change change, long conditionId) {
    long id = lastCommandId.incrementAndGet();
    channel.publish(new ConditionCommand(id, change, conditionId));
    return id;
  }

  /**
   * Relays lots of a condition closed outside its own exits (a flatten) under a new command id; the
   * caller relays the returned command again, under the same id, until it is acknowledged.
   *
   * @throws IllegalArgumentException when a field is out of range ({@link ConditionCommand})
   */
  public ConditionCommand relayClosed(
      long conditionId, int lots, long priceUnits, int exitFilledAfter, String closedBy) {
    ConditionCommand command =
        ConditionCommand.closed(
            lastCommandId.incrementAndGet(),
            conditionId,
            lots,
            priceUnits,
            exitFilledAfter,
            closedBy);
    channel.publish(command);
    return command;
  }

  /** Publishes a command again under its own id: the strategy applies a repeat as a no-op. */
  public void relayAgain(ConditionCommand command) {
    channel.publish(command);
  }

  @Override
  public void acknowledge(long commandId) {
    acknowledged.add(commandId);
  }

  @Override
  public boolean isAcknowledged(long commandId) {
    return acknowledged.contains(commandId);
  }
}
