package org.depa.demo;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where a TDP keeps its encrypted dataset and sample for the clean room and the members: files on
 * this host (the quick start, the one-process paths) or the TDP's own data endpoint of a deployment
 * ({@link DeploymentDataHosting}).
 */
interface DatasetHosting {
    /**
     * The locations to register, and a line saying where they are.
     *
     * @param encryptedLocation what the clean room downloads and checks against the signed hash
     */
    record Hosted(String encryptedLocation, String sampleLocation, String where) {}

    /**
     * @param ciphertext the TDP's encrypted table
     * @param prepared the prepared (pseudonymised) table, from which the sample comes
     */
    Hosted host(String tdpBaseId, String datasetId, Path ciphertext, Path prepared) throws IOException;

    /**
     * Where the TDC keeps its sealed spec for the clean room ({@code sealedSpecUri}): here a {@code file:} location
     * on this host (the quick start's one process); a deployment publishes it on the TDC's own endpoint.
     *
     * @param tdcBaseId the TDC's base id (its endpoint in a deployment)
     * @param specId the name the sealed spec is published under
     */
    default Hosted hostSealedSpec(String tdcBaseId, String specId, Path sealed) throws IOException {
        return new Hosted(sealed.toAbsolutePath().toUri().toString(), null, "file: location on this host");
    }

    /** {@code file:} locations on this host; the prepared table is its own sample (as before endpoints). */
    static DatasetHosting localFiles() {
        return (tdp, id, ciphertext, prepared) -> new Hosted(
                ciphertext.toAbsolutePath().toUri().toString(),
                prepared.toAbsolutePath().toUri().toString(),
                "file: location on this host");
    }
}
