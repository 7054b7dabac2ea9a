package org.aftm.app.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.aftm.domain.model.Price;

/**
 * The console's questions and answers: a question with its suggested answer in brackets (Enter
 * takes it), a yes/no, a price, a whole number; and its lines out. A bad answer is an {@link
 * IllegalArgumentException} naming the question and what was typed.
 */
final class ConsolePrompts {

  private final ConsoleInput input;
  private final PrintWriter out;

  ConsolePrompts(ConsoleInput input, PrintWriter out) {
    this.input = input;
    this.out = out;
  }

  /** Where tables go; flushed by {@link #say}. */
  PrintWriter out() {
    return out;
  }

  /** The secret (the password), not echoed: see {@link ConsoleInput#secret}. */
  char[] secret(String prompt) {
    return input.secret(prompt);
  }

  /** A line at the menu's prompt. */
  String line(String prompt) {
    return input.line(prompt);
  }

  String ask(String question, String suggestion) {
    String answer =
        input.line(question + (suggestion.isEmpty() ? "" : " [" + suggestion + "]") + ": ");
    String value = answer.isEmpty() ? suggestion : answer;
    if (value.isEmpty()) {
      throw new IllegalArgumentException(
          question.toLowerCase(Locale.ROOT) + ": an answer is needed");
    }
    return value;
  }

  boolean yes(String question, boolean suggestion) {
    String answer = input.line(question + (suggestion ? " [Y/n]: " : " [y/N]: "));
    if (answer.isEmpty()) {
      return suggestion;
    }
    return answer.equalsIgnoreCase("y") || answer.equalsIgnoreCase("yes");
  }

  Price price(String question, String suggestion) {
    String text = ask(question, suggestion);
    try {
      return Price.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          question.toLowerCase(Locale.ROOT) + " '" + text + "': " + e.getMessage(), e);
    }
  }

  int whole(String question, String suggestion) {
    String text = ask(question, suggestion);
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          question.toLowerCase(Locale.ROOT) + " '" + text + "': not a whole number", e);
    }
  }

  void say(String line) {
    out.println(line);
    out.flush();
  }
}
