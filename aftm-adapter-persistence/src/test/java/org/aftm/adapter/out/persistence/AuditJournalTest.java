package org.aftm.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.aftm.domain.order.OrderResult;
import org.aftm.domain.order.OrderSender;
import org.aftm.domain.order.OrderState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class AuditJournalTest {

  @TempDir Path dataDir;

  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(AuditJournal.class);

  @BeforeEach
  void captureLogs() {
    logs.start();
    logger.addAppender(logs);
  }

  @AfterEach
  void releaseLogs() {
    logger.detachAppender(logs);
  }

  private static AuditRecord.Request request(long auditId, String clientOrderId) {
    return new AuditRecord.Request(
        auditId,
        Samples.marketOrder(clientOrderId),
        "entry-ä€😀",
        new OrderSender("executor", "key-1"),
        1_700_000_000_000L + auditId);
  }

  private static AuditRecord.Result result(long auditId, String clientOrderId) {
    return new AuditRecord.Result(
        auditId,
        OrderResult.rejected("signal 7 entry", "RISK_LIMIT", "too many lots: ü", clientOrderId),
        1_700_000_000_500L + auditId);
  }

  private Path file() {
    return dataDir.resolve(AuditJournal.FILE_NAME);
  }

  @Test
  void recordsComeBackAsAppendedAcrossReopenAndTheFileIsOwnerOnly() throws IOException {
    List<AuditRecord> appended =
        List.of(
            request(1, "a"),
            result(1, "a"),
            request(2, null),
            new AuditRecord.Result(
                2,
                OrderResult.accepted("n", "S0001", null, OrderState.ACCEPTED, 0),
                1_700_000_001_000L));
    try (AuditJournal journal = AuditJournal.open(dataDir, AuditJournal.Durability.PROCESS)) {
      assertThat(journal.takeRecovered()).isEmpty();
      long end = 0;
      for (AuditRecord record : appended) {
        long next = journal.append(record);
        assertThat(next).isGreaterThan(end);
        end = next;
      }
      journal.awaitDurable(end);
      assertThat(Files.size(file())).isEqualTo(end);
    }
    try (AuditJournal reopened = AuditJournal.open(dataDir, AuditJournal.Durability.POWER)) {
      assertThat(reopened.takeRecovered()).containsExactlyElementsOf(appended);
      assertThat(reopened.takeRecovered()).as("handed over once").isEmpty();
    }
    if (OwnerOnly.isPosix(dataDir.getFileSystem())) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file())))
          .isEqualTo("rw-------");
    }
  }

  @Test
  void aTornLastRecordIsCutOffWithAWarningNamingFileAndOffsetAndAppendsGoOnAfterIt()
      throws IOException {
    long intact;
    try (AuditJournal journal = AuditJournal.open(dataDir, AuditJournal.Durability.PROCESS)) {
      journal.append(request(1, "a"));
      intact = journal.append(result(1, "a"));
      long whole = journal.append(request(2, "b"));
      // A crash in the middle of the last write: only part of it reached the file.
      try (RandomAccessFile raw = new RandomAccessFile(file().toFile(), "rw")) {
        raw.setLength(whole - 5);
      }
    }
    try (AuditJournal reopened = AuditJournal.open(dataDir, AuditJournal.Durability.PROCESS)) {
      assertThat(reopened.takeRecovered()).containsExactly(request(1, "a"), result(1, "a"));
      assertThat(Files.size(file())).isEqualTo(intact);
      assertThat(warnings())
          .anySatisfy(
              line ->
                  assertThat(line)
                      .contains(file().toString(), "torn last record at offset " + intact));
      reopened.append(request(3, "c"));
    }
    try (AuditJournal again = AuditJournal.open(dataDir, AuditJournal.Durability.PROCESS)) {
      assertThat(again.takeRecovered())
          .containsExactly(request(1, "a"), result(1, "a"), request(3, "c"));
    }
  }

  @Test
  void aLastRecordWithAWrongChecksumIsCutOff() throws IOException {
    long intact;
    long whole;
    try (AuditJournal journal = AuditJournal.open(dataDir, AuditJournal.Durability.PROCESS)) {
      intact = journal.append(request(1, "a"));
      whole = journal.append(request(2, "b"));
    }
    flipByte(whole - 3);

    try (AuditJournal reopened = AuditJournal.open(dataDir, AuditJournal.Durability.PROCESS)) {
      assertThat(reopened.takeRecovered()).containsExactly(request(1, "a"));
      assertThat(Files.size(file())).isEqualTo(intact);
      assertThat(warnings())
          .anySatisfy(
              line ->
                  assertThat(line)
                      .contains("offset " + intact, "checksum mismatch", file().toString()));
    }
  }

  @Test
  void zerosAfterTheLastRecordAreATornTail() throws IOException {
    long intact;
    try (AuditJournal journal = AuditJournal.open(dataDir, AuditJournal.Durability.PROCESS)) {
      intact = journal.append(request(1, "a"));
    }
    // What a power loss can leave: the file's size grew, its data never arrived.
    try (RandomAccessFile raw = new RandomAccessFile(file().toFile(), "rw")) {
      raw.setLength(intact + 4096);
    }
    try (AuditJournal reopened = AuditJournal.open(dataDir, AuditJournal.Durability.PROCESS)) {
      assertThat(reopened.takeRecovered()).containsExactly(request(1, "a"));
      assertThat(Files.size(file())).isEqualTo(intact);
    }
  }

  @Test
  void aDamagedRecordInTheMiddleIsSkippedTheRecordsAfterItAreReplayedAndTheFileIsKeptAside()
      throws IOException {
    long first;
    long second;
    try (AuditJournal journal = AuditJournal.open(dataDir, AuditJournal.Durability.PROCESS)) {
      first = journal.append(request(1, "a"));
      second = journal.append(request(2, "b"));
      journal.append(request(3, "c"));
    }
    long damagedSize = Files.size(file());
    flipByte(first + 20);

    try (AuditJournal reopened = AuditJournal.open(dataDir, AuditJournal.Durability.PROCESS)) {
      assertThat(reopened.takeRecovered()).containsExactly(request(1, "a"), request(3, "c"));
      reopened.append(request(4, "d"));
    }
    assertThat(copiesAside("audit.journal.damaged-"))
        .singleElement()
        .satisfies(copy -> assertThat(Files.size(copy)).isEqualTo(damagedSize));
    assertThat(logs.list)
        .anySatisfy(
            event -> {
              assertThat(event.getLevel()).isEqualTo(Level.ERROR);
              assertThat(event.getFormattedMessage())
                  .contains(file().toString(), "damaged bytes " + first + " to " + second);
            });
    logs.list.clear();
    // Rewritten without the damage: the next start reads it whole.
    try (AuditJournal again = AuditJournal.open(dataDir, AuditJournal.Durability.PROCESS)) {
      assertThat(again.takeRecovered())
          .containsExactly(request(1, "a"), request(3, "c"), request(4, "d"));
    }
    assertThat(logs.list).noneMatch(event -> event.getLevel().isGreaterOrEqual(Level.WARN));
  }

  /** A power loss may write later pages and not earlier ones: zeros, then whole records. */
  @Test
  void zerosInTheMiddleDoNotHideTheRecordsAfterThem() throws IOException {
    long first;
    long second;
    try (AuditJournal journal = AuditJournal.open(dataDir, AuditJournal.Durability.PROCESS)) {
      first = journal.append(request(1, "a"));
      second = journal.append(request(2, "b"));
      journal.append(request(3, "c"));
      journal.append(result(3, "c"));
    }
    try (RandomAccessFile raw = new RandomAccessFile(file().toFile(), "rw")) {
      raw.seek(first);
      raw.write(new byte[(int) (second - first)]); // record 2 never reached the disk
    }

    try (AuditJournal reopened = AuditJournal.open(dataDir, AuditJournal.Durability.PROCESS)) {
      assertThat(reopened.takeRecovered())
          .containsExactly(request(1, "a"), request(3, "c"), result(3, "c"));
    }
    assertThat(copiesAside("audit.journal.damaged-")).hasSize(1);
  }

  @Test
  void aDamagedRecordWithNoWholeRecordAfterItIsCutAndTheFileKeptAside() throws IOException {
    long first;
    try (AuditJournal journal = AuditJournal.open(dataDir, AuditJournal.Durability.PROCESS)) {
      first = journal.append(request(1, "a"));
      journal.append(request(2, "b"));
    }
    long damagedSize = Files.size(file());
    // A length out of range, with data after it.
    try (RandomAccessFile raw = new RandomAccessFile(file().toFile(), "rw")) {
      raw.seek(first);
      raw.writeInt(-7);
    }

    try (AuditJournal reopened = AuditJournal.open(dataDir, AuditJournal.Durability.PROCESS)) {
      assertThat(reopened.takeRecovered()).containsExactly(request(1, "a"));
      assertThat(Files.size(file())).isEqualTo(first);
    }
    assertThat(copiesAside("audit.journal.damaged-"))
        .singleElement()
        .satisfies(copy -> assertThat(Files.size(copy)).isEqualTo(damagedSize));
    assertThat(logs.list)
        .anySatisfy(
            event -> {
              assertThat(event.getLevel()).isEqualTo(Level.ERROR);
              assertThat(event.getFormattedMessage()).contains("damaged record at offset " + first);
            });
  }

  private List<Path> copiesAside(String prefix) throws IOException {
    try (var listed = Files.list(dataDir)) {
      return listed.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
    }
  }

  /**
   * An interrupt of another thread using the channel closes it under this one: the journal reopens
   * it, and neither the write nor the force is a failure that makes it refuse every later order.
   */
  @Test
  void aChannelClosedByAnotherThreadsInterruptIsReopenedForTheWriteAndTheForce()
      throws IOException {
    try (AuditJournal journal = AuditJournal.open(dataDir, AuditJournal.Durability.POWER)) {
      long end = journal.append(request(1, "a"));
      journal.channel().close(); // as a thread interrupted in the middle of a write leaves it
      journal.awaitDurable(end);

      journal.channel().close();
      journal.awaitDurable(journal.append(request(2, "b")));
      journal.awaitDurable(journal.append(request(3, "c")));
    }
    try (AuditJournal reopened = AuditJournal.open(dataDir, AuditJournal.Durability.PROCESS)) {
      assertThat(reopened.takeRecovered())
          .containsExactly(request(1, "a"), request(2, "b"), request(3, "c"));
    }
  }

  /** Threads interrupted again and again while they append and force: nothing fails or is lost. */
  @Test
  void interruptedAppendersNeitherFailNorPoisonTheJournal() throws Exception {
    int perThread = 150;
    try (AuditJournal journal = AuditJournal.open(dataDir, AuditJournal.Durability.POWER)) {
      List<Thread> appenders = new ArrayList<>();
      List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
      for (int t = 0; t < 2; t++) {
        int thread = t;
        Thread appender =
            new Thread(
                () -> {
                  try {
                    for (int i = 0; i < perThread; i++) {
                      long id = thread * 1_000L + i + 1;
                      journal.awaitDurable(journal.append(request(id, "c" + id)));
                    }
                  } catch (Throwable e) {
                    failures.add(e);
                  }
                },
                "appender-" + t);
        appenders.add(appender);
        appender.start();
      }
      while (appenders.stream().anyMatch(Thread::isAlive)) {
        appenders.forEach(Thread::interrupt);
        Thread.onSpinWait();
      }
      assertThat(failures).isEmpty();
    }
    try (AuditJournal reopened = AuditJournal.open(dataDir, AuditJournal.Durability.PROCESS)) {
      assertThat(reopened.takeRecovered())
          .hasSize(2 * perThread)
          .extracting(AuditRecord::auditId)
          .doesNotHaveDuplicates();
    }
  }

  @Test
  void aFileThatIsNotAJournalIsRefusedAndLeftAsItIs() throws IOException {
    Files.writeString(file(), "something else entirely");

    assertThatThrownBy(() -> AuditJournal.open(dataDir, AuditJournal.Durability.PROCESS))
        .isInstanceOf(PersistenceException.class)
        .hasMessageContaining(file().toString())
        .hasMessageContaining("not an AFTM audit journal");
    assertThat(Files.readString(file())).isEqualTo("something else entirely");
  }

  @Test
  void concurrentPowerWaitersAllGetTheirRecordsDurableAndNoneIsLost() throws Exception {
    int threads = 4;
    int perThread = 200;
    try (AuditJournal journal = AuditJournal.open(dataDir, AuditJournal.Durability.POWER)) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int thread = t;
          done.add(
              pool.submit(
                  () -> {
                    for (int i = 0; i < perThread; i++) {
                      long id = thread * 1_000L + i + 1;
                      journal.awaitDurable(journal.append(request(id, "c" + id)));
                    }
                  }));
        }
        for (Future<?> each : done) {
          each.get(60, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
    }
    try (AuditJournal reopened = AuditJournal.open(dataDir, AuditJournal.Durability.PROCESS)) {
      assertThat(reopened.takeRecovered())
          .hasSize(threads * perThread)
          .extracting(AuditRecord::auditId)
          .doesNotHaveDuplicates();
    }
  }

  @Test
  void clearLeavesAnEmptyJournal() {
    try (AuditJournal journal = AuditJournal.open(dataDir, AuditJournal.Durability.POWER)) {
      journal.append(request(1, "a"));
      journal.clear();
      assertThat(journal.size()).isEqualTo(AuditJournal.HEADER.length);
      journal.awaitDurable(journal.append(request(2, "b")));
    }
    try (AuditJournal reopened = AuditJournal.open(dataDir, AuditJournal.Durability.PROCESS)) {
      assertThat(reopened.takeRecovered()).containsExactly(request(2, "b"));
    }
  }

  private void flipByte(long offset) throws IOException {
    try (RandomAccessFile raw = new RandomAccessFile(file().toFile(), "rw")) {
      raw.seek(offset);
      int b = raw.read();
      raw.seek(offset);
      raw.write(b ^ 0x5a);
    }
  }

  private List<String> warnings() {
    return logs.list.stream()
        .filter(event -> event.getLevel() == Level.WARN)
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }
}
