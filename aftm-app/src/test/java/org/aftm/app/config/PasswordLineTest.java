package org.aftm.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code aftm run --password-stdin} reads one line into a char[] and nothing after it. */
class PasswordLineTest {

  @Test
  void readsUpToTheNewlineAndNotBeyond() throws IOException {
    ByteArrayInputStream in = stream("s3cret\nnext line");

    assertThat(PasswordLine.read(in)).containsExactly("s3cret".toCharArray());
    assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("next line");
  }

  @Test
  void theEndOfTheStreamEndsTheLineAndACarriageReturnIsDropped() throws IOException {
    assertThat(PasswordLine.read(stream("s3cret"))).containsExactly("s3cret".toCharArray());
    assertThat(PasswordLine.read(stream("s3cret\r\n"))).containsExactly("s3cret".toCharArray());
  }

  @Test
  void decodesUtf8AndKeepsInnerSpaces() throws IOException {
    assertThat(PasswordLine.read(stream("pä ss€\n"))).containsExactly("pä ss€".toCharArray());
  }

  @Test
  void aLongPasswordGrowsTheBuffer() throws IOException {
    String longPassword = "x".repeat(1000);

    assertThat(PasswordLine.read(stream(longPassword + "\n")))
        .containsExactly(longPassword.toCharArray());
  }

  @Test
  void anEmptyLineTooLongInputAndNonUtf8AreRefusedWithoutEchoingThem() {
    assertThatThrownBy(() -> PasswordLine.read(stream("\n")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the password line is empty");
    assertThatThrownBy(() -> PasswordLine.read(stream("")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the password line is empty");
    assertThatThrownBy(() -> PasswordLine.read(stream("y".repeat(PasswordLine.MAX_BYTES + 1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("longer than");
    assertThatThrownBy(
            () -> PasswordLine.read(new ByteArrayInputStream(new byte[] {'a', (byte) 0xff, 'b'})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the password line is not UTF-8 text");
  }

  private static ByteArrayInputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
