package org.aftm.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.aftm.adapter.out.persistence.SqliteDatabase;
import org.aftm.adapter.out.persistence.SqlitePersistenceAdapter;
import org.aftm.domain.condition.ConditionSpec;
import org.aftm.domain.model.Price;
import org.aftm.domain.model.Side;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code aftm condition list}, which opens the database itself when no main process runs, on a
 * damaged file: one line naming the file and what to do, exit 2, and the file left alone.
 */
class CorruptDatabaseCliTest {

  @TempDir Path dataDir;

  @Test
  void aTextFileInPlaceOfTheDatabaseIsOneLineAndExit2() throws IOException {
    Path file = dataDir.resolve(SqliteDatabase.FILE_NAME).toAbsolutePath();
    Files.writeString(file, "not a database\n".repeat(100));

    Run run = conditionList();

    assertThat(run.exitCode()).as(run.err()).isEqualTo(AftmCli.EXIT_BAD_INPUT);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines())
        .singleElement()
        .asString()
        .startsWith("aftm condition list: The database " + file + " is corrupt")
        .contains("file is not a database", "restore it from a backup or move the file");
    assertThat(Files.readString(file)).startsWith("not a database");
  }

  @Test
  void aTruncatedDatabaseIsOneLineAndExit2() throws IOException {
    Path file;
    try (SqliteDatabase database = SqliteDatabase.open(dataDir, true)) {
      SqlitePersistenceAdapter store = new SqlitePersistenceAdapter(database);
      for (int i = 0; i < 300; i++) {
        store.insertCondition(
            new ConditionSpec(
                "TXFF6",
                Side.BUY,
                Price.parse("22000"),
                Price.parse("30"),
                1,
                Price.parse("120"),
                Price.parse("30"),
                true));
      }
      file = database.file();
    }
    assertThat(conditionList().exitCode()).isZero(); // sound before the damage
    try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
      raw.setLength(raw.length() / 2);
    }

    Run run = conditionList();

    assertThat(run.exitCode()).as(run.err()).isEqualTo(AftmCli.EXIT_BAD_INPUT);
    assertThat(run.err().lines())
        .singleElement()
        .asString()
        .contains(file.toString(), "is corrupt", "restore it from a backup");
  }

  private Run conditionList() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode;
    try (PrintWriter outWriter = new PrintWriter(out);
        PrintWriter errWriter = new PrintWriter(err)) {
      exitCode =
          AftmCli.execute(
              outWriter, errWriter, "condition", "list", "--data-dir", dataDir.toString());
    }
    return new Run(exitCode, out.toString(), err.toString());
  }

  private record Run(int exitCode, String out, String err) {}
}
