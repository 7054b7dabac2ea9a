package org.aftm.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ShutdownSequenceTest {

  @Test
  void stopsTheLastStartedFirst() {
    List<String> stopped = new CopyOnWriteArrayList<>();
    ShutdownSequence sequence = new ShutdownSequence();
    sequence.push(() -> stopped.add("first"));
    sequence.push(() -> stopped.add("second"));

    sequence.close();
    sequence.close();

    assertThat(stopped).containsExactly("second", "first");
  }

  /**
   * A part whose stop waits for another thread that pushes (the console's shutdown hook stopping
   * trading while the console thread registers an instrument under the main process's monitor).
   */
  @Test
  void aPushDuringTheCloseDoesNotWaitForItAndItsPartIsStopped() throws Exception {
    List<String> stopped = new CopyOnWriteArrayList<>();
    ShutdownSequence sequence = new ShutdownSequence();
    Object monitor = new Object();
    Thread pusher =
        new Thread(
            () -> {
              synchronized (monitor) {
                sequence.push(() -> stopped.add("late"));
              }
            });
    sequence.push(
        () -> {
          pusher.start();
          pusher.join(TimeUnit.SECONDS.toMillis(10));
          synchronized (monitor) {
            stopped.add("waiting");
          }
        });

    sequence.close();

    assertThat(pusher.isAlive()).as("the pusher still blocked").isFalse();
    assertThat(stopped).containsExactly("late", "waiting");
  }
}
