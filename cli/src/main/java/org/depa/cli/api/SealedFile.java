package org.depa.cli.api;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.text.ParseException;
import java.util.Base64;

/**
 * A file the clean room sealed to the TDC's output key: a compact JWE (ECDH-ES+A256KW, A256GCM)
 * whose protected header names the run, contract and kind, authenticated with the content. Opened
 * here, on the TDC's machine, with the output key's private half; nothing else can open it.
 */
final class SealedFile {
    private static final long KEY_FILE_MAX = 16 * 1024;

    private SealedFile() {}

    /** What was sealed, once its header is checked against what the manifest says it is. */
    static byte[] open(byte[] sealed, ECPrivateKey key, String name, String runId, String contractId) {
        JWEObject jwe;
        try {
            jwe = JWEObject.parse(new String(sealed, StandardCharsets.US_ASCII).strip());
        } catch (ParseException e) {
            throw new GatewayCommand.Refused(name + " is not a sealed file (JWE): " + e.getMessage());
        }
        if (!JWEAlgorithm.ECDH_ES_A256KW.equals(jwe.getHeader().getAlgorithm())) {
            throw new GatewayCommand.Refused(
                    name + " is sealed with " + jwe.getHeader().getAlgorithm() + ", not ECDH-ES+A256KW");
        }
        Object run = jwe.getHeader().getCustomParam("depa.runId");
        Object contract = jwe.getHeader().getCustomParam("depa.contractId");
        if (!runId.equals(run) || !contractId.equals(contract)) {
            throw new GatewayCommand.Refused(name + " was sealed for run " + run + " of contract " + contract
                    + ", but the manifest says run " + runId + " of contract " + contractId);
        }
        try {
            jwe.decrypt(new ECDHDecrypter(key));
        } catch (JOSEException e) {
            throw new GatewayCommand.Refused("the output key given does not open " + name
                    + " (it was sealed to the job's registered output key): " + e.getMessage());
        }
        return jwe.getPayload().toBytes();
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
