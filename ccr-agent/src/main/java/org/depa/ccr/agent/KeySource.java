package org.depa.ccr.agent;

import org.depa.dataset.DatasetKey;
import org.depa.kms.protocol.RunKeySigner;
import org.depa.ledger.model.domain.Dataset;

/**
 * How the agent obtains a dataset key: from the dataset's TDP key-release service, which verifies
 * fresh attestation evidence from {@code evidence} and records the release on the ledger before it
 * answers; the request is signed with {@code runKey}, the run key the start report bound, and the
 * evidence must come from the chip that started the run. Implementations throw {@link
 * AgentException} with stage KEY_RELEASE on refusal.
 */
public interface KeySource {
    DatasetKey obtain(Dataset dataset, String runId, EvidenceSource evidence, RunKeySigner runKey);
}
