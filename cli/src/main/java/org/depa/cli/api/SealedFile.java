package org.depa.cli.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import org.depa.dataset.OutputSeal;
import org.depa.dataset.OutputSealException;

/**
 * A file the clean room sealed to the job's output key (dataset-crypto's {@link OutputSeal}: ECDH,
 * HKDF-SHA-256, AES-256-GCM), whose authenticated header names the job, run and contract. Opened
 * here, on the TDC's machine, with the output key's private half; nothing else can open it.
 */
final class SealedFile {
    private static final long KEY_FILE_MAX = 16 * 1024;

    private SealedFile() {}

    /** What was sealed, once its labels are checked against what the manifest says it is. */
    static byte[] open(byte[] sealed, ECPrivateKey key, String name, String jobId, String runId, String contractId) {
        OutputSeal.Opened opened;
        try {
            opened = OutputSeal.open(sealed, key);
        } catch (OutputSealException e) {
            throw new GatewayCommand.Refused("the output key given does not open " + name
                    + " (it is sealed to the job's registered output key, or altered): " + e.getMessage());
        }
        Map<String, String> l = opened.labels();
        if (!jobId.equals(l.get("jobId")) || !runId.equals(l.get("runId")) || !contractId.equals(l.get("contractId"))) {
            throw new GatewayCommand.Refused(name + " was sealed for job " + l.get("jobId") + ", run " + l.get("runId")
                    + " of contract " + l.get("contractId") + ", but the manifest says job " + jobId + ", run "
                    + runId + " of contract " + contractId);
        }
        return opened.content();
    }

    /** The output key's private half: a PKCS#8 PEM file ({@code BEGIN PRIVATE KEY}) of an EC key. */
    static ECPrivateKey privateKey(Path file, String option) {
        String pem;
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > KEY_FILE_MAX) {
                throw new GatewayOptions.UsageException(option + " " + file + " is not a PEM file of at most 16 KiB");
            }
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new GatewayOptions.UsageException("cannot read " + option + " " + file + ": " + e.getMessage());
        }
        if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new GatewayOptions.UsageException(option + " " + file
                    + " is not a PKCS#8 private key (-----BEGIN PRIVATE KEY-----); convert an EC key with"
                    + " 'openssl pkcs8 -topk8 -nocrypt'");
        }
        String b64 = pem.substring(pem.indexOf("-----BEGIN PRIVATE KEY-----") + 27);
        int end = b64.indexOf("-----END PRIVATE KEY-----");
        if (end < 0) {
            throw new GatewayOptions.UsageException(option + " " + file + " has no END PRIVATE KEY line");
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(b64.substring(0, end));
            return (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException | ClassCastException e) {
            throw new GatewayOptions.UsageException(option + " " + file + " is not an EC private key");
        }
    }
}
