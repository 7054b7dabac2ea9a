package org.aftm.domain.condition;

/**
 * What a condition's orders have done so far: the part of its state that follows fills and
 * refusals, stored so a restart carries on where it was.
 *
 * @param entryAttempts entry attempts made (the current one's number), 0 before the first
 * @param entryFilled lots the entry filled
 * @param entryCostUnits sum of price × lots over the entry's fills, in price units
 * @param entryFinal whether the current entry attempt can fill no more
 * @param exitAttempts exit attempts made, 0 before the first
 * @param exitStep why the exit was sent: {@link ConditionStep#TOOK_PROFIT} or {@link
 *     ConditionStep#STOPPED_OUT}, or {@code null} before the exit
 * @param exitFilledBefore lots closed by earlier exit attempts
 * @param exitCostBefore sum of price × lots over those earlier attempts' fills
 * @param exitAttemptFilled lots closed by the current exit attempt
 * @param exitAttemptCost sum of price × lots over the current exit attempt's fills
 * @param exitAttemptFinal whether the current exit attempt can fill no more
 * @param failure why the condition failed, or empty
 */
public record ConditionProgress(
    int entryAttempts,
    int entryFilled,
    long entryCostUnits,
    boolean entryFinal,
    int exitAttempts,
    ConditionStep exitStep,
    int exitFilledBefore,
    long exitCostBefore,
    int exitAttemptFilled,
    long exitAttemptCost,
    boolean exitAttemptFinal,
    String failure) {

  /** Nothing ordered yet. */
  public static final ConditionProgress NONE =
      new ConditionProgress(0, 0, 0, false, 0, null, 0, 0, 0, 0, false, "");

  public ConditionProgress {
    if (failure == null) {
      failure = "";
    }
  }

  /** Lots closed by all exit attempts. */
  public int exitFilled() {
    return exitFilledBefore + exitAttemptFilled;
  }

  public long exitCostUnits() {
    return exitCostBefore + exitAttemptCost;
  }

  /** Lots the entry filled that no exit has closed yet. */
  public int openQuantity() {
    return entryFilled - exitFilled();
  }
}
