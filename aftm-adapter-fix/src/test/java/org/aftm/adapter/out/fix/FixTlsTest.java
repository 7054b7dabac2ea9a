package org.aftm.adapter.out.fix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.aftm.application.port.out.LoginResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS to the venue, with a self-signed key made for this test run (no key is checked in): trusted
 * when its certificate is in the trust store, refused by the JVM's trusted CAs otherwise.
 */
class FixTlsTest {

  private static final String STORE_PASSWORD = "test-only-store";

  @TempDir Path temp;

  @Test
  void anOrderTravelsOverTlsToATrustedVenueAndAnUntrustedOneIsRefused() throws Exception {
    Path keyStore = temp.resolve("venue.p12");
    Path certificate = temp.resolve("venue.crt");
    Path trustStore = temp.resolve("trust.p12");
    keytool(
        "-genkeypair",
        "-alias",
        "venue",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=127.0.0.1",
        "-ext",
        "SAN=ip:127.0.0.1,dns:localhost",
        "-validity",
        "1",
        "-storetype",
        "PKCS12",
        "-keystore",
        keyStore.toString(),
        "-storepass",
        STORE_PASSWORD,
        "-keypass",
        STORE_PASSWORD);
    keytool(
        "-exportcert",
        "-alias",
        "venue",
        "-keystore",
        keyStore.toString(),
        "-storepass",
        STORE_PASSWORD,
        "-file",
        certificate.toString());
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "venue",
        "-file",
        certificate.toString(),
        "-storetype",
        "PKCS12",
        "-keystore",
        trustStore.toString(),
        "-storepass",
        STORE_PASSWORD);
    try (ScriptedVenue venue =
        new ScriptedVenue(temp.resolve("venue"), true, keyStore, STORE_PASSWORD)) {
      FixSettings base = FixTestSupport.settings(venue.port, temp.resolve("store"));
      try (FixExchangeApi untrusting =
          new FixExchangeApi(
              base.withTls(true, null, "")
                  .withTimeouts(List.of(1), Duration.ofSeconds(3), Duration.ofSeconds(2)),
              null,
              java.time.Clock.systemUTC())) {
        LoginResult refused =
            untrusting.login(ScriptedVenue.ACCOUNT, ScriptedVenue.PASSWORD.toCharArray());
        assertThat(refused.success()).isFalse();
        assertThat(venue.logons.get()).isZero();
      }
      try (FixExchangeApi fix =
          new FixExchangeApi(base.withTls(true, trustStore, STORE_PASSWORD))) {
        assertThat(fix.login(ScriptedVenue.ACCOUNT, ScriptedVenue.PASSWORD.toCharArray()).success())
            .isTrue();
        assertThat(fix.placeOrder(FixTestSupport.order("tls-1", 1)).sent()).isTrue();
        await().atMost(Duration.ofSeconds(20)).until(() -> venue.received("D").size() == 1);
        assertThat(venue.received("D").get(0).getString(11)).isEqualTo("tls-1");
      }
    }
  }

  private static void keytool(String... arguments) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
  }
}
