package org.depa.kms.bridge.service;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.util.Map;
import org.depa.kms.bridge.EmulatedCcr;

/** Turns the development switch on, before the bridge starts, for the ARK of the emulated clean rooms' chip. */
public class EmulatorResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        try {
            Path pem = Files.createTempFile("emulator-ark", ".pem");
            Files.writeString(pem, EmulatedCcr.pem(EmulatedCcr.CHIP.ark().getEncoded()), StandardCharsets.US_ASCII);
            return Map.of(
                    "depa.kms.development-root.enabled", "true",
                    "depa.kms.development-root.certificate", pem.toString(),
                    "depa.kms.development-root.product", "Milan",
                    "depa.kms.party-id", "icmr",
                    "depa.kms.nonce-ttl", "PT30S");
        } catch (IOException | CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {}
}
