package org.aftm.domain.condition;

/**
 * The fields of a {@link ConditionSpec}, so that a refusal can say which one is wrong and each
 * front end can name it as its operator typed it: a flag ({@code --trigger}), a file's field
 * ({@code trigger_price}) or a console prompt.
 */
public enum ConditionField {
  ITEM_CODE("item"),
  ACTION("action"),
  TRIGGER_PRICE("trigger price"),
  TURNING_POINT("turning point"),
  QUANTITY("quantity"),
  TAKE_PROFIT_POINT("take profit"),
  STOP_LOSS_POINT("stop loss"),
  FOLLOWING("following");

  private final String label;

  ConditionField(String label) {
    this.label = label;
  }

  /** A neutral human name, for messages no front end translated. */
  public String label() {
    return label;
  }
}
