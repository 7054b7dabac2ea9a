package org.aftm.application.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UntrustedTextTest {

  @Test
  void aForgedLogLineStaysOnOneLineAndQuoted() {
    String forged = "health_check\n2026-12-01 10:00:00.000 INFO  [main] Gateway: all fine";

    String quoted = UntrustedText.quote(forged);

    assertThat(quoted)
        .isEqualTo("\"health_check\\n2026-12-01 10:00:00.000 INFO  [main] Gateway: all fine\"")
        .doesNotContain("\n", "\r");
  }

  @Test
  void controlAndInvisibleCharactersAreEscaped() {
    assertThat(UntrustedText.quote("a\rb\tc\u0000d\u001be\u007ff\u2028g\u202eh"))
        .isEqualTo("\"a\\rb\\tc\\u0000d\\u001be\\u007ff\\u2028g\\u202eh\"");
  }

  @Test
  void quotesAndBackslashesCannotEndTheQuoteEarly() {
    assertThat(UntrustedText.quote("x\" forged=\"1\\")).isEqualTo("\"x\\\" forged=\\\"1\\\\\"");
  }

  @Test
  void ordinaryTextIncludingChineseAndEmojiIsKept() {
    assertThat(UntrustedText.quote("台指期 TXFF6 🚀")).isEqualTo("\"台指期 TXFF6 🚀\"");
  }

  @Test
  void longTextIsCutAtTheCapAndSaysHowMuchWasLeftOut() {
    String text = "x".repeat(UntrustedText.MAX_CHARS + 50);

    String quoted = UntrustedText.quote(text);

    assertThat(quoted)
        .isEqualTo("\"" + "x".repeat(UntrustedText.MAX_CHARS) + "…(+50 chars)\"")
        .hasSizeLessThan(UntrustedText.MAX_CHARS + 20);
  }

  @Test
  void theCutNeverSplitsASurrogatePair() {
    assertThat(UntrustedText.escape("ab🚀cd", 3)).isEqualTo("ab…(+4 chars)");
    assertThat(UntrustedText.escape("ab🚀cd", 4)).isEqualTo("ab🚀…(+2 chars)");
    assertThat(UntrustedText.escape("a\ud800b", 10)).isEqualTo("a\\ud800b");
  }

  @Test
  void nullIsShownUnquotedAndObjectsByTheirText() {
    assertThat(UntrustedText.quote(null)).isEqualTo("null");
    assertThat(UntrustedText.quote(new StringBuilder("a\nb"))).isEqualTo("\"a\\nb\"");
  }

  @Test
  void aCapBelowOneIsAProgrammingError() {
    assertThatThrownBy(() -> UntrustedText.escape("x", 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void oneLineEscapesBreaksButLeavesQuotesOfAnAlreadyQuotedMessage() {
    String message = "unknown operation " + UntrustedText.quote("a\nb") + "\r\nforged";

    assertThat(UntrustedText.oneLine(message, 200))
        .isEqualTo("unknown operation \"a\\nb\"\\r\\nforged");
  }
}
