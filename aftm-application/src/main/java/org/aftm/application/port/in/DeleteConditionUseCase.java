package org.aftm.application.port.in;

/** Deletes a condition; a running strategy drops it within one tick. */
public interface DeleteConditionUseCase {

  /**
   * @return whether a condition with that id existed
   */
  boolean deleteCondition(long id);
}
