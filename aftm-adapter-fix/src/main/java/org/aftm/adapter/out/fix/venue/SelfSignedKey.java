package org.aftm.adapter.out.fix.venue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The venue's TLS key: a fresh self-signed EC key made at each start with the JDK's {@code keytool}
 * (the JDK has no public API to sign a certificate), kept owner-only in the venue's {@code tls/}
 * directory, with the certificate an initiator trusts next to it.
 *
 * @param keyStore the PKCS12 key store QuickFIX/J's acceptor reads
 * @param keyStorePassword its random password, held in memory only
 * @param certificate the venue's certificate, PEM
 * @param trustStore a PKCS12 trust store holding only the certificate, password {@link
 *     #TRUST_STORE_PASSWORD} (not a secret: it guards public material)
 */
record SelfSignedKey(Path keyStore, char[] keyStorePassword, Path certificate, Path trustStore) {

  static final String ALIAS = "aftm-fix-venue";
  static final String TRUST_STORE_PASSWORD = "aftm-venue-trust";
  private static final String PASSWORD_ENV = "AFTM_VENUE_KEY_STORE_PASSWORD";
  private static final long KEYTOOL_WAIT_SECONDS = 60;

  static SelfSignedKey generate(Path directory, String host) throws IOException {
    OwnerOnly.directory(directory);
    Path keyStore = directory.resolve("venue-key.p12");
    Path certificate = directory.resolve("venue-cert.pem");
    Path trustStore = directory.resolve("venue-trust.p12");
    for (Path old : List.of(keyStore, certificate, trustStore)) {
      Files.deleteIfExists(old);
    }
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    char[] password = Base64.getUrlEncoder().withoutPadding().encodeToString(random).toCharArray();
    String san = "SAN=dns:localhost,ip:127.0.0.1" + (isIp(host) ? ",ip:" + host : ",dns:" + host);
    keytool(
        password,
        "-genkeypair",
        "-alias",
        ALIAS,
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=" + ALIAS,
        "-ext",
        san,
        "-validity",
        "365",
        "-storetype",
        "PKCS12",
        "-keystore",
        keyStore.toString(),
        "-storepass:env",
        PASSWORD_ENV);
    keytool(
        password,
        "-exportcert",
        "-rfc",
        "-alias",
        ALIAS,
        "-keystore",
        keyStore.toString(),
        "-storepass:env",
        PASSWORD_ENV,
        "-file",
        certificate.toString());
    keytool(
        TRUST_STORE_PASSWORD.toCharArray(),
        "-importcert",
        "-noprompt",
        "-alias",
        ALIAS,
        "-file",
        certificate.toString(),
        "-storetype",
        "PKCS12",
        "-keystore",
        trustStore.toString(),
        "-storepass:env",
        PASSWORD_ENV);
    OwnerOnly.files(directory);
    return new SelfSignedKey(keyStore, password, certificate, trustStore);
  }

  private static boolean isIp(String host) {
    return host.matches("[0-9.]+") || host.contains(":");
  }

  /** Runs keytool with the store password in its environment only, never on its command line. */
  private static void keytool(char[] password, String... arguments) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(Arrays.asList(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> environment = builder.environment();
    environment.put(PASSWORD_ENV, new String(password));
    Process process = builder.start();
    byte[] output = process.getInputStream().readAllBytes();
    try {
      if (!process.waitFor(KEYTOOL_WAIT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("keytool did not finish in " + KEYTOOL_WAIT_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IOException("interrupted while keytool made the venue's TLS key", e);
    }
    if (process.exitValue() != 0) {
      throw new IOException(
          "keytool "
              + arguments[0]
              + " failed: "
              + new String(output, StandardCharsets.UTF_8).trim());
    }
  }
}
