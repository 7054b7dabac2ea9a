package org.aftm.domain.strategy;

/** A strategy parameter refused: the message names the parameter and what is wrong with it. */
public final class InvalidStrategyParameterException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String parameter;

  public InvalidStrategyParameterException(String parameter, String problem) {
    super(parameter + ": " + problem);
    this.parameter = parameter;
  }

  /** The parameter's name. */
  public String parameter() {
    return parameter;
  }
}
