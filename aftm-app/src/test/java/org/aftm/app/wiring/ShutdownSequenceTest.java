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
   * A part whose stop waits for another thread that pushes: the console's shutdown hook stopping
   * trading (needing the main process's monitor) while the console thread, holding that monitor in
   * registerItem, pushes. The wait is bounded here so that the old lock order fails rather than
   * hangs.
   */
  @Test
  void aPushDuringTheCloseDoesNotWaitForItAndItsPartIsStopped() throws Exception {
    List<String> stopped = new CopyOnWriteArrayList<>();
    ShutdownSequence sequence = new ShutdownSequence();
    Thread pusher = new Thread(() -> sequence.push(() -> stopped.add("late")));
    sequence.push(
        () -> {
          pusher.start();
          pusher.join(TimeUnit.SECONDS.toMillis(10));
          stopped.add(pusher.isAlive() ? "pusher blocked" : "pusher done");
        });

    sequence.close();

    assertThat(stopped).containsExactly("late", "pusher done");
  }
}
