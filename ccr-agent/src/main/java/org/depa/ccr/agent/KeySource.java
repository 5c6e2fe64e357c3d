package org.depa.ccr.agent;

import org.depa.dataset.DatasetKey;
import org.depa.ledger.model.domain.Dataset;

/**
 * How the agent obtains a dataset key: from the dataset's TDP key-release service, which verifies
 * fresh attestation evidence from {@code evidence} and records the release on the ledger before it
 * answers. Implementations throw {@link AgentException} with stage KEY_RELEASE on refusal.
 */
public interface KeySource {
    DatasetKey obtain(Dataset dataset, String runId, EvidenceSource evidence);
}
