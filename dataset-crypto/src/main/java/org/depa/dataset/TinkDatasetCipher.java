package org.depa.dataset;

import com.google.crypto.tink.AccessesPartialKey;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingKey;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingParameters;
import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import com.google.crypto.tink.util.SecretBytes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

final class TinkDatasetCipher implements DatasetCipher {
    /** 1 MiB segments: constant memory for any file, small overhead (16 bytes per segment). */
    private static final int SEGMENT_BYTES = 1 << 20;

    private final StreamingAead aead;

    TinkDatasetCipher(DatasetKey key) {
        this.aead = streamingAead(Objects.requireNonNull(key, "key"));
    }

    /**
     * Builds the primitive from the raw 32 key bytes rather than a Tink keyset: the key-release
     * service and a PKCS#11 token hold plain AES-256 keys, and a keyset would add a format with
     * nothing to gain here.
     */
    @AccessesPartialKey
    private static StreamingAead streamingAead(DatasetKey key) {
        byte[] raw = key.bytes();
        try {
            AesGcmHkdfStreamingParameters parameters = AesGcmHkdfStreamingParameters.builder()
                    .setKeySizeBytes(DatasetKey.LENGTH)
                    .setDerivedAesGcmKeySizeBytes(DatasetKey.LENGTH)
                    .setHkdfHashType(AesGcmHkdfStreamingParameters.HashType.SHA256)
                    .setCiphertextSegmentSizeBytes(SEGMENT_BYTES)
                    .build();
            AesGcmHkdfStreamingKey tinkKey =
                    AesGcmHkdfStreamingKey.create(parameters, SecretBytes.copyFrom(raw, InsecureSecretKeyAccess.get()));
            return AesGcmHkdfStreaming.create(tinkKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Tink streaming AEAD unavailable", e);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    @Override
    public EncryptionResult encrypt(InputStream plaintext, OutputStream ciphertext, String datasetId)
            throws IOException {
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(ciphertext, "ciphertext");
        byte[] ad = associatedData(datasetId);
        MessageDigest sha256 = sha256();
        CountingOutputStream counted = new CountingOutputStream(new DigestOutputStream(ciphertext, sha256));
        long plainBytes;
        try (OutputStream enc = aead.newEncryptingStream(new NonClosing(counted), ad)) {
            plainBytes = plaintext.transferTo(enc);
        } catch (GeneralSecurityException e) {
            throw new IOException("dataset encryption failed", e);
        }
        counted.flush();
        return new EncryptionResult(plainBytes, counted.count, HexFormat.of().formatHex(sha256.digest()));
    }

    @Override
    public long decrypt(InputStream ciphertext, OutputStream plaintext, String datasetId) throws IOException {
        Objects.requireNonNull(ciphertext, "ciphertext");
        Objects.requireNonNull(plaintext, "plaintext");
        byte[] ad = associatedData(datasetId);
        try (InputStream dec = aead.newDecryptingStream(ciphertext, ad)) {
            return dec.transferTo(plaintext);
        } catch (GeneralSecurityException e) {
            throw new DatasetDecryptionException("dataset " + datasetId + ": ciphertext header refused", e);
        } catch (IOException e) {
            // Tink reports a failed segment tag or a truncated stream as an IOException.
            throw new DatasetDecryptionException(
                    "dataset " + datasetId
                            + ": ciphertext failed authentication (altered, truncated, other key or dataset)",
                    e);
        }
    }

    @Override
    public void checkMadeWith(InputStream ciphertext, String datasetId) throws IOException {
        Objects.requireNonNull(ciphertext, "ciphertext");
        byte[] ad = associatedData(datasetId);
        byte[] first = new byte[1];
        try (InputStream dec = aead.newDecryptingStream(ciphertext, ad)) {
            // Reading one byte makes Tink read and authenticate the whole first segment (or the last, if only one).
            dec.read(first);
        } catch (GeneralSecurityException e) {
            throw new DatasetDecryptionException("dataset " + datasetId + ": ciphertext header refused", e);
        } catch (IOException e) {
            throw new DatasetDecryptionException(
                    "dataset " + datasetId + ": this key did not make this ciphertext for this dataset id (another"
                            + " key, another dataset id, or not a depa ciphertext)",
                    e);
        } finally {
            first[0] = 0;
        }
    }

    @Override
    public EncryptionResult encryptFile(Path plaintext, Path ciphertext, String datasetId) throws IOException {
        Path partial = partialOf(ciphertext);
        try (InputStream in = Files.newInputStream(plaintext);
                OutputStream out = Files.newOutputStream(partial)) {
            EncryptionResult result = encrypt(in, out, datasetId);
            out.close();
            Files.move(partial, ciphertext, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return result;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    @Override
    public long decryptFile(Path ciphertext, Path plaintext, String datasetId) throws IOException {
        Path partial = partialOf(plaintext);
        try (InputStream in = Files.newInputStream(ciphertext);
                OutputStream out = ownerOnly(partial)) {
            long n = decrypt(in, out, datasetId);
            out.close();
            Files.move(partial, plaintext, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return n;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** A plaintext is created readable by its owner only (rw-------), replacing a stale partial file. */
    private static OutputStream ownerOnly(Path partial) throws IOException {
        Files.deleteIfExists(partial);
        try {
            Files.createFile(
                    partial,
                    java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(partial);
        }
        return Files.newOutputStream(partial, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
    }

    private static Path partialOf(Path target) {
        Path abs = target.toAbsolutePath();
        return abs.resolveSibling(abs.getFileName() + ".partial");
    }

    private static byte[] associatedData(String datasetId) {
        Objects.requireNonNull(datasetId, "datasetId");
        if (datasetId.isBlank()) {
            throw new IllegalArgumentException("datasetId is blank");
        }
        return ("depa/dataset/v1\0" + datasetId).getBytes(StandardCharsets.UTF_8);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class CountingOutputStream extends java.io.FilterOutputStream {
        long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    /** Tink closes the stream it writes to; the caller owns {@code ciphertext}. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
