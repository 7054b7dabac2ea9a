package org.aftm.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.aftm.domain.model.Price;
import org.junit.jupiter.api.Test;

/** The console's questions: suggestions, bad answers named, and the end of input. */
class ConsolePromptsTest {

  /** Answers in order; the prompts it was asked are kept. */
  private static final class Answers implements ConsoleInput {
    final Deque<String> answers;
    final List<String> asked = new ArrayList<>();

    Answers(String... answers) {
      this.answers = new ArrayDeque<>(List.of(answers));
    }

    @Override
    public String line(String prompt) {
      asked.add(prompt);
      if (answers.isEmpty()) {
        throw new EndOfInput();
      }
      return answers.pop();
    }

    @Override
    public char[] secret(String prompt) {
      return line(prompt).toCharArray();
    }
  }

  private final StringWriter written = new StringWriter();

  private ConsolePrompts prompts(Answers answers) {
    return new ConsolePrompts(answers, new PrintWriter(written));
  }

  @Test
  void anEmptyAnswerTakesTheSuggestionShownInBrackets() {
    Answers answers = new Answers("", "MXF");
    ConsolePrompts prompts = prompts(answers);

    assertThat(prompts.ask("Instrument", "TXF")).isEqualTo("TXF");
    assertThat(prompts.ask("Instrument", "TXF")).isEqualTo("MXF");
    assertThat(answers.asked).containsExactly("Instrument [TXF]: ", "Instrument [TXF]: ");
  }

  @Test
  void aQuestionWithoutSuggestionNeedsAnAnswer() {
    assertThatThrownBy(() -> prompts(new Answers("")).ask("Trigger price", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("trigger price: an answer is needed");
  }

  @Test
  void badNumbersNameTheQuestionAndWhatWasTyped() {
    assertThatThrownBy(() -> prompts(new Answers("22k")).price("Trigger price", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("trigger price '22k': ");
    assertThatThrownBy(() -> prompts(new Answers("1.5")).whole("Quantity (lots)", "1"))
        .hasMessage("quantity (lots) '1.5': not a whole number");
    assertThat(prompts(new Answers("22000.5")).price("Trigger price", ""))
        .isEqualTo(Price.parse("22000.5"));
  }

  @Test
  void onlyYesConfirms() {
    assertThat(prompts(new Answers("y")).yes("Send?", false)).isTrue();
    assertThat(prompts(new Answers("YES")).yes("Send?", false)).isTrue();
    assertThat(prompts(new Answers("")).yes("Send?", false)).isFalse();
    assertThat(prompts(new Answers("sure")).yes("Send?", false)).isFalse();
    assertThat(prompts(new Answers("")).yes("Keep?", true)).isTrue();
  }

  @Test
  void theEndOfInputReachesTheCaller() {
    assertThatThrownBy(() -> prompts(new Answers()).ask("Account", "demo"))
        .isInstanceOf(ConsoleInput.EndOfInput.class);
  }

  @Test
  void sayWritesALineAtOnce() {
    prompts(new Answers()).say("Stopped.");

    assertThat(written.toString()).isEqualTo("Stopped." + System.lineSeparator());
  }
}
