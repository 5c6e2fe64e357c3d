package org.depa.dataset;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * What leaves the clean room, sealed to the TDC's registered output key (EC P-256 or P-384),
 * ECIES-style with the JDK alone: a fresh ephemeral key on the recipient's curve, ECDH, HKDF-SHA-256
 * (RFC 5869; random 32-byte salt, info naming the format and curve) to a 256-bit key, AES-256-GCM
 * (12-byte nonce, 128-bit tag). The header (format, curve and the labels: job, run, contract, file
 * name) and the ephemeral key are authenticated as associated data, so a file cannot be relabelled.
 * The clean room seals; the TDC's CLI opens.
 *
 * <pre>
 * "DEPAOUT1" | u16 header length | header (UTF-8 "name=value" lines) | u16 ephemeral key length |
 * ephemeral key (X.509 SubjectPublicKeyInfo) | salt (32) | nonce (12) | AES-GCM ciphertext and tag
 * </pre>
 */
public final class OutputSeal {
    private static final byte[] MAGIC = "DEPAOUT1".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int SALT = 32;
    private static final int NONCE = 12;

    /** An opened file: its labels (curve, jobId, runId, contractId, name) and content. */
    public record Opened(Map<String, String> labels, byte[] content) {
        public Opened {
            labels = Map.copyOf(labels);
        }
    }

    private OutputSeal() {}

    /** {@code content} sealed to {@code recipient}; {@code labels} travel authenticated, in clear. */
    public static byte[] seal(byte[] content, PublicKey recipient, Map<String, String> labels) {
        Objects.requireNonNull(content, "content");
        ECPublicKey ec = ecKey(recipient);
        String curve = curve(ec.getParams());
        Map<String, String> header = new LinkedHashMap<>();
        header.put("format", "depa-output-v1");
        header.put("curve", curve);
        labels.forEach((k, v) -> {
            if (k.contains("=") || k.contains("\n") || v.contains("\n")) {
                throw new IllegalArgumentException("label '" + k + "' holds '=' or a line break");
            }
            header.put(k, v);
        });
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(ec.getParams(), RANDOM);
            KeyPair eph = g.generateKeyPair();
            byte[] epk = eph.getPublic().getEncoded();
            byte[] salt = random(SALT);
            byte[] nonce = random(NONCE);
            byte[] head = headerBytes(header, epk, salt, nonce);
            byte[] key = derive(eph.getPrivate(), ec, salt, curve);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            Arrays.fill(key, (byte) 0);
            c.updateAAD(head);
            byte[] ct = c.doFinal(content);
            return ByteBuffer.allocate(head.length + ct.length)
                    .put(head)
                    .put(ct)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new OutputSealException("sealing failed: " + e.getMessage(), e);
        }
    }

    /** Opens {@code sealed} with the output key's private half; refused if another key's or altered. */
    public static Opened open(byte[] sealed, ECPrivateKey key) {
        Objects.requireNonNull(key, "key");
        ByteBuffer b = ByteBuffer.wrap(Objects.requireNonNull(sealed, "sealed"));
        try {
            byte[] magic = new byte[MAGIC.length];
            b.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new OutputSealException("not a sealed depa output (no DEPAOUT1 header)");
            }
            byte[] headerText = new byte[Short.toUnsignedInt(b.getShort())];
            b.get(headerText);
            byte[] epk = new byte[Short.toUnsignedInt(b.getShort())];
            b.get(epk);
            byte[] salt = new byte[SALT];
            b.get(salt);
            byte[] nonce = new byte[NONCE];
            b.get(nonce);
            int headLength = b.position();
            Map<String, String> labels = parse(new String(headerText, StandardCharsets.UTF_8));
            PublicKey ephemeral = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(epk));
            String curve = curve(key.getParams());
            if (!curve.equals(labels.get("curve"))) {
                throw new OutputSealException("sealed to a " + labels.get("curve") + " key; this key is " + curve);
            }
            byte[] k = derive(key, ecKey(ephemeral), salt, curve);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(k, "AES"), new GCMParameterSpec(128, nonce));
            Arrays.fill(k, (byte) 0);
            c.updateAAD(sealed, 0, headLength);
            byte[] content = c.doFinal(sealed, headLength, sealed.length - headLength);
            return new Opened(labels, content);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new OutputSealException("not sealed to this output key, or altered since sealing", e);
        } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
            throw new OutputSealException("truncated or malformed sealed output", e);
        } catch (GeneralSecurityException e) {
            throw new OutputSealException("cannot open: " + e.getMessage(), e);
        }
    }

    private static byte[] headerBytes(Map<String, String> header, byte[] epk, byte[] salt, byte[] nonce) {
        StringBuilder sb = new StringBuilder();
        header.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        byte[] text = sb.toString().getBytes(StandardCharsets.UTF_8);
        if (text.length > 0xFFFF) {
            throw new IllegalArgumentException("labels too long");
        }
        return ByteBuffer.allocate(MAGIC.length + 2 + text.length + 2 + epk.length + SALT + NONCE)
                .put(MAGIC)
                .putShort((short) text.length)
                .put(text)
                .putShort((short) epk.length)
                .put(epk)
                .put(salt)
                .put(nonce)
                .array();
    }

    private static Map<String, String> parse(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("header line without a name");
            }
            m.put(line.substring(0, eq), line.substring(eq + 1));
        }
        if (!"depa-output-v1".equals(m.get("format"))) {
            throw new OutputSealException("unknown sealed output format '" + m.get("format") + "'");
        }
        return m;
    }

    private static byte[] derive(java.security.PrivateKey mine, ECPublicKey theirs, byte[] salt, String curve)
            throws GeneralSecurityException {
        KeyAgreement ka = KeyAgreement.getInstance("ECDH");
        ka.init(mine);
        ka.doPhase(theirs, true);
        byte[] shared = ka.generateSecret();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(salt, "HmacSHA256"));
            byte[] prk = mac.doFinal(shared); // HKDF-Extract
            mac.init(new SecretKeySpec(prk, "HmacSHA256"));
            mac.update(("depa-output-v1|" + curve).getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 1);
            Arrays.fill(prk, (byte) 0);
            return mac.doFinal(); // HKDF-Expand, one block: 32 bytes
        } finally {
            Arrays.fill(shared, (byte) 0);
        }
    }

    private static ECPublicKey ecKey(PublicKey k) {
        if (!(Objects.requireNonNull(k, "recipient") instanceof ECPublicKey ec)) {
            throw new OutputSealException("the output key is " + k.getAlgorithm() + "; it must be EC P-256 or P-384");
        }
        curve(ec.getParams());
        return ec;
    }

    private static final java.math.BigInteger P256_ORDER =
            new java.math.BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);
    private static final java.math.BigInteger P384_ORDER = new java.math.BigInteger(
            "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F4372DDF581A0DB248B0A77AECEC196ACCC52973", 16);

    /** The curve's name, by its group order: another 256- or 384-bit curve is not P-256 or P-384. */
    private static String curve(java.security.spec.ECParameterSpec params) {
        if (params.getOrder().equals(P256_ORDER)) {
            return "P-256";
        }
        if (params.getOrder().equals(P384_ORDER)) {
            return "P-384";
        }
        throw new OutputSealException(
                "an output key on a " + params.getCurve().getField().getFieldSize()
                        + "-bit curve other than P-256 or P-384; P-256 or P-384 only");
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
