package org.depa.kms.protocol;

import java.util.Objects;

/**
 * What a release JWE is about. Carried twice: as protected header parameters (so a recipient can check them
 * before decrypting, and GCM authenticates them as AAD) and as the encrypted payload.
 *
 * @param datasetId the dataset whose key is the JWE's content encryption key
 * @param runId the run it was released to
 * @param keyId the dataset's keyId on the ledger
 */
public record ReleaseClaims(String datasetId, String runId, String keyId) {
    public ReleaseClaims {
        Objects.requireNonNull(datasetId, "datasetId");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(keyId, "keyId");
    }
}
