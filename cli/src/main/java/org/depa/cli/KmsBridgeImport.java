package org.depa.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import org.depa.dataset.KeyFile;
import org.depa.dataset.SealedSpec;
import org.depa.kms.protocol.BridgeAdminClient;
import org.depa.kms.protocol.KeyImportRequest;
import org.depa.kms.protocol.KeyImportResult;
import org.depa.ledger.model.Fields;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.LedgerRuleException;

/**
 * {@code depa kms import-key --bridge URL}: the key into the owner's running bridge over mutual TLS
 * ({@code PUT v1/admin/keys/{keyId}}, admitted only with the owner's own client certificate), releasable at once, no
 * restart. What is sent is the key file's text and the proof the bridge checks before storing: the dataset id and the
 * ciphertext's start (its header and first segment, {@link KeyImportRequest#CIPHERTEXT_PROOF_BYTES} bytes at most),
 * or the whole sealed spec. Files are checked here first (exit 2 naming the option); the bridge's refusals are exit
 * 1 with its reason, a bridge that does not answer exit 3. The key is on no output and in no log record.
 */
final class KmsBridgeImport {
    private static final Logger LOG = Logger.getLogger("org.depa.cli");

    /** What the command line gave for a bridge import. */
    record Options(
            URI bridge,
            Path tlsCa,
            Path tlsCert,
            Path tlsKey,
            Path key,
            String datasetId,
            Path ciphertext,
            Path sealedSpec,
            String keyId,
            boolean replace) {}

    private KmsBridgeImport() {}

    static int run(Options o, PrintWriter out, PrintWriter err) {
        URI bridge = KmsOwnerTls.bridge(o.bridge(), "--bridge");
        if (o.tlsCa() == null || o.tlsCert() == null || o.tlsKey() == null) {
            throw new UsageError("--bridge needs your mutual TLS material: --tls-ca (the organisation's TLS CA),"
                    + " --tls-cert and --tls-key (your own client certificate and its key)");
        }
        SSLContext tls = KmsOwnerTls.context("--tls-ca", o.tlsCa(), "--tls-cert", o.tlsCert(), "--tls-key", o.tlsKey());
        String keyFile = keyFile(o.key(), o.sealedSpec() == null ? KeyFile.Kind.DATASET : KeyFile.Kind.SPEC);
        String keyId;
        KeyImportRequest request;
        if (o.sealedSpec() == null) {
            String datasetId = datasetId(o.datasetId());
            keyId = o.keyId() == null ? KeyImportRequest.defaultKeyId(datasetId) : o.keyId();
            request = KeyImportRequest.dataset(
                    keyFile,
                    datasetId,
                    Base64.getEncoder().encodeToString(ciphertextStart(o.ciphertext())),
                    o.replace());
        } else {
            byte[] sealed = sealedSpec(o.sealedSpec());
            try {
                keyId = SealedSpec.read(sealed).header().keyId();
            } catch (IllegalArgumentException e) {
                throw new UsageError("--sealed-spec " + o.sealedSpec() + ": " + e.getMessage());
            }
            if (o.keyId() != null && !o.keyId().equals(keyId)) {
                throw new UsageError("--key-id: a spec key is held under " + keyId
                        + " (spec-<commitment>), the id the bridge looks it up by; leave --key-id out");
            }
            request = KeyImportRequest.spec(keyFile, Base64.getEncoder().encodeToString(sealed), o.replace());
        }
        try {
            KeyImportResult r = new BridgeAdminClient(tls).importKey(bridge, keyId, request);
            out.println(json(bridge, r));
            out.flush();
            LOG.info(() -> "kms import-key: " + r.keyId() + " into " + bridge + (r.replaced() ? " (replaced)" : ""));
            return 0;
        } catch (BridgeAdminClient.AdminException e) {
            String m = e.getMessage();
            err.println("depa kms import-key: " + m
                    + (e.unreachable() || m.endsWith("nothing imported") ? "" : "; nothing imported"));
            err.flush();
            LOG.info(() -> "kms import-key: " + keyId + " into " + bridge + " not imported: " + e.getMessage());
            return e.unreachable() ? 3 : Main.FAILED;
        }
    }

    /** The key file's text, after checking it holds a key of {@code kind} (the bridge checks again). */
    private static String keyFile(Path file, KeyFile.Kind kind) {
        byte[] raw;
        try {
            raw = KeyFile.read(file, kind);
        } catch (NoSuchFileException e) {
            throw new UsageError("--key: no such file " + file);
        } catch (IOException | IllegalArgumentException e) {
            // KeyFile's messages name the file and the kinds, never the key.
            throw new UsageError("--key: " + e.getMessage());
        }
        Arrays.fill(raw, (byte) 0);
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UsageError("--key: cannot read " + file + ": " + e.getMessage());
        }
    }

    private static String datasetId(String id) {
        if (id == null) {
            throw new UsageError("--dataset-id is required with --ciphertext");
        }
        try {
            return Fields.id("--dataset-id", id);
        } catch (LedgerRuleException e) {
            throw new UsageError("--dataset-id '" + id + "' is not a ledger dataset id: " + e.getMessage());
        }
    }

    /** The ciphertext's first bytes: its header and first segment, and one byte more if there is one. */
    private static byte[] ciphertextStart(Path file) {
        if (file == null) {
            throw new UsageError("--ciphertext is required with --dataset-id");
        }
        if (!Files.isRegularFile(file)) {
            throw new UsageError("--ciphertext: " + file + " is not a readable file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(KeyImportRequest.CIPHERTEXT_PROOF_BYTES);
        } catch (IOException e) {
            throw new UsageError("--ciphertext: cannot read " + file + ": " + e.getMessage());
        }
    }

    private static byte[] sealedSpec(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new UsageError("--sealed-spec: " + file + " is not a readable file");
            }
            long size = Files.size(file);
            if (size > KeyImportRequest.MAX_SEALED_SPEC_BYTES) {
                throw new UsageError("--sealed-spec " + file + " is " + size + " bytes, over the "
                        + KeyImportRequest.MAX_SEALED_SPEC_BYTES + " a sealed spec may be");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UsageError("--sealed-spec: cannot read " + file + ": " + e.getMessage());
        }
    }

    private static String json(URI bridge, KeyImportResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("imported", true);
        if (r.datasetId() != null) {
            m.put("datasetId", r.datasetId());
        }
        m.put("keyId", r.keyId());
        m.put("bridge", bridge.toString());
        m.put("store", r.store());
        m.put("replaced", r.replaced());
        m.put(
                "next",
                r.datasetId() != null
                        ? "register the dataset with keyId '" + r.keyId() + "' and this bridge's pinned address;"
                                + " the bridge releases the key from now on (no restart)"
                        : "this bridge releases the spec key to an attested run of your job with this commitment");
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(m);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
