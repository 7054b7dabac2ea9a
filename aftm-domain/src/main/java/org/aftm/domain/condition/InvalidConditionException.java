package org.aftm.domain.condition;

import java.util.Objects;

/**
 * A condition the operator asked for cannot be accepted: {@link #field()} says which of its fields
 * is wrong and {@link #problem()} what is wrong with it, worded to follow the field's name (e.g.
 * {@code "must be a multiple of the tick size 1 of TXF, was 22000.5"}), so that the CLI can print
 * {@code --trigger must be ...} and a conditions file {@code field trigger_price: must be ...}.
 */
public final class InvalidConditionException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final ConditionField field;
  private final String problem;

  public InvalidConditionException(ConditionField field, String problem) {
    super(Objects.requireNonNull(field, "field").label() + " " + problem);
    this.field = field;
    this.problem = problem;
  }

  public ConditionField field() {
    return field;
  }

  public String problem() {
    return problem;
  }
}
