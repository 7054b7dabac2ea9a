package org.aftm.adapter.out.fix;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import quickfix.Message;

/** The Logon a store keeps: its password masked, and still a message that parses for a resend. */
class StoredLogonTest {

  @Test
  void theMaskedLogonKeepsAValidLengthAndChecksum() throws Exception {
    Message logon = new Message();
    logon.getHeader().setString(8, "FIX.4.4");
    logon.getHeader().setString(35, "A");
    logon.getHeader().setInt(34, 7);
    logon.getHeader().setString(49, "AFTM");
    logon.getHeader().setString(56, "AFTM-VENUE");
    logon.setInt(98, 0);
    logon.setInt(108, 30);
    logon.setString(553, "demo");
    logon.setString(554, "a-longer-secret");
    String sent = logon.toString();

    String stored = PasswordMask.maskMessage(sent);

    assertThat(stored).contains("\u0001554=***\u0001").doesNotContain("a-longer-secret");
    Message parsed = new Message(stored); // validates BodyLength and CheckSum
    assertThat(parsed.getString(553)).isEqualTo("demo");
    assertThat(parsed.getHeader().getInt(34)).isEqualTo(7);
    assertThat(PasswordMask.maskMessage("8=FIX.4.4\u00019=5\u000135=0\u000110=000\u0001"))
        .isEqualTo("8=FIX.4.4\u00019=5\u000135=0\u000110=000\u0001");
  }
}
