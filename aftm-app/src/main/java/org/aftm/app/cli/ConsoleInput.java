package org.aftm.app.cli;

/**
 * Where the operator console reads what the operator types: a line at a prompt, or a secret that is
 * never echoed nor kept in the history. End of input (Ctrl-D, a closed pipe) is an {@link
 * EndOfInput} at any prompt; Ctrl-C abandons the prompt with an {@link InputCancelled}.
 */
interface ConsoleInput {

  /** A line, stripped of surrounding blanks. */
  String line(String prompt);

  /** A secret (the broker password): not echoed, not in the history. The caller wipes it. */
  char[] secret(String prompt);

  /** No more input: the console exits. */
  final class EndOfInput extends RuntimeException {
    private static final long serialVersionUID = 1L;

    EndOfInput() {
      super("end of input", null, false, false);
    }
  }

  /** The operator abandoned the prompt (Ctrl-C): back to the menu. */
  final class InputCancelled extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InputCancelled() {
      super("cancelled", null, false, false);
    }
  }
}
