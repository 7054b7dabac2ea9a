package org.aftm.app.security;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.aftm.adapter.zmq.link.CurveKeyPair;
import org.aftm.adapter.zmq.link.LinkPeer;
import org.aftm.adapter.zmq.link.LinkSecurity;
import org.aftm.adapter.zmq.link.ZapAllowList;
import org.aftm.app.config.LinkSecurityMode;

/**
 * What a child process needs to secure its links: the mode, its own key pair, the public keys of
 * the parties it talks to and, for the order executor, the order-id secret. The parent writes it as
 * one line on the child's stdin right after the start ({@link #toLine()}); the child reads that
 * line first ({@link #parse}). Never on a command line, in the environment or in a log: {@link
 * #toString()} shows only public keys.
 *
 * @param mode {@code AFTM_LINK_SECURITY}; with {@link LinkSecurityMode#NONE} every other field is
 *     empty
 * @param own the child's key pair, or null without CURVE
 * @param mainPublicKey the main process's public key (gateway, ticks, order updates, telemetry)
 * @param orderExecutorPublicKey the order executor's public key (signal link)
 * @param strategyPublicKey the strategy's public key, the one client of the signal link
 * @param orderIdSecret the order-id secret (order executor only), else empty
 */
public record ChildLinkKeys(
    LinkSecurityMode mode,
    CurveKeyPair own,
    String mainPublicKey,
    String orderExecutorPublicKey,
    String strategyPublicKey,
    byte[] orderIdSecret) {

  /** First word of the line, with the format's version. */
  static final String HEADER = "aftm-link-keys/1";

  private static final String NO_SECRET = "-";

  public ChildLinkKeys {
    Objects.requireNonNull(mode, "mode");
    orderIdSecret = orderIdSecret.clone();
    if (mode == LinkSecurityMode.CURVE) {
      Objects.requireNonNull(own, "own");
      CurveKeyPair.requireKey(mainPublicKey, "main public key");
      CurveKeyPair.requireKey(orderExecutorPublicKey, "order-executor public key");
      CurveKeyPair.requireKey(strategyPublicKey, "strategy public key");
    }
  }

  /** Plain links: nothing to hand over. */
  public static ChildLinkKeys none() {
    return none(new byte[0]);
  }

  /**
   * Plain links, with the order-id secret for the order executor: without CURVE the proofs are all
   * that keeps the {@code aftm-} ids AFTM's own.
   */
  public static ChildLinkKeys none(byte[] orderIdSecret) {
    return new ChildLinkKeys(LinkSecurityMode.NONE, null, "", "", "", orderIdSecret);
  }

  /** The strategy's part of the install's keys. */
  public static ChildLinkKeys forStrategy(LinkKeys keys) {
    return of(keys, keys.strategy(), new byte[0]);
  }

  /** The order executor's part, with the order-id secret. */
  public static ChildLinkKeys forOrderExecutor(LinkKeys keys) {
    byte[] secret = keys.orderIdSecret();
    try {
      return of(keys, keys.orderExecutor(), secret);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  private static ChildLinkKeys of(LinkKeys keys, CurveKeyPair own, byte[] secret) {
    return new ChildLinkKeys(
        LinkSecurityMode.CURVE,
        own,
        keys.main().publicKey(),
        keys.orderExecutor().publicKey(),
        keys.strategy().publicKey(),
        secret);
  }

  /** The order-id secret (empty for the strategy); a copy, which the caller may wipe. */
  @Override
  public byte[] orderIdSecret() {
    return orderIdSecret.clone();
  }

  /** A client end of a link to the main process. */
  public LinkSecurity clientOfMain() {
    return mode == LinkSecurityMode.NONE
        ? LinkSecurity.NONE
        : LinkSecurity.client(own, mainPublicKey);
  }

  /** A client end of the signal link to the order executor. */
  public LinkSecurity clientOfOrderExecutor() {
    return mode == LinkSecurityMode.NONE
        ? LinkSecurity.NONE
        : LinkSecurity.client(own, orderExecutorPublicKey);
  }

  /**
   * The order executor's server end of the signal link, which admits the strategy only.
   *
   * @param allowList started by {@link #signalAllowList} in the context of the signal socket
   */
  public LinkSecurity signalServer(ZapAllowList allowList) {
    return mode == LinkSecurityMode.NONE
        ? LinkSecurity.NONE
        : LinkSecurity.server(own, allowList).internalOnly();
  }

  /** Who may connect to the order executor's signal link. */
  public List<LinkPeer> signalClients() {
    return mode == LinkSecurityMode.NONE
        ? List.of()
        : List.of(new LinkPeer("strategy", strategyPublicKey, true));
  }

  /** The line the parent writes on the child's stdin, without its line end. */
  public String toLine() {
    if (mode == LinkSecurityMode.NONE) {
      return HEADER + " none " + secretText();
    }
    return String.join(
        " ",
        HEADER,
        "curve",
        own.publicKey(),
        own.secretKey(),
        mainPublicKey,
        orderExecutorPublicKey,
        strategyPublicKey,
        secretText());
  }

  private String secretText() {
    return orderIdSecret.length == 0
        ? NO_SECRET
        : Base64.getEncoder().withoutPadding().encodeToString(orderIdSecret);
  }

  private static byte[] secretOf(String text) {
    return text.equals(NO_SECRET) ? new byte[0] : Base64.getDecoder().decode(text);
  }

  /**
   * Reads a line of {@link #toLine()}.
   *
   * @throws LinkKeyException when it is not one; the message never repeats the line
   */
  public static ChildLinkKeys parse(String line) {
    if (line == null) {
      throw new LinkKeyException("no link keys from the parent process on stdin");
    }
    String[] words = line.strip().split(" ");
    if (words.length == 3 && words[0].equals(HEADER) && words[1].equals("none")) {
      try {
        byte[] secret = secretOf(words[2]);
        try {
          return none(secret);
        } finally {
          Arrays.fill(secret, (byte) 0);
        }
      } catch (IllegalArgumentException e) {
        throw new LinkKeyException("the link keys from the parent process are malformed");
      }
    }
    if (words.length != 8 || !words[0].equals(HEADER) || !words[1].equals("curve")) {
      throw new LinkKeyException(
          "the link keys from the parent process are not in the format " + HEADER);
    }
    try {
      byte[] secret = secretOf(words[7]);
      try {
        return new ChildLinkKeys(
            LinkSecurityMode.CURVE,
            new CurveKeyPair(words[2], words[3]),
            words[4],
            words[5],
            words[6],
            secret);
      } finally {
        Arrays.fill(secret, (byte) 0);
      }
    } catch (IllegalArgumentException e) {
      throw new LinkKeyException("the link keys from the parent process are malformed");
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ChildLinkKeys keys
        && mode == keys.mode
        && Objects.equals(own, keys.own)
        && mainPublicKey.equals(keys.mainPublicKey)
        && orderExecutorPublicKey.equals(keys.orderExecutorPublicKey)
        && strategyPublicKey.equals(keys.strategyPublicKey)
        && Arrays.equals(orderIdSecret, keys.orderIdSecret);
  }

  @Override
  public int hashCode() {
    return Objects.hash(mode, own, mainPublicKey, orderExecutorPublicKey, strategyPublicKey);
  }

  @Override
  public String toString() {
    return "ChildLinkKeys["
        + mode.text()
        + (own == null ? "" : ", own " + own.publicKey())
        + (orderIdSecret.length == 0 ? "" : ", order-id secret <hidden>")
        + "]";
  }
}
