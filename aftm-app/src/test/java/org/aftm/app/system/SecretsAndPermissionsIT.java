package org.aftm.app.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.aftm.app.session.RunningSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #13, items 3 and 4, on a real {@code aftm run} with its two children: the broker password,
 * given on standard input ({@code --password-stdin}) to a simulated broker configured with only its
 * SHA-256, is nowhere in a heap dump of the main process after login, unreachable objects included;
 * and everything under the data directory the run created is for its owner only.
 */
@Timeout(120)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretsAndPermissionsIT {

  /** Random per run, so that nothing but this run's process can hold it. */
  private final String marker = "pw-" + UUID.randomUUID().toString().replace("-", "");

  /** Kept by the main process as a String for its whole life: the scanner's control. */
  private final String account = "acct-" + UUID.randomUUID().toString().replace("-", "");

  private Path baseDir;
  private Path dataDir;
  private AftmRunProcess run;

  @BeforeAll
  void startAftmRunWithThePasswordOnStdin(@TempDir Path baseDir) throws IOException {
    this.baseDir = baseDir;
    dataDir = baseDir.resolve("data");
    Map<String, String> config = new LinkedHashMap<>();
    config.put("ZMQ_TICK_PORT", "0");
    config.put("ZMQ_SIGNAL_PORT", "0");
    config.put("DLL_GATEWAY_PORT", "0");
    config.put("AFTM_ORDER_EVENT_PORT", "0");
    config.put("AFTM_HTTP_PORT", "0");
    Map<String, String> environment =
        Map.of(
            "AFTM_ACCOUNT", account,
            "AFTM_SIM_DEMO_ACCOUNT", account,
            "AFTM_SIM_DEMO_PASSWORD", "sha256:" + sha256Hex(marker));
    run =
        AftmRunProcess.startWithPasswordOnStdin(
                dataDir,
                config,
                environment,
                marker.getBytes(StandardCharsets.UTF_8),
                // A young generation big enough that no collection runs between the login and the
                // dump, so a copy that is already garbage is still in it (-all dumps it too).
                List.of("-Xms256m", "-Xmn200m"))
            .awaitTrading();
    Path logs = dataDir.resolve("logs");
    await("both children logging")
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                Files.exists(logs.resolve("strategy.log"))
                    && Files.exists(logs.resolve("order-executor.log"))
                    && run.children().size() == 2);
  }

  @AfterAll
  void stop() throws Exception {
    if (run != null) {
      run.close();
    }
    KeptDataDir.copyIfAsked(dataDir);
  }

  @Test
  void theMarkerPasswordIsNotInAHeapDumpOfTheMainProcessAfterLogin() throws Exception {
    Path dump = baseDir.resolve("main.hprof");
    try {
      // -all: unreachable objects too, so a copy that is garbage but not yet collected counts.
      Process jcmd =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                  Long.toString(run.process.pid()),
                  "GC.heap_dump",
                  "-all",
                  dump.toString())
              .redirectErrorStream(true)
              .start();
      String jcmdOutput = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(jcmd.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(jcmd.exitValue()).as("jcmd: %s", jcmdOutput).isZero();
      assertThat(dump).as("jcmd: %s", jcmdOutput).isNotEmptyFile();

      assertThat(HeapDumpText.contains(dump, account))
          .as("control: the account name, which the main process keeps, is found")
          .isTrue();
      assertThat(HeapDumpText.contains(dump, marker))
          .as("the password given on stdin, after login")
          .isFalse();
    } finally {
      Files.deleteIfExists(dump);
    }
  }

  @Test
  void theScannerFindsTextInEachEncodingItLooksFor() throws IOException {
    for (byte[] encoded : HeapDumpText.encodings(marker)) {
      Path file = baseDir.resolve("sample.bin");
      byte[] content = new byte[3000];
      System.arraycopy(encoded, 0, content, 1234, encoded.length);
      Files.write(file, content);
      assertThat(HeapDumpText.contains(file, marker)).isTrue();
      Files.write(file, new byte[3000]);
      assertThat(HeapDumpText.contains(file, marker)).isFalse();
    }
  }

  @Test
  void everythingUnderTheDataDirectoryIsOwnerOnly() throws IOException {
    List<String> modes = new ArrayList<>();
    try (Stream<Path> tree = Files.walk(dataDir)) {
      for (Path path : tree.toList()) {
        if (!Files.exists(path)) {
          continue; // e.g. session.json.tmp, renamed meanwhile
        }
        String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        modes.add(dataDir.relativize(path) + " " + mode);
      }
    }
    assertThat(modes)
        .as("the data directory, the logs and a child's output")
        .contains(
            " rwx------",
            "logs rwx------",
            "aftm.db rw-------",
            "keys/http.token rw-------",
            "logs/aftm.log rw-------",
            "logs/strategy.log rw-------",
            "logs/order-executor.log rw-------",
            "logs/strategy.out rw-------",
            "logs/order-executor.out rw-------");
    assertThat(modes)
        .allSatisfy(
            line ->
                assertThat(line)
                    .as("every directory rwx------, every file rw-------")
                    .matches(".* (rwx------|rw-------)$"));
    assertThat(Files.readString(dataDir.resolve("logs").resolve("aftm.log")))
        .as("a directory AFTM created itself is not loose")
        .doesNotContain("chmod 700");
  }

  @Test
  void theHttpControlsTakeOnlyTheBearerTokenOfTheDataDirectory() throws Exception {
    int port =
        RunningSession.find(dataDir).map(RunningSession::httpPort).orElseThrow(AssertionError::new);
    String token = Files.readString(dataDir.resolve("keys/http.token")).strip();
    HttpClient client = HttpClient.newHttpClient();
    URI halt = URI.create("http://127.0.0.1:" + port + "/trading/halt?reason=token%20check");

    HttpResponse<String> anonymous =
        client.send(
            HttpRequest.newBuilder(halt).POST(BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> authorized =
        client.send(
            HttpRequest.newBuilder(halt)
                .header("Authorization", "Bearer " + token)
                .POST(BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(401);
    assertThat(anonymous.body()).contains("Authorization").doesNotContain(token);
    assertThat(authorized.statusCode()).as(authorized.body()).isEqualTo(200);
    assertThat(authorized.body()).contains("\"state\":\"HALTED\"");
    Path log = dataDir.resolve("logs").resolve("aftm.log");
    await("the refusal logged")
        .atMost(Duration.ofSeconds(10))
        .until(() -> Files.readString(log).contains("/trading/halt"));
    assertThat(Files.readString(log)).doesNotContain(token);
  }

  private static String sha256Hex(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
