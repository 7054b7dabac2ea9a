package org.aftm.adapter.zmq.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.aftm.domain.model.Side;
import org.aftm.domain.strategy.Signal;
import org.aftm.domain.strategy.SignalReason;
import org.junit.jupiter.api.Test;

/** Version 2 of the signal frame names the entry attempt an exit closes. */
class SignalCodecClosesTest {

  private static Signal exit(String signalId, String closes) {
    return new Signal(
        signalId, 7, "TXF", Side.SELL, 2, SignalReason.STOP_LOSS, 1, 2, 3, 4, 5, closes);
  }

  @Test
  void shouldCarryTheEntryAttemptAnExitCloses() throws MalformedMessageException {
    Signal signal = exit("7-exit-3", "7-entry-2");

    SequencedSignal decoded = SignalCodec.decode(SignalCodec.encode(9, signal));

    assertThat(decoded.signal()).isEqualTo(signal);
    assertThat(decoded.signal().closesSignalId()).isEqualTo("7-entry-2");
  }

  @Test
  void shouldCarryNoClosesForAnEntry() throws MalformedMessageException {
    Signal entry =
        new Signal("7-entry-2", 7, "TXF", Side.BUY, 2, SignalReason.ENTRY, 1, 2, 3, 4, 5, null);

    assertThat(SignalCodec.decode(SignalCodec.encode(1, entry)).signal().closesSignalId()).isNull();
  }

  @Test
  void shouldRefuseAnExitFrameThatNamesNoEntry() {
    byte[] frame = SignalCodec.encode(1, exit("7-exit", "7-entry"));
    // The closes id is the frame's tail: a length byte and "7-entry"; cut it to an empty id.
    byte[] withoutCloses = java.util.Arrays.copyOf(frame, frame.length - "7-entry".length());
    withoutCloses[withoutCloses.length - 1] = 0;

    assertThatThrownBy(() -> SignalCodec.decode(withoutCloses))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("names no entry it closes");
  }

  @Test
  void shouldRefuseAFrameOfTheFirstVersion() {
    byte[] frame = SignalCodec.encode(1, exit("7-exit", "7-entry"));
    frame[1] = 1;

    assertThatThrownBy(() -> SignalCodec.decode(frame))
        .isInstanceOf(MalformedMessageException.class);
  }
}
