package org.aftm.adapter.out.fix;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordMaskTest {

  private static final char SOH = 1;

  @Test
  void masksThePasswordWhereverItStandsAndNothingElse() {
    String logon =
        String.join(String.valueOf(SOH), "8=FIX.4.4", "35=A", "553=demo", "554=pa55", "10=1");
    assertThat(PasswordMask.mask(logon))
        .isEqualTo(
            String.join(String.valueOf(SOH), "8=FIX.4.4", "35=A", "553=demo", "554=***", "10=1"));
    assertThat(PasswordMask.mask("554=first|1554=kept|554=last"))
        .isEqualTo("554=***|1554=kept|554=***");
    assertThat(PasswordMask.mask("58=no password here")).isEqualTo("58=no password here");
    assertThat(PasswordMask.mask(null)).isNull();
  }
}
