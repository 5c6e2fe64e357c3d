package org.depa.ccr.agent;

import java.net.URI;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Objects;
import org.depa.ccr.agent.AgentException.Stage;
import org.depa.dataset.DatasetKey;
import org.depa.kms.protocol.Challenge;
import org.depa.kms.protocol.EphemeralKey;
import org.depa.kms.protocol.KeyReleaseClient;
import org.depa.kms.protocol.KeyReleaseException;
import org.depa.kms.protocol.ReleaseRefusedException;
import org.depa.kms.protocol.ReleaseRequest;
import org.depa.kms.protocol.ReleasedKey;
import org.depa.kms.protocol.ReleasedSpecKey;
import org.depa.kms.protocol.ReportDataBinding;
import org.depa.kms.protocol.RunKeySigner;
import org.depa.kms.protocol.SpecReleaseRequest;
import org.depa.ledger.model.domain.Dataset;

/**
 * Dataset keys from each TDP's kms-bridge, at the endpoint the TDP registered with the dataset:
 * challenge, a fresh report binding the nonce, a new ephemeral key and the run, then the release.
 * The bridge answers only after the ledger committed its key-release record.
 */
public final class BridgeKeySource implements KeySource {
    private final KeyReleaseClient client;

    public BridgeKeySource(KeyReleaseClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public DatasetKey obtain(Dataset dataset, String runId, EvidenceSource evidence, RunKeySigner runKey) {
        URI bridge;
        try {
            bridge = URI.create(dataset.kmsEndpoint());
        } catch (IllegalArgumentException e) {
            throw new AgentException(Stage.KEY_RELEASE, "dataset '" + dataset.id() + "' kmsEndpoint is not a URI", e);
        }
        EphemeralKey key = EphemeralKey.generate();
        try {
            Challenge challenge = client.challenge(bridge, runId);
            byte[] reportData = ReportDataBinding.reportData(challenge.nonceBytes(), key.publicJwk(), runId);
            EvidenceSource.Evidence e = evidence.evidence(reportData);
            ReleasedKey released = client.release(
                    bridge,
                    ReleaseRequest.of(runId, dataset.id(), challenge, e.report(), pem(e.chain()), key, runKey),
                    key);
            try {
                byte[] raw = released.datasetKey();
                try {
                    return DatasetKey.of(raw);
                } finally {
                    java.util.Arrays.fill(raw, (byte) 0);
                }
            } finally {
                released.destroy();
            }
        } catch (ReleaseRefusedException e) {
            throw new AgentException(
                    Stage.KEY_RELEASE,
                    "the bridge of '" + dataset.ownerId() + "' refused dataset '" + dataset.id() + "': "
                            + e.reasonCode() + " " + e.getMessage(),
                    e);
        } catch (KeyReleaseException e) {
            throw new AgentException(
                    Stage.KEY_RELEASE,
                    "no key for dataset '" + dataset.id() + "' from " + bridge + ": " + e.getMessage(),
                    e);
        }
    }

    /**
     * The key of job {@code jobId}'s sealed spec from its TDC's bridge at {@code bridge}, by the same protocol as a
     * dataset key (its own request and purpose); refused is KEY_RELEASE.
     */
    public DatasetKey obtainSpecKey(
            URI bridge, String jobId, String runId, EvidenceSource evidence, RunKeySigner runKey) {
        EphemeralKey key = EphemeralKey.generate();
        try {
            Challenge challenge = client.challenge(bridge, runId);
            byte[] reportData = ReportDataBinding.reportData(challenge.nonceBytes(), key.publicJwk(), runId);
            EvidenceSource.Evidence e = evidence.evidence(reportData);
            ReleasedSpecKey released = client.releaseSpec(
                    bridge,
                    SpecReleaseRequest.of(runId, jobId, challenge, e.report(), pem(e.chain()), key, runKey),
                    key);
            try {
                byte[] raw = released.specKey();
                try {
                    return DatasetKey.of(raw);
                } finally {
                    java.util.Arrays.fill(raw, (byte) 0);
                }
            } finally {
                released.destroy();
            }
        } catch (ReleaseRefusedException e) {
            throw new AgentException(
                    Stage.KEY_RELEASE,
                    "the TDC's bridge refused the spec key of job '" + jobId + "': " + e.reasonCode() + " "
                            + e.getMessage(),
                    e);
        } catch (KeyReleaseException e) {
            throw new AgentException(
                    Stage.KEY_RELEASE, "no spec key for job '" + jobId + "' from " + bridge + ": " + e.getMessage(), e);
        }
    }

    static String pem(java.util.List<X509Certificate> chain) {
        StringBuilder sb = new StringBuilder();
        Base64.Encoder b64 = Base64.getMimeEncoder(64, new byte[] {'\n'});
        for (X509Certificate c : chain) {
            try {
                sb.append("-----BEGIN CERTIFICATE-----\n")
                        .append(b64.encodeToString(c.getEncoded()))
                        .append("\n-----END CERTIFICATE-----\n");
            } catch (CertificateEncodingException ex) {
                throw new AgentException(Stage.ATTESTATION, "certificate does not encode", ex);
            }
        }
        return sb.toString();
    }
}
