package org.depa.ledger.client.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.depa.ledger.model.Hashes;

/**
 * The embedded ledger node's signing key, as a Fabric orderer has one to sign its blocks: Ed25519
 * (RFC 8032), whose signatures are deterministic, so two ledgers with the same key and the same
 * transactions write the same bytes. Kept in the ledger directory as {@code node.key} (PKCS#8 PEM,
 * owner read/write only) with its public half in {@code node.pub} (X.509 SubjectPublicKeyInfo PEM),
 * or supplied by the caller.
 */
public final class NodeKey {
    public static final String PRIVATE_FILE = "node.key";
    public static final String PUBLIC_FILE = "node.pub";
    private static final String ALGORITHM = "Ed25519";
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    /** DER of SubjectPublicKeyInfo for Ed25519 (RFC 8410) up to the 32 raw key bytes. */
    private static final byte[] SPKI_PREFIX = java.util.HexFormat.of().parseHex("302a300506032b6570032100");

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private NodeKey(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** A fresh Ed25519 key. */
    public static NodeKey generate() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
            return new NodeKey(pair.getPrivate(), pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519", e);
        }
    }

    /** The key in a PKCS#8 PEM text ({@code -----BEGIN PRIVATE KEY-----}). */
    public static NodeKey fromPem(String pkcs8Pem) {
        try {
            KeyFactory kf = KeyFactory.getInstance(ALGORITHM);
            PrivateKey priv = kf.generatePrivate(new PKCS8EncodedKeySpec(pemBody(pkcs8Pem, "PRIVATE KEY")));
            // The JDK's PKCS#8 encoding carries no public key: derive it from the seed (RFC 8032).
            PublicKey pub = derivePublic(priv);
            return new NodeKey(priv, pub);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 PKCS#8 private key: " + e.getMessage(), e);
        }
    }

    /** A public key in X.509 SubjectPublicKeyInfo PEM ({@code -----BEGIN PUBLIC KEY-----}). */
    public static PublicKey publicKeyFromPem(String pem) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(pemBody(pem, "PUBLIC KEY")));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    /** Whether {@code dir} holds a node key. */
    static boolean existsIn(Path dir) {
        return Files.exists(dir.resolve(PRIVATE_FILE));
    }

    /** Loads {@code dir/node.key}, refusing one that others may read. */
    static NodeKey loadFrom(Path dir) {
        Path file = dir.resolve(PRIVATE_FILE);
        try {
            PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            if (posix != null) {
                Set<PosixFilePermission> perms = posix.readAttributes().permissions();
                if (!OWNER_ONLY.containsAll(perms)) {
                    throw new LedgerStorageException(file + " is readable or writable by others ("
                            + PosixFilePermissions.toString(perms) + "); the node key must be owner-only: chmod 600 "
                            + file);
                }
            }
            return fromPem(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the node key " + file, e);
        } catch (IllegalArgumentException e) {
            throw new LedgerStorageException(file + " is " + e.getMessage(), e);
        }
    }

    /** Writes {@code node.key} (created owner-only, never overwritten) and {@code node.pub} into {@code dir}. */
    void storeIn(Path dir) {
        Path file = dir.resolve(PRIVATE_FILE);
        try {
            PosixFileAttributeView posix = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
            if (posix != null) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createFile(file);
            }
            Files.writeString(file, privatePem(), StandardCharsets.US_ASCII, StandardOpenOption.WRITE);
            Files.writeString(dir.resolve(PUBLIC_FILE), publicKeyPem(), StandardCharsets.US_ASCII);
        } catch (FileAlreadyExistsException e) {
            throw new LedgerStorageException(file + " already exists; a node key is never overwritten", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the node key " + file, e);
        }
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** The public key as X.509 SubjectPublicKeyInfo PEM, what an auditor pins. */
    public String publicKeyPem() {
        return pem("PUBLIC KEY", publicKey.getEncoded());
    }

    /** SHA-256 of the public key's SubjectPublicKeyInfo DER, hex: a short name for the key. */
    public String fingerprint() {
        return Hashes.sha256Hex(publicKey.getEncoded());
    }

    String privatePem() {
        return pem("PRIVATE KEY", privateKey.getEncoded());
    }

    byte[] sign(byte[] message) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(privateKey);
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the node key", e);
        }
    }

    /** Whether {@code signature} is {@code key}'s Ed25519 signature of {@code message}. */
    public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            s.update(message);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    boolean samePublicKey(PublicKey other) {
        return Arrays.equals(
                publicKey.getEncoded(),
                Objects.requireNonNull(other, "public key").getEncoded());
    }

    private static PublicKey derivePublic(PrivateKey priv) throws GeneralSecurityException {
        byte[] raw = new Ed25519PrivateKeyParameters(seedOf(priv), 0)
                .generatePublicKey()
                .getEncoded();
        byte[] spki = new byte[SPKI_PREFIX.length + raw.length];
        System.arraycopy(SPKI_PREFIX, 0, spki, 0, SPKI_PREFIX.length);
        System.arraycopy(raw, 0, spki, SPKI_PREFIX.length, raw.length);
        return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(spki));
    }

    private static byte[] seedOf(PrivateKey priv) {
        byte[] der = priv.getEncoded();
        // PKCS#8 for Ed25519 (RFC 8410) ends with OCTET STRING { OCTET STRING (32 bytes) }.
        return Arrays.copyOfRange(der, der.length - 32, der.length);
    }

    private static byte[] pemBody(String pem, String type) {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int b = pem.indexOf(begin);
        int e = pem.indexOf(end);
        if (b < 0 || e < b) {
            throw new IllegalArgumentException("no " + begin + " block");
        }
        return Base64.getMimeDecoder().decode(pem.substring(b + begin.length(), e));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
