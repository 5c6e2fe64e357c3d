package org.depa.kms.bridge;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.util.Base64;
import java.util.Map;
import org.depa.attestation.SnpProduct;
import org.depa.attestation.emulator.SnpEmulator;

/** Makes the emulated chip before the bridge starts and turns the development switch on for its ARK. */
public class EmulatorResource implements QuarkusTestResourceLifecycleManager {
    static final SnpEmulator EMULATOR = SnpEmulator.create(SnpProduct.MILAN);

    @Override
    public Map<String, String> start() {
        try {
            Path pem = Files.createTempFile("emulator-ark", ".pem");
            Files.writeString(pem, pem(EMULATOR.ark().getEncoded()), StandardCharsets.US_ASCII);
            return Map.of(
                    "depa.kms.development-root.enabled", "true",
                    "depa.kms.development-root.certificate", pem.toString(),
                    "depa.kms.development-root.product", "Milan",
                    "depa.kms.tdp-id", "icmr",
                    "depa.kms.nonce-ttl", "PT30S");
        } catch (IOException | CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(byte[] der) {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n-----END CERTIFICATE-----\n";
    }

    @Override
    public void stop() {}
}
