package org.aftm.app.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.aftm.adapter.zmq.link.LinkSecurity;
import org.aftm.app.config.LinkSecurityMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildLinkKeysTest {

  @TempDir Path dataDir;

  @Test
  void theOrderExecutorsLineCarriesItsKeysAndTheOrderIdSecretThroughOneLine() {
    LinkKeys keys = LinkKeyStore.openOrCreate(dataDir);
    ChildLinkKeys executor = ChildLinkKeys.forOrderExecutor(keys);

    String line = executor.toLine();

    assertThat(line).startsWith("aftm-link-keys/1 curve ").doesNotContain("\n");
    ChildLinkKeys parsed = ChildLinkKeys.parse(line);
    assertThat(parsed).isEqualTo(executor);
    assertThat(parsed.own()).isEqualTo(keys.orderExecutor());
    assertThat(parsed.mainPublicKey()).isEqualTo(keys.main().publicKey());
    assertThat(parsed.strategyPublicKey()).isEqualTo(keys.strategy().publicKey());
    assertThat(parsed.orderIdSecret()).isEqualTo(keys.orderIdSecret()).hasSize(32);
    assertThat(parsed.signalClients()).singleElement().matches(p -> p.name().equals("strategy"));
    assertThat(parsed.toString())
        .doesNotContain(keys.orderExecutor().secretKey())
        .contains("<hidden>");
  }

  @Test
  void theStrategyGetsNoOrderIdSecret() {
    LinkKeys keys = LinkKeyStore.openOrCreate(dataDir);
    ChildLinkKeys strategy = ChildLinkKeys.parse(ChildLinkKeys.forStrategy(keys).toLine());

    assertThat(strategy.own()).isEqualTo(keys.strategy());
    assertThat(strategy.orderIdSecret()).isEmpty();
    assertThat(strategy.clientOfMain().isCurve()).isTrue();
    assertThat(strategy.clientOfOrderExecutor().toString())
        .contains(keys.orderExecutor().publicKey());
  }

  @Test
  void plainLinksHandOverNoKeys() {
    ChildLinkKeys none = ChildLinkKeys.parse(ChildLinkKeys.none().toLine());

    assertThat(none.mode()).isEqualTo(LinkSecurityMode.NONE);
    assertThat(none.clientOfMain()).isSameAs(LinkSecurity.NONE);
    assertThat(none.signalClients()).isEmpty();
    assertThat(none.orderIdSecret()).isEmpty();
    assertThat(ChildLinkKeys.none().toLine()).isEqualTo("aftm-link-keys/1 none -");
  }

  @Test
  void plainLinksStillHandTheOrderExecutorItsOrderIdSecret() {
    LinkKeys keys = LinkKeyStore.openOrCreate(dataDir);

    ChildLinkKeys none = ChildLinkKeys.parse(ChildLinkKeys.none(keys.orderIdSecret()).toLine());

    assertThat(none.mode()).isEqualTo(LinkSecurityMode.NONE);
    assertThat(none.orderIdSecret()).isEqualTo(keys.orderIdSecret()).hasSize(32);
  }

  @Test
  void aMalformedLineIsRefusedWithoutRepeatingIt() {
    LinkKeys keys = LinkKeyStore.openOrCreate(dataDir);
    String line = ChildLinkKeys.forOrderExecutor(keys).toLine();
    String damaged = line.replace(keys.orderExecutor().secretKey(), "short");

    assertThatThrownBy(() -> ChildLinkKeys.parse(damaged))
        .isInstanceOf(LinkKeyException.class)
        .hasMessageNotContaining(keys.orderExecutor().publicKey());
    assertThatThrownBy(() -> ChildLinkKeys.parse("hello"))
        .isInstanceOf(LinkKeyException.class)
        .hasMessageContaining("aftm-link-keys/1");
    assertThatThrownBy(() -> ChildLinkKeys.parse(null))
        .isInstanceOf(LinkKeyException.class)
        .hasMessageContaining("stdin");
  }
}
