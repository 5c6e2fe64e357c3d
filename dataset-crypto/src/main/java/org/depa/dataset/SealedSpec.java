package org.depa.dataset;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A TDC's model spec and salt sealed for the clean room (issue 11): the bundle {@code {"spec": {...}, "salt":
 * "<hex>"}} encrypted with {@link DatasetCipher} (Tink streaming AEAD, AES-256-GCM-HKDF) under a fresh spec key that
 * only the TDC's own kms-bridge holds, behind a short header in clear:
 *
 * <pre>
 * depa-sealed-spec v1
 * tdc icmr-tdc
 * commitment 3f5a...(64 hex)
 * kms http://127.0.0.1:8091/
 *
 * (ciphertext)
 * </pre>
 *
 * <p>The ciphertext's associated data (the cipher's dataset-id slot) is {@code model-spec/<tdc>/<commitment>}, which
 * no ledger dataset id can equal (ids have no '/'): a sealed spec opens only as the spec of that TDC with that
 * commitment, so a header edited to another commitment or TDC fails to open. The header names where the clean room
 * asks for the key ({@code kms}) and which key that bridge releases ({@link #keyId}: one key per commitment, so the
 * bridge releases a spec key only to a run of a job with that commitment). The endpoint is not authenticated: a host
 * that points the clean room elsewhere gets no key (the real one is released only by the TDC's bridge, to the
 * attested run), and a spec sealed by anyone else cannot open the commitment every party signed.
 */
public final class SealedSpec {
    public static final String MAGIC = "depa-sealed-spec v1";
    /** The largest bundle sealed or opened (the spec parser's cap is 64 KiB; the salt and wrapping are small). */
    public static final int MAX_BUNDLE_BYTES = 80 * 1024;

    private static final int MAX_HEADER_BYTES = 4096;
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{1,63}");

    /**
     * What the clear header says.
     *
     * @param tdcId the TDC whose bridge holds the key
     * @param commitment the salted commitment the sealed bundle opens (the job's {@code modelSpecCommitment})
     * @param kmsEndpoint the base URI of the TDC's kms-bridge
     */
    public record Header(String tdcId, String commitment, URI kmsEndpoint) {
        public Header {
            if (tdcId == null || !ID.matcher(tdcId).matches()) {
                throw new IllegalArgumentException("tdc must be a ledger participant id, got '" + tdcId + "'");
            }
            if (commitment == null || !HEX64.matcher(commitment).matches()) {
                throw new IllegalArgumentException("commitment must be 64 lower-case hex digits");
            }
            Objects.requireNonNull(kmsEndpoint, "kmsEndpoint");
            if (!("http".equals(kmsEndpoint.getScheme()) || "https".equals(kmsEndpoint.getScheme()))
                    || kmsEndpoint.getHost() == null) {
                throw new IllegalArgumentException("kms must be an http(s) URI with a host, got '" + kmsEndpoint + "'");
            }
        }

        /** The key id the TDC's bridge files this spec's key under. */
        public String keyId() {
            return SealedSpec.keyId(commitment);
        }

        String text() {
            return MAGIC + "\ntdc " + tdcId + "\ncommitment " + commitment + "\nkms " + kmsEndpoint + "\n\n";
        }
    }

    /** A sealed spec read: its header and ciphertext. */
    public record Sealed(Header header, byte[] ciphertext) {
        public Sealed {
            Objects.requireNonNull(header, "header");
            ciphertext = ciphertext.clone();
        }

        @Override
        public byte[] ciphertext() {
            return ciphertext.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Sealed s && header.equals(s.header) && Arrays.equals(ciphertext, s.ciphertext);
        }

        @Override
        public int hashCode() {
            return header.hashCode() * 31 + Arrays.hashCode(ciphertext);
        }

        @Override
        public String toString() {
            return "Sealed[" + header + ", " + ciphertext.length + " bytes]";
        }
    }

    private SealedSpec() {}

    /** The key id of the spec key for {@code commitment}: {@code spec-<commitment>}. */
    public static String keyId(String commitment) {
        if (commitment == null || !HEX64.matcher(commitment).matches()) {
            throw new IllegalArgumentException("commitment must be 64 lower-case hex digits");
        }
        return "spec-" + commitment;
    }

    /** The sealed file's bytes: {@code bundle} encrypted under {@code key} for {@code header}. */
    public static byte[] seal(byte[] bundle, DatasetKey key, Header header) throws IOException {
        Objects.requireNonNull(bundle, "bundle");
        if (bundle.length > MAX_BUNDLE_BYTES) {
            throw new IllegalArgumentException("the spec bundle is over " + MAX_BUNDLE_BYTES + " bytes");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(header.text().getBytes(StandardCharsets.UTF_8));
        DatasetCipher.create(key).encrypt(new ByteArrayInputStream(bundle), out, associatedData(header));
        return out.toByteArray();
    }

    /** Reads a sealed file's header and ciphertext, without any key. */
    public static Sealed read(byte[] file) {
        Objects.requireNonNull(file, "file");
        int end = -1;
        for (int i = 0; i + 1 < Math.min(file.length, MAX_HEADER_BYTES); i++) {
            if (file[i] == '\n' && file[i + 1] == '\n') {
                end = i;
                break;
            }
        }
        if (end < 0) {
            throw new IllegalArgumentException("not a sealed spec: no '" + MAGIC + "' header ending in a blank line");
        }
        String[] lines = new String(file, 0, end, StandardCharsets.UTF_8).split("\n", -1);
        if (lines.length != 4 || !MAGIC.equals(lines[0])) {
            throw new IllegalArgumentException("not a sealed spec: the first line must be '" + MAGIC
                    + "', then the lines 'tdc', 'commitment' and 'kms'");
        }
        Header header = new Header(field(lines[1], "tdc"), field(lines[2], "commitment"), uri(field(lines[3], "kms")));
        return new Sealed(header, Arrays.copyOfRange(file, end + 2, file.length));
    }

    /**
     * Opens {@code sealed} with {@code key}: the bundle's bytes.
     *
     * @throws DatasetDecryptionException the key is not the one it was sealed with, or the header's TDC or
     *     commitment is not the one it was sealed for, or the ciphertext was altered
     */
    public static byte[] open(Sealed sealed, DatasetKey key) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DatasetCipher.create(key)
                .decrypt(new ByteArrayInputStream(sealed.ciphertext()), out, associatedData(sealed.header()));
        if (out.size() > MAX_BUNDLE_BYTES) {
            throw new IllegalArgumentException("the opened spec bundle is over " + MAX_BUNDLE_BYTES + " bytes");
        }
        return out.toByteArray();
    }

    private static String associatedData(Header h) {
        return "model-spec/" + h.tdcId() + "/" + h.commitment();
    }

    private static String field(String line, String name) {
        if (!line.startsWith(name + " ")) {
            throw new IllegalArgumentException("not a sealed spec: expected a '" + name + " ...' line");
        }
        return line.substring(name.length() + 1);
    }

    private static URI uri(String text) {
        try {
            return URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the sealed spec's kms line is not a URI");
        }
    }
}
