package org.aftm.app.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.aftm.adapter.zmq.link.CurveKeyPair;
import org.aftm.adapter.zmq.link.LinkPeer;
import org.aftm.adapter.zmq.link.LinkSecurity;
import org.aftm.app.config.LinkSecurityMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinkKeyStoreTest {

  @TempDir Path dataDir;

  @Test
  void firstStartGeneratesOwnerOnlyKeysThatLaterStartsReuse() throws IOException {
    LinkKeys first = LinkKeyStore.openOrCreate(dataDir);
    Path keys = dataDir.resolve("keys");

    assertThat(mode(keys)).isEqualTo("rwx------");
    assertThat(mode(keys.resolve("clients"))).isEqualTo("rwx------");
    try (Stream<Path> files = Files.list(keys)) {
      List<Path> regular = files.filter(Files::isRegularFile).toList();
      assertThat(regular)
          .extracting(p -> p.getFileName().toString())
          .containsExactlyInAnyOrder(
              "main.key",
              "order-executor.key",
              "strategy.key",
              "operator.key",
              "order-id.secret",
              "http.token");
      for (Path file : regular) {
        assertThat(mode(file)).as("%s", file).isEqualTo("rw-------");
      }
    }
    assertThat(Files.size(keys.resolve("order-id.secret"))).isEqualTo(32);
    assertThat(
            List.of(
                first.main().publicKey(),
                first.orderExecutor().publicKey(),
                first.strategy().publicKey(),
                first.operator().publicKey()))
        .doesNotHaveDuplicates();

    LinkKeys second = LinkKeyStore.openOrCreate(dataDir);
    assertThat(second).isEqualTo(first);
    assertThat(second.orderIdSecret()).isEqualTo(first.orderIdSecret()).hasSize(32);
    assertThat(LinkKeyStore.read(dataDir)).isEqualTo(first);
  }

  @Test
  void theHttpControlTokenIsGeneratedOwnerOnlyOnceAndReused() throws IOException {
    LinkKeyStore.openOrCreate(dataDir);
    Path file = dataDir.resolve("keys/http.token");

    assertThat(mode(file)).isEqualTo("rw-------");
    String token = LinkKeyStore.httpToken(dataDir);
    assertThat(token).matches("[0-9a-f]{64}");
    assertThat(Files.readString(file, StandardCharsets.US_ASCII)).isEqualTo(token + "\n");

    LinkKeyStore.openOrCreate(dataDir);
    assertThat(LinkKeyStore.httpToken(dataDir)).isEqualTo(token);

    Path other = dataDir.resolve("other");
    LinkKeyStore.openOrCreate(other);
    assertThat(LinkKeyStore.httpToken(other)).isNotEqualTo(token);
  }

  @Test
  void aMissingOrMalformedHttpTokenIsOneLineNamingTheFileAndNotTheToken() throws IOException {
    assertThatThrownBy(() -> LinkKeyStore.httpToken(dataDir))
        .isInstanceOf(LinkKeyException.class)
        .hasMessageContaining("http.token")
        .hasMessageContaining("aftm run");

    LinkKeyStore.openOrCreate(dataDir);
    Path file = dataDir.resolve("keys/http.token");
    Files.writeString(file, "short-guess\n", StandardCharsets.US_ASCII);

    assertThatThrownBy(() -> LinkKeyStore.httpToken(dataDir))
        .isInstanceOf(LinkKeyException.class)
        .hasMessageStartingWith("malformed key file " + file)
        .hasMessageNotContaining("short-guess")
        .hasMessageNotContaining("\n");
  }

  @Test
  void secretsStayOutOfToString() {
    LinkKeys keys = LinkKeyStore.openOrCreate(dataDir);
    assertThat(keys.toString())
        .contains(keys.main().publicKey())
        .doesNotContain(keys.main().secretKey())
        .doesNotContain(keys.operator().secretKey());
    assertThat(keys.main().toString()).doesNotContain(keys.main().secretKey());
  }

  @Test
  void operatorAddedClientKeysAreExternalPeersOfTheMainProcess() throws IOException {
    LinkKeyStore.openOrCreate(dataDir);
    String partnerKey = CurveKeyPair.generate().publicKey();
    Files.writeString(dataDir.resolve("keys/clients/python-gateway.pub"), partnerKey + "\n");

    LinkKeys keys = LinkKeyStore.openOrCreate(dataDir);

    assertThat(keys.mainClients())
        .contains(new LinkPeer("python-gateway", partnerKey, false))
        .contains(new LinkPeer("strategy", keys.strategy().publicKey(), true))
        .contains(new LinkPeer("operator", keys.operator().publicKey(), true));
    assertThat(keys.orderExecutorClients())
        .containsExactly(new LinkPeer("strategy", keys.strategy().publicKey(), true));
  }

  @Test
  void aMalformedKeyFileIsOneLineNamingTheFile() throws IOException {
    LinkKeyStore.openOrCreate(dataDir);
    Path strategy = dataDir.resolve("keys/strategy.key");
    Files.writeString(strategy, "public abc\nsecret def\n", StandardCharsets.US_ASCII);

    assertThatThrownBy(() -> LinkKeyStore.openOrCreate(dataDir))
        .isInstanceOf(LinkKeyException.class)
        .hasMessageStartingWith("malformed key file " + strategy)
        .hasMessageNotContaining("\n");

    Files.writeString(dataDir.resolve("keys/clients/partner.pub"), "not a key");
    Files.delete(strategy);
    assertThatThrownBy(() -> LinkKeyStore.openOrCreate(dataDir))
        .isInstanceOf(LinkKeyException.class)
        .hasMessageContaining("partner.pub");

    Files.writeString(dataDir.resolve("keys/clients/partner.pub"), "");
    Files.move(
        dataDir.resolve("keys/clients/partner.pub"), dataDir.resolve("keys/clients/strategy.pub"));
    assertThatThrownBy(() -> LinkKeyStore.openOrCreate(dataDir))
        .isInstanceOf(LinkKeyException.class)
        .hasMessageContaining("strategy.pub");
  }

  @Test
  void theOperatorsEndNeedsTheKeysOfAStartedMainProcessUnlessPlain() {
    assertThat(LinkKeyStore.operatorClient(dataDir, LinkSecurityMode.NONE))
        .isSameAs(LinkSecurity.NONE);
    assertThatThrownBy(() -> LinkKeyStore.operatorClient(dataDir, LinkSecurityMode.CURVE))
        .isInstanceOf(LinkKeyException.class)
        .hasMessageContaining("operator.key")
        .hasMessageContaining("aftm run");

    LinkKeys keys = LinkKeyStore.openOrCreate(dataDir);
    LinkSecurity operator = LinkKeyStore.operatorClient(dataDir, LinkSecurityMode.CURVE);
    assertThat(operator.isCurve()).isTrue();
    assertThat(operator.toString())
        .contains(keys.operator().publicKey())
        .contains(keys.main().publicKey());
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
