package org.aftm.app.security;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.aftm.adapter.zmq.link.CurveKeyPair;
import org.aftm.adapter.zmq.link.LinkSecurity;
import org.aftm.app.config.LinkSecurityMode;
import org.aftm.app.config.OwnerOnlyFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The link keys under {@code <data>/keys/}: generated at the first start, reused at every later
 * one. The directory is created {@code 0700} and every file {@code 0600}, with the permissions
 * given at creation (never loosened and tightened after), and written whole under a temporary name
 * first, so a crash leaves no half key file.
 *
 * <ul>
 *   <li>{@code <party>.key} for {@code main}, {@code order-executor}, {@code strategy}, {@code
 *       operator}: two lines, {@code public <z85>} and {@code secret <z85>};
 *   <li>{@code order-id.secret}: 32 random bytes, the key of the order-id proofs;
 *   <li>{@code http.token}: 32 random bytes as 64 hex digits and a line break, the bearer token the
 *       status HTTP server's POST controls require ({@code curl -H "Authorization: Bearer $(cat
 *       data/keys/http.token)" ...});
 *   <li>{@code clients/<name>.pub}: added by the operator, one line holding an external client's
 *       CURVE public key in Z85; the file name (letters, digits, {@code -}, {@code _}) names the
 *       client.
 * </ul>
 *
 * <p>Static and stateless; safe from any thread, but two processes creating the keys of one data
 * directory at once is prevented by the data-directory lock of the main process, not here.
 */
public final class LinkKeyStore {

  static final String DIRECTORY = "keys";
  static final String CLIENTS = "clients";

  /** The file of the order-id secret in the keys directory. */
  public static final String ORDER_ID_SECRET = "order-id.secret";

  static final String HTTP_TOKEN = "http.token";
  static final int SECRET_BYTES = 32;

  private static final Pattern CLIENT_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern HTTP_TOKEN_TEXT =
      Pattern.compile("[0-9a-f]{" + 2 * SECRET_BYTES + "}");
  private static final Logger LOG = LoggerFactory.getLogger(LinkKeyStore.class);

  private LinkKeyStore() {}

  /** The directory of the keys of {@code dataDir}. */
  public static Path directory(Path dataDir) {
    return dataDir.resolve(DIRECTORY);
  }

  /**
   * Reads the keys, generating any that are missing: the main process's call at start.
   *
   * @throws LinkKeyException naming the file that is malformed or cannot be written
   */
  public static LinkKeys openOrCreate(Path dataDir) {
    Path dir = directory(dataDir);
    try {
      Files.createDirectories(dataDir);
      if (!Files.isDirectory(dir)) {
        createOwnerDirectory(dir);
      }
      createOwnerDirectory(dir.resolve(CLIENTS));
      for (String party : LinkKeys.INTERNAL_NAMES) {
        Path file = keyFile(dir, party);
        if (!Files.exists(file)) {
          CurveKeyPair pair = CurveKeyPair.generate();
          writeOwnerFile(
              file,
              ("public " + pair.publicKey() + "\nsecret " + pair.secretKey() + "\n")
                  .getBytes(StandardCharsets.US_ASCII));
          LOG.info("Generated the {} link key pair in {}", party, file);
        }
      }
      Path secret = dir.resolve(ORDER_ID_SECRET);
      tighten(dir, OwnerOnlyFiles.DIRECTORY, dir);
      for (String party : LinkKeys.INTERNAL_NAMES) {
        tighten(keyFile(dir, party), OwnerOnlyFiles.FILE, dir);
      }
      tighten(secret, OwnerOnlyFiles.FILE, dir);
      if (!Files.exists(secret)) {
        byte[] random = new byte[SECRET_BYTES];
        new SecureRandom().nextBytes(random);
        try {
          writeOwnerFile(secret, random);
        } finally {
          Arrays.fill(random, (byte) 0);
        }
        LOG.info("Generated the order-id secret in {}", secret);
      }
      Path token = dir.resolve(HTTP_TOKEN);
      tighten(token, OwnerOnlyFiles.FILE, dir);
      if (!Files.exists(token)) {
        byte[] random = new byte[SECRET_BYTES];
        new SecureRandom().nextBytes(random);
        byte[] text = (HexFormat.of().formatHex(random) + "\n").getBytes(StandardCharsets.US_ASCII);
        try {
          writeOwnerFile(token, text);
        } finally {
          Arrays.fill(random, (byte) 0);
          Arrays.fill(text, (byte) 0);
        }
        LOG.info("Generated the HTTP control token in {}", token);
      }
    } catch (IOException e) {
      throw new LinkKeyException("cannot create the link keys in " + dir + ": " + e.getMessage());
    }
    return read(dataDir);
  }

  /**
   * Reads the keys an earlier start generated: the operator's commands' call.
   *
   * @throws LinkKeyException naming the file that is missing or malformed
   */
  public static LinkKeys read(Path dataDir) {
    Path dir = directory(dataDir);
    byte[] secret = readSecret(dir.resolve(ORDER_ID_SECRET));
    try {
      return new LinkKeys(
          readPair(keyFile(dir, "main")),
          readPair(keyFile(dir, "order-executor")),
          readPair(keyFile(dir, "strategy")),
          readPair(keyFile(dir, "operator")),
          secret,
          readClients(dir.resolve(CLIENTS)));
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }

  /**
   * The bearer token of the status HTTP server's POST controls, as {@link #openOrCreate} wrote it:
   * 64 lowercase hex digits.
   *
   * @throws LinkKeyException naming the file when it is missing or malformed
   */
  public static String httpToken(Path dataDir) {
    Path file = directory(dataDir).resolve(HTTP_TOKEN);
    List<String> lines = readLines(file).stream().filter(l -> !l.isBlank()).toList();
    if (lines.size() != 1 || !HTTP_TOKEN_TEXT.matcher(lines.get(0).strip()).matches()) {
      throw malformed(file, "expected one line of " + 2 * SECRET_BYTES + " lowercase hex digits");
    }
    return lines.get(0).strip();
  }

  /**
   * The client end of an operator's command talking to the gateway of {@code dataDir}'s main
   * process: the {@code operator} key pair trusting the {@code main} public key, or plain ZeroMQ
   * with {@code AFTM_LINK_SECURITY=none}. Reads the two key files only, never the order-id secret.
   *
   * @throws LinkKeyException naming a key file that is missing or malformed
   */
  public static LinkSecurity operatorClient(Path dataDir, LinkSecurityMode mode) {
    if (mode == LinkSecurityMode.NONE) {
      return LinkSecurity.NONE;
    }
    Path dir = directory(dataDir);
    return LinkSecurity.client(
        readPair(keyFile(dir, "operator")), readPair(keyFile(dir, "main")).publicKey());
  }

  private static Path keyFile(Path dir, String party) {
    return dir.resolve(party + ".key");
  }

  private static void createOwnerDirectory(Path dir) throws IOException {
    OwnerOnlyFiles.createDirectories(dir);
  }

  /**
   * Makes an existing key file or the keys directory owner-only again, loudly: secrets others could
   * read (a restore from a backup, a copy with the wrong umask) may have been read already.
   */
  private static void tighten(Path path, Set<PosixFilePermission> wanted, Path dir)
      throws IOException {
    if (!OwnerOnlyFiles.isPosix(path.getFileSystem()) || !Files.exists(path)) {
      return;
    }
    Set<PosixFilePermission> actual = Files.getPosixFilePermissions(path);
    if (!wanted.containsAll(actual)) {
      Files.setPosixFilePermissions(path, wanted);
      LOG.warn(
          "{} was {}, so others could read AFTM's link secrets; it is {} now. If anyone else may"
              + " have read it, stop AFTM, delete {} and start again to make new keys",
          path,
          PosixFilePermissions.toString(actual),
          PosixFilePermissions.toString(wanted),
          dir);
    }
  }

  private static void writeOwnerFile(Path file, byte[] content) throws IOException {
    Path temporary = file.resolveSibling(file.getFileName() + ".new");
    Files.deleteIfExists(temporary);
    try (SeekableByteChannel channel =
        Files.newByteChannel(
            temporary,
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
            OwnerOnlyFiles.fileAttributes(temporary))) {
      ByteBuffer buffer = ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    }
    try (var channel = java.nio.channels.FileChannel.open(temporary, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
  }

  private static CurveKeyPair readPair(Path file) {
    List<String> lines = readLines(file);
    String publicKey = null;
    String secretKey = null;
    for (String line : lines) {
      String[] parts = line.strip().split("\\s+");
      if (parts.length == 2 && parts[0].equals("public")) {
        publicKey = parts[1];
      } else if (parts.length == 2 && parts[0].equals("secret")) {
        secretKey = parts[1];
      } else if (!line.isBlank()) {
        throw malformed(file, "expected the lines 'public <z85>' and 'secret <z85>'");
      }
    }
    if (publicKey == null || secretKey == null) {
      throw malformed(file, "expected the lines 'public <z85>' and 'secret <z85>'");
    }
    try {
      return new CurveKeyPair(publicKey, secretKey);
    } catch (IllegalArgumentException e) {
      throw malformed(file, e.getMessage());
    }
  }

  private static byte[] readSecret(Path file) {
    byte[] secret;
    try {
      secret = Files.readAllBytes(file);
    } catch (IOException e) {
      throw missing(file, e);
    }
    if (secret.length != SECRET_BYTES) {
      Arrays.fill(secret, (byte) 0);
      throw malformed(file, "expected " + SECRET_BYTES + " bytes");
    }
    return secret;
  }

  private static Map<String, String> readClients(Path dir) {
    Map<String, String> clients = new TreeMap<>();
    if (!Files.isDirectory(dir)) {
      return clients;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.pub")) {
      for (Path file : files) {
        String fileName = file.getFileName().toString();
        String name = fileName.substring(0, fileName.length() - ".pub".length());
        if (!CLIENT_NAME.matcher(name).matches() || LinkKeys.INTERNAL_NAMES.contains(name)) {
          throw malformed(
              file,
              "a client's name must be 1 to 64 letters, digits, '-' or '_' and not one of "
                  + LinkKeys.INTERNAL_NAMES);
        }
        List<String> lines = readLines(file).stream().filter(l -> !l.isBlank()).toList();
        if (lines.size() != 1) {
          throw malformed(file, "expected one line holding a CURVE public key in Z85");
        }
        try {
          clients.put(name, CurveKeyPair.requireKey(lines.get(0).strip(), "the public key"));
        } catch (IllegalArgumentException e) {
          throw malformed(file, e.getMessage());
        }
      }
    } catch (IOException e) {
      throw new LinkKeyException("cannot read the client keys in " + dir + ": " + e.getMessage());
    }
    return clients;
  }

  private static List<String> readLines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.US_ASCII);
    } catch (java.nio.charset.MalformedInputException e) {
      throw malformed(file, "not ASCII text");
    } catch (IOException e) {
      throw missing(file, e);
    }
  }

  private static LinkKeyException malformed(Path file, String why) {
    return new LinkKeyException("malformed key file " + file + ": " + why);
  }

  private static LinkKeyException missing(Path file, IOException e) {
    return new LinkKeyException(
        "cannot read key file "
            + file
            + " ("
            + e.getClass().getSimpleName()
            + "); the main process (aftm run) creates the keys at its first start");
  }
}
