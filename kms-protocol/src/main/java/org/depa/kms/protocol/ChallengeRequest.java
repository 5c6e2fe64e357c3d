package org.depa.kms.protocol;

import java.util.Objects;

/**
 * What a clean room sends to ask for a nonce: the run the release will be for. The bridge issues a challenge only
 * for a run that is STARTED on the ledger, binds the nonce to that run (a release for another run is refused as
 * {@link RefusalCode#NONCE_UNKNOWN}) and counts it against that run's and the caller's quotas.
 *
 * @param runId the ledger run
 */
public record ChallengeRequest(String runId) {
    public ChallengeRequest {
        Objects.requireNonNull(runId, "runId");
    }
}
